"""The proposal form: checks fields before sending, never blocks a frame, keeps the text when sending fails."""
import socket
import threading
import time

import pytest

from net.api import ApiClient
from net.transport import Transport
from server.embedded import EmbeddedServer


@pytest.fixture
def form(world, app):
    app.states.push("service", service="proposal_form", desk_id="mayors_office")
    app.task_mgr.step()
    state = app.states.current
    assert state.name == "service"
    return state


@pytest.fixture
def silent_server():
    """A real TCP server that accepts connections and never answers: a hung backend."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held, stop = [], threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    listener.close()


def fill(state, title, body):
    state.ui.find("Title", role="entry").widget.enterText(title)
    state.ui.find("Your proposal", role="entry").widget.enterText(body)


def status_text(state):
    return state.ui.widgets["proposal.status"].widget["text"]


def test_empty_title_is_refused_before_sending(form, app):
    fill(form, "", "Some text")
    form.screen.submit()
    assert status_text(form) == "Please enter a title."
    assert app.worker.pending() == 0


def test_formula_like_title_is_refused(form):
    fill(form, "=HYPERLINK(x)", "text")
    form.screen.submit()
    assert "cannot start with" in status_text(form)


def test_frames_keep_coming_while_the_server_hangs_and_the_text_is_kept(form, app, silent_server, monkeypatch):
    hung = ApiClient(Transport(silent_server, connect_timeout=1.0, read_timeout=1.5, retries=0))
    monkeypatch.setattr(form.screen, "api", hung)
    fill(form, "Benches by the fountain", "Older people need places to rest.")
    form.screen.submit()
    assert status_text(form) == "Sending…"
    frame_ms = []
    deadline = time.monotonic() + 10
    while form.screen.sending and time.monotonic() < deadline:
        start = time.perf_counter()
        app.task_mgr.step()
        frame_ms.append((time.perf_counter() - start) * 1000)
        app.worker.wait_finished(0.01)
    assert not form.screen.sending, "the hung call never timed out"
    assert len(frame_ms) > 20 and max(frame_ms) < 100, "a frame waited on the network"
    assert "can't be reached" in status_text(form)
    # Nothing the citizen typed is lost; the same idempotency key is reused on the next try.
    assert form.ui.find("Title", role="entry").widget.get() == "Benches by the fountain"
    assert form.ui.find("Your proposal", role="entry").widget.get() == "Older people need places to rest."


def test_retry_after_failure_files_once(form, app, tmp_path, monkeypatch):
    with EmbeddedServer(tmp_path / "srv") as server:
        api = ApiClient(Transport(server.url))
        monkeypatch.setattr(form.screen, "api", api)
        fill(form, "Free water fountains", "One at each corner of the lawn.")
        key = form.screen.idempotency_key
        # The first attempt reached the server but the reply was lost: filed once, with this key.
        api.create_petition("Free water fountains", "One at each corner of the lawn.", "other", key)
        form.screen.submit()
        app.worker.wait_finished(10)
        app.task_mgr.step()
        assert "Receipt number P-" in form.ui.widgets["proposal.receipt.number"].widget["text"]
        assert api.list_petitions(q="Free water fountains").total == 1


def test_leaving_while_sending_drops_the_reply(form, app, silent_server, monkeypatch):
    monkeypatch.setattr(form.screen, "api", ApiClient(Transport(silent_server, read_timeout=1.0, retries=0)))
    fill(form, "A title", "A body")
    form.screen.submit()
    app.states.pop()
    app.task_mgr.step()
    app.worker.wait_finished(5)
    app.task_mgr.step()  # the reply arrives after the screen is gone: no callback touches freed widgets
    assert app.states.current.name == "world"
