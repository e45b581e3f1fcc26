"""One writer thread per process for SQLite's busiest write routes.

SQLite takes one writer at a time. When every request thread opened its own connection and
queued on a lock for the write, each hand-over woke another of AnyIO's 40 threads, which then
fought the event loop and the other threads for the GIL between each of its statements: the
write section took three times longer under load than alone (1.4 ms against 0.4 ms for a
payment), and that section bounded the whole server's throughput.

Here the routes stay on the event loop and hand their unit of work to one thread that owns one
connection and runs the units back to back. No lock is handed over, no pool is touched and no
request thread is woken; two threads (the loop and the writer) share the GIL instead of forty.
PostgreSQL locks rows, so there the units run on the thread pool with pooled connections.
"""
from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine

log = logging.getLogger(__name__)

T = TypeVar("T")
_STOP = object()


class WriterThread:
    """Runs ``fn(connection)`` units one after another on a single thread and connection.

    A unit commits its own work; whatever it leaves uncommitted (it raised, say) is rolled back
    before the next one starts, so one failed request never leaks into another's transaction.
    """

    def __init__(self, engine: Engine, name: str = "sqlite-writer") -> None:
        self.engine = engine
        self._jobs: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._started = False
        self._start_lock = threading.Lock()

    async def run(self, fn: Callable[[Connection], T]) -> T:
        """Run ``fn`` on the writer's connection and return its result (or raise its exception)."""
        self._ensure_started()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._jobs.put((fn, loop, future))
        return await future

    def _ensure_started(self) -> None:
        if not self._started:
            with self._start_lock:
                if not self._started:
                    self._thread.start()
                    self._started = True

    def _run(self) -> None:
        conn: Connection | None = None
        while True:
            job = self._jobs.get()
            if job is _STOP:
                break
            fn, loop, future = job
            try:
                if conn is None:
                    conn = self.engine.connect()
                outcome, failed = fn(conn), False
            except BaseException as exc:  # noqa: BLE001 - handed to the awaiting request as it is
                outcome, failed = exc, True
            conn = self._clean(conn)
            loop.call_soon_threadsafe(_settle, future, outcome, failed)
        if conn is not None:
            conn.close()

    @staticmethod
    def _clean(conn: Connection | None) -> Connection | None:
        """Roll back what a unit left open; drop a connection the driver gave up on."""
        if conn is None:
            return None
        try:
            if conn.invalidated:
                conn.close()
                return None
            if conn.in_transaction():
                conn.rollback()
            return conn
        except Exception:  # noqa: BLE001 - a broken connection is replaced on the next unit
            log.exception("writer connection could not be reset; opening a new one")
            conn.close()
            return None

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the queued units, close the connection and end the thread."""
        if self._started:
            self._jobs.put(_STOP)
            self._thread.join(timeout)


def _settle(future: asyncio.Future[Any], outcome: Any, failed: bool) -> None:
    if future.cancelled():  # the client went away; the unit's work stands (it committed or not)
        return
    if failed:
        future.set_exception(outcome)
    else:
        future.set_result(outcome)
