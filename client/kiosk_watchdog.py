"""Keeps a kiosk's client running: restarts it when it crashes, is killed or hangs. Pure Python.

`metaverse-seoul --kiosk` runs :func:`supervise`, a small parent process that never imports Panda3D,
and the client runs as its child with ``--supervised`` and ``kiosk.heartbeat_file`` set. The child
proves it is alive from its frame loop with a :class:`Heartbeat`: about four times a second it
replaces a small file with ``"<pid> <count>"`` (nothing personal). The file lives in a runtime folder
($XDG_RUNTIME_DIR, a RAM disk on most Linux kiosks, else the temp folder) so the beats never wear a
disk. The parent restarts the child when

- it exits with anything but 0 (a crash, a signal) or 2 (a usage error: restarting cannot fix the
  settings, so the watchdog stops and says so);
- its beat is older than ``kiosk.hang_timeout_s`` (a hung frame loop), or it has not beaten at all
  within ``startup_timeout_s``: the child gets SIGTERM, then SIGKILL after a grace period.

An exit code of 0 comes only from the admin exit behind the PIN, and stops the watchdog too.
Restarts back off (1 s doubling to 30 s, back to 1 s after a minute up), so a client that dies at
once does not spin the CPU. Each restart is logged with the exit code, uptime and delay only.
"""
from __future__ import annotations

import logging
import os
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

log = logging.getLogger("metaverse_seoul.watchdog")

EXIT_OK, EXIT_USAGE = 0, 2
SUPERVISED_FLAG = "--supervised"
BEAT_INTERVAL_S = 0.25


def runtime_dir(environ: dict[str, str] | None = None) -> Path:
    """A private folder for the heartbeat: $XDG_RUNTIME_DIR/metaverse-seoul, else one in the temp folder."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_RUNTIME_DIR")
    folder = Path(base) / "metaverse-seoul" if base else Path(tempfile.gettempdir()) / f"metaverse-seoul-{os.getuid()}"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def heartbeat_path(supervisor_pid: int, environ: dict[str, str] | None = None) -> Path:
    """Where the child of the watchdog with process id ``supervisor_pid`` beats."""
    return runtime_dir(environ) / f"heartbeat-{supervisor_pid}"


def read_beat(path: Path) -> tuple[int, int] | None:
    """(pid, count) from a heartbeat file, or None when it is missing or not (yet) a beat."""
    try:
        pid, count = path.read_text(encoding="ascii").split()
        return int(pid), int(count)
    except (OSError, ValueError):
        return None


class Heartbeat:
    """The child's side: call :meth:`beat` every frame; it writes at most every ``interval_s``."""

    def __init__(self, path: Path | str, interval_s: float = BEAT_INTERVAL_S, clock: Callable[[], float] = time.monotonic):
        self.path = Path(path)
        self.interval_s = interval_s
        self.clock = clock
        self.count = 0
        self._last = float("-inf")
        self._partial = self.path.with_name(self.path.name + f".{os.getpid()}.partial")

    def beat(self) -> bool:
        """Write a beat if the last one is old enough; True when one was written."""
        now = self.clock()
        if now - self._last < self.interval_s:
            return False
        self._last = now
        self.count += 1
        try:
            # Replaced whole, so the parent never reads half a beat.
            self._partial.write_text(f"{os.getpid()} {self.count}\n", encoding="ascii")
            os.replace(self._partial, self.path)
        except OSError as exc:  # a full or vanished runtime folder must not stop the kiosk; the parent will notice
            log.warning("heartbeat not written: %s", exc.strerror)
            return False
        return True


class Backoff:
    """Delay before each restart: ``first_s`` doubling to ``max_s``; reset after ``reset_after_s`` up."""

    def __init__(self, first_s: float = 1.0, max_s: float = 30.0, reset_after_s: float = 60.0):
        self.first_s, self.max_s, self.reset_after_s = first_s, max_s, reset_after_s
        self._next = first_s

    def after_run(self, uptime_s: float) -> float:
        """The delay before restarting a child that ran for ``uptime_s`` seconds."""
        if uptime_s >= self.reset_after_s:
            self._next = self.first_s
        delay = self._next
        self._next = min(self.max_s, self._next * 2)
        return delay


@dataclass
class Restart:
    """One restart, as logged: why, the exit code (None for a hang), the uptime and the delay."""

    reason: str  # "exit" or "hang"
    code: int | None
    uptime_s: float
    delay_s: float


@dataclass
class Supervisor:
    """Runs ``command`` as a child and restarts it as the module docstring says; see :meth:`run`."""

    command: Sequence[str]
    heartbeat: Path
    hang_timeout_s: float = 10.0
    startup_timeout_s: float = 120.0
    term_grace_s: float = 3.0
    backoff: Backoff = field(default_factory=Backoff)
    poll_s: float = 0.1
    restarts: list[Restart] = field(default_factory=list)
    child: subprocess.Popen | None = None
    _stop: threading.Event = field(default_factory=threading.Event)

    def stop(self) -> None:
        """Ask :meth:`run` to end the child and return (from a signal handler or another thread)."""
        self._stop.set()

    def run(self) -> int:
        """Run the child until it exits 0 or 2, or :meth:`stop` is called; returns that code (0 on stop)."""
        try:
            while not self._stop.is_set():
                reason, code, uptime = self._run_once()
                if reason == "stopped":
                    return EXIT_OK
                if reason == "exit" and code in (EXIT_OK, EXIT_USAGE):
                    log.info("client exited with code %s; watchdog stops", code)
                    return code
                delay = self.backoff.after_run(uptime)
                self.restarts.append(Restart(reason, code, uptime, delay))
                what = "hung (no heartbeat)" if reason == "hang" else f"exited with code {code}"
                log.warning("client %s after %.1f s; restart %d in %.0f s", what, uptime, len(self.restarts), delay)
                self._stop.wait(delay)
            return EXIT_OK
        finally:
            self.heartbeat.unlink(missing_ok=True)

    def _run_once(self) -> tuple[str, int | None, float]:
        """Start one child and watch it; returns (reason, exit code, seconds it ran)."""
        self.heartbeat.unlink(missing_ok=True)  # a stale beat must not count for the new child
        started = time.monotonic()
        child = self.child = subprocess.Popen(list(self.command))
        log.info("client started (pid %d)", child.pid)
        last_beat, last_seen = started, None
        while True:
            code = child.poll()
            now = time.monotonic()
            if code is not None:
                return "exit", code, now - started
            if self._stop.is_set():
                self._end(child)
                return "stopped", None, now - started
            beat = read_beat(self.heartbeat)
            if beat is not None and beat[0] == child.pid and beat != last_seen:
                last_beat, last_seen = now, beat
            limit = self.hang_timeout_s if last_seen is not None else self.startup_timeout_s
            if now - last_beat > limit:
                self._end(child)
                return "hang", None, now - started
            self._stop.wait(self.poll_s)

    def _end(self, child: subprocess.Popen) -> None:
        """SIGTERM, then SIGKILL after the grace period (a stopped or hung child ignores SIGTERM)."""
        child.terminate()
        try:
            child.wait(self.term_grace_s)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def child_command(argv: Sequence[str], heartbeat: Path, python: str) -> list[str]:
    """The client's own command line for the child: the same flags, marked supervised, with its heartbeat file."""
    # JSON quoting is valid YAML, so any path survives --set's YAML parsing unchanged.
    quoted = '"' + str(heartbeat).replace("\\", "\\\\").replace('"', '\\"') + '"'
    return [python, "-m", "client", *argv, SUPERVISED_FLAG, "--set", f"kiosk.heartbeat_file={quoted}"]


def supervise(argv: Sequence[str], hang_timeout_s: float, python: str) -> int:
    """Run the client (``argv`` as given to metaverse-seoul) under a Supervisor until it exits 0.

    SIGTERM and SIGINT end the child and the watchdog (e.g. systemd stopping the kiosk service)."""
    supervisor = Supervisor(child_command(argv, heartbeat_path(os.getpid()), python), heartbeat_path(os.getpid()),
                            hang_timeout_s=hang_timeout_s)
    received: list[int] = []

    def on_signal(signum, _frame) -> None:
        received.append(signum)
        supervisor.stop()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        code = supervisor.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 128 + received[0] if received else code
