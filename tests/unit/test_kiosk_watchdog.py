"""The kiosk watchdog's mechanics with a stand-in child that heartbeats like the client (no Panda3D).

Every wait is a bounded poll for the condition (a new child beating, a restart recorded), never a
sleep standing in for it; the deadlines are generous because CI machines are slow and shared.
"""
import os
import signal
import sys
import threading
import time

import pytest
import yaml

from client.cli import build_parser, settings_overrides, wants_watchdog
from client.kiosk_watchdog import Backoff, Heartbeat, Supervisor, child_command, read_beat
from tests.conftest import ROOT

DEADLINE_S = 60.0
CHILD = """
import os, sys, time
sys.path.insert(0, {root!r})
from client.kiosk_watchdog import Heartbeat
mode, path = sys.argv[1], sys.argv[2]
if mode == "crash":
    sys.exit(3)
if mode == "usage":
    sys.exit(2)
while mode == "silent":  # started but never reaches its frame loop
    time.sleep(0.05)
beat = Heartbeat(path, interval_s=0.05)
while True:
    if beat.beat() and mode == "exit0" and beat.count >= 3:
        sys.exit(0)
    time.sleep(0.01)  # the stand-in's frame pacing
"""


def wait_for(condition, what):
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    pytest.fail(f"gave up waiting for {what}")


@pytest.fixture
def watch(tmp_path):
    """Start a Supervisor over the stand-in child in a thread; stopped and joined afterwards."""
    script = tmp_path / "child.py"
    script.write_text(CHILD.format(root=str(ROOT)), encoding="utf-8")
    started = []

    def start(mode, **options):
        beat = tmp_path / "heartbeat"
        sup = Supervisor([sys.executable, str(script), mode, str(beat)], beat, **options)
        result = {}
        thread = threading.Thread(target=lambda: result.setdefault("code", sup.run()), daemon=True)
        thread.start()
        started.append((sup, thread))
        return sup, thread, result

    yield start
    for sup, thread in started:
        sup.stop()
        thread.join(DEADLINE_S)
        assert not thread.is_alive()


def beating_pid(sup, other_than=None):
    beat = read_beat(sup.heartbeat)
    if beat is not None and beat[0] != other_than and sup.child is not None and beat[0] == sup.child.pid:
        return beat[0]
    return None


def test_a_killed_child_is_restarted(watch):
    sup, _, _ = watch("run", backoff=Backoff(first_s=0.05))
    first = wait_for(lambda: beating_pid(sup), "the first child's heartbeat")
    os.kill(first, signal.SIGKILL)
    second = wait_for(lambda: beating_pid(sup, other_than=first), "a new child's heartbeat")
    assert second != first
    assert [(r.reason, r.code) for r in sup.restarts] == [("exit", -signal.SIGKILL)]


def test_a_hung_child_is_killed_and_restarted(watch):
    sup, _, _ = watch("run", hang_timeout_s=1.0, term_grace_s=0.5, backoff=Backoff(first_s=0.05))
    first = wait_for(lambda: beating_pid(sup), "the first child's heartbeat")
    hung = sup.child
    os.kill(first, signal.SIGSTOP)  # alive but its heartbeat stops, like a stuck frame loop
    wait_for(lambda: beating_pid(sup, other_than=first), "a new child's heartbeat")
    assert hung.poll() is not None, "the hung child is gone, not left behind"
    assert [r.reason for r in sup.restarts] == ["hang"]


def test_a_child_that_never_beats_counts_as_hung(watch):
    sup, _, _ = watch("silent", startup_timeout_s=1.0, term_grace_s=0.5, backoff=Backoff(first_s=0.05))
    wait_for(lambda: sup.restarts, "a restart")
    assert sup.restarts[0].reason == "hang"


def test_a_clean_exit_stops_the_watchdog(watch):
    sup, thread, result = watch("exit0")
    thread.join(DEADLINE_S)
    assert result == {"code": 0}
    assert sup.restarts == []
    assert not sup.heartbeat.exists()


def test_a_usage_error_stops_the_watchdog_instead_of_looping(watch):
    sup, thread, result = watch("usage")
    thread.join(DEADLINE_S)
    assert result == {"code": 2} and sup.restarts == []


def test_instant_crashes_back_off_doubling_to_the_cap(watch):
    sup, _, _ = watch("crash", backoff=Backoff(first_s=0.01, max_s=0.08))
    wait_for(lambda: len(sup.restarts) >= 6, "six restarts")
    assert [r.delay_s for r in sup.restarts[:6]] == [0.01, 0.02, 0.04, 0.08, 0.08, 0.08]
    assert all(r.code == 3 for r in sup.restarts[:6])


def test_backoff_resets_after_a_long_run():
    backoff = Backoff(first_s=1, max_s=30, reset_after_s=60)
    assert [backoff.after_run(0.1) for _ in range(7)] == [1, 2, 4, 8, 16, 30, 30]
    assert backoff.after_run(61) == 1
    assert backoff.after_run(2) == 2


def test_heartbeat_writes_its_pid_at_most_every_interval(tmp_path):
    now = [0.0]
    beat = Heartbeat(tmp_path / "hb", interval_s=0.25, clock=lambda: now[0])
    assert beat.beat()
    assert not beat.beat()
    now[0] = 0.3
    assert beat.beat()
    assert read_beat(tmp_path / "hb") == (os.getpid(), 2)
    assert list(tmp_path.iterdir()) == [tmp_path / "hb"], "nothing else is left in the runtime folder"


def test_the_child_is_the_same_client_marked_supervised_with_its_heartbeat(tmp_path):
    beat = tmp_path / 'odd "dir"' / "heartbeat-1"
    cmd = child_command(["--kiosk", "--lang", "en"], beat, "python3")
    assert cmd[:3] == ["python3", "-m", "client"]
    args = build_parser().parse_args(cmd[3:])
    assert args.kiosk and args.supervised and not wants_watchdog(args)
    assert settings_overrides(args)["kiosk.heartbeat_file"] == str(beat)
    assert yaml.safe_load(cmd[-1].partition("=")[2]) == str(beat)


@pytest.mark.parametrize("argv, watched", [
    (["--kiosk"], True),
    (["--kiosk", "--offscreen"], True),
    (["--kiosk", "--no-watchdog"], False),
    (["--kiosk", "--frames", "10"], False),
    (["--kiosk", "--scenario", "x.yaml"], False),
    ([], False),
])
def test_only_a_kiosk_run_for_people_goes_under_the_watchdog(argv, watched):
    assert wants_watchdog(build_parser().parse_args(argv)) is watched
