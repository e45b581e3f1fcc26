"""Background WAL checkpoints for a SQLite database.

By default SQLite checkpoints inside the commit that grows the write-ahead log past 1000 pages:
that commit copies the pages back into the database file and syncs it while holding the write
lock, so one request in every few hundred waits for a disk sync and every writer queues behind
it. Here request connections never checkpoint (``wal_autocheckpoint=0``); a thread of its own
runs PASSIVE checkpoints, which take no write lock, every ``interval_s`` seconds while the log
file holds anything. Writers go on meanwhile, and the log still stays small.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from sqlalchemy import Engine, text

log = logging.getLogger(__name__)


class Checkpointer:
    """Checkpoints the database file at ``path`` (through ``engine``) from a daemon thread until ``stop()``."""

    def __init__(self, engine: Engine, path: Path, interval_s: float = 1.0) -> None:
        self.engine = engine
        # Looking at the log file first means an idle server, or one whose database does not
        # exist yet, never opens a connection (which would create the file) just to find nothing.
        self.wal = path.with_name(path.name + "-wal")
        self.interval_s = interval_s
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpointer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stopping.wait(self.interval_s):
            try:
                if self._log_holds_pages():
                    self.checkpoint("PASSIVE")
            except Exception:  # noqa: BLE001 - a failed checkpoint is retried next time; never kill the thread
                log.exception("WAL checkpoint failed; retrying in %.1f s", self.interval_s)

    def _log_holds_pages(self) -> bool:
        try:
            return self.wal.stat().st_size > 0
        except FileNotFoundError:
            return False

    def checkpoint(self, mode: str = "PASSIVE") -> tuple[int, int, int]:
        """Run one checkpoint; returns SQLite's (busy, log pages, pages checkpointed)."""
        if mode not in ("PASSIVE", "FULL", "RESTART", "TRUNCATE"):
            raise ValueError(f"unknown checkpoint mode {mode!r}")
        with self.engine.connect() as conn:
            busy, pages, done = conn.execute(text(f"PRAGMA wal_checkpoint({mode})")).one()
            conn.commit()
        return int(busy), int(pages), int(done)

    def stop(self, timeout: float = 10.0) -> None:
        """End the thread, then checkpoint what is left so the log does not outlive the server."""
        self._stopping.set()
        self._thread.join(timeout)
        if not self._log_holds_pages():
            return
        try:
            self.checkpoint("TRUNCATE")
        except Exception:  # noqa: BLE001 - SQLite checkpoints again when the last connection closes
            log.exception("final WAL checkpoint failed")
