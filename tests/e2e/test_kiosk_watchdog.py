"""The real client under its watchdog: `metaverse-seoul --kiosk --offscreen` is restarted after it is killed.

Waits are bounded polls on the heartbeat file (the client writes "<pid> <count>" there from its frame
loop), with deadlines generous enough for a slow software renderer.
"""
import os
import signal
import subprocess
import time

import pytest

from client.kiosk_watchdog import read_beat
from tests.conftest import client_command

DEADLINE_S = 300.0


def wait_for(condition, what, proc):
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if proc.poll() is not None:
            pytest.fail(f"the watchdog ended (code {proc.returncode}) while waiting for {what}")
        time.sleep(0.1)
    pytest.fail(f"gave up waiting for {what}")


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_killed_kiosk_client_is_restarted_by_its_watchdog(tmp_path):
    env = dict(os.environ, METAVERSE_SEOUL_HOME=str(tmp_path / "home"), XDG_RUNTIME_DIR=str(tmp_path / "run"))
    # A long hang timeout: on a software renderer, opening the plaza can hold the frame loop for a while.
    proc = subprocess.Popen(client_command("--kiosk", "--offscreen", "--set", "kiosk.hang_timeout_s=120"),
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    heartbeat = tmp_path / "run" / "metaverse-seoul" / f"heartbeat-{proc.pid}"
    try:
        def beating(other_than=None):
            beat = read_beat(heartbeat)
            return beat if beat is not None and beat[0] != other_than and beat[1] >= 2 else None

        first_pid, _ = wait_for(beating, "the client's heartbeat", proc)
        assert first_pid != proc.pid, "the client runs as a child of the watchdog"
        os.kill(first_pid, signal.SIGKILL)
        second_pid, _ = wait_for(lambda: beating(other_than=first_pid), "a restarted client's heartbeat", proc)
        assert not alive(first_pid) or _is_zombie(first_pid)
        assert alive(second_pid)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            out, _ = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
    assert "exited with code -9" in out and "restart 1" in out, out[-3000:]
    assert proc.returncode == 128 + signal.SIGTERM
    assert not alive(second_pid), "stopping the watchdog stops its client"
    assert not heartbeat.exists()


def _is_zombie(pid):
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split(")")[-1].split()[0] == "Z"
    except OSError:
        return False
