"""The worker runs calls off the calling thread and delivers results only through pump()."""
import threading

from net.worker import Worker


def test_results_arrive_on_the_pumping_thread_only():
    worker = Worker()
    release = threading.Event()
    seen = []

    def call():
        release.wait(5)
        return threading.current_thread().name

    worker.submit(call, owner="screen", on_done=lambda name: seen.append((name, threading.current_thread().name)))
    assert worker.pump() == 0 and seen == []  # still running: the caller is not blocked
    release.set()
    assert worker.wait_finished(5)
    assert worker.pump() == 1
    ran_on, delivered_on = seen[0]
    assert ran_on.startswith("net") and delivered_on == threading.current_thread().name
    worker.shutdown()


def test_errors_go_to_on_error():
    worker = Worker()
    errors = []
    worker.submit(lambda: 1 / 0, on_error=errors.append)
    worker.wait_finished(5)
    worker.pump()
    assert isinstance(errors[0], ZeroDivisionError)
    worker.shutdown()


def test_cancelled_owner_gets_no_callback():
    worker = Worker()
    release = threading.Event()
    delivered = []
    owner = object()
    worker.submit(release.wait, 5, owner=owner, on_done=delivered.append)
    worker.submit(lambda: "other", owner="someone else", on_done=delivered.append)
    assert worker.cancel_owner(owner) == 1
    release.set()
    worker.wait_finished(5)
    worker.pump()
    assert delivered == ["other"]
    assert worker.pending() == 0
    worker.shutdown()
