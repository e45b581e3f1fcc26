"""SQLite's write path for the busiest routes: on the event loop while the lock is free, else one writer thread.

SQLite takes one writer at a time. When every request thread opened its own connection and
queued on a lock for the write, each hand-over woke another of AnyIO's 40 threads, which then
fought the event loop and the other threads for the GIL between each of its statements: the
write section took three times longer under load than alone (1.4 ms against 0.4 ms for a
payment), and that section bounded the whole server's throughput.

One writer thread fixed the hand-overs but not the fight: the loop and that thread still passed
the GIL back and forth on every unit, and a payment cost 0.95 ms of CPU where the same work done
in turn costs 0.6 ms (benchmarks/backend_throughput.py, py-spy). In WAL mode with
synchronous=NORMAL a commit only appends to the log, without a sync, so a unit (a few indexed
statements, about 0.25 ms) costs the loop less than handing it over does. ``SqliteWriter`` runs
it right there, on a connection whose busy timeout is zero, so the loop never waits for a lock:
if another connection holds the write lock (a thread-pool route's transaction, another worker
process) the unit is rolled back at once and handed to the ``WriterThread``, which waits off
the loop. PostgreSQL locks rows, so there the units run on the thread pool instead.
"""
from __future__ import annotations

import asyncio
import logging
import queue
import sqlite3
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from server.core.driver_sql import DriverConnection, StatementCache

log = logging.getLogger(__name__)

T = TypeVar("T")
_STOP = object()
_BUSY = object()


class SqliteWriter:
    """Runs ``fn(connection)`` units one at a time: inline when the write lock is free, else queued on a thread.

    Units get a ``DriverConnection`` (server/core/driver_sql.py): they run Core statements on the
    driver's cursor.

    A unit commits its own work; whatever it leaves uncommitted (it raised, say) is rolled back
    before the next one starts. A unit refused the lock is run again from the start on the writer
    thread, so what it commits before its main write (a session's last-used time, say) must be
    harmless to commit twice.
    """

    def __init__(self, engine: Engine, statements: StatementCache, name: str = "sqlite-writer") -> None:
        self.engine = engine
        self.statements = statements
        self.fallback = WriterThread(engine, statements, name)
        self._conn: DriverConnection | None = None
        # Held while a unit runs inline: a second event loop (another thread) queues instead of waiting.
        self._inline = threading.Lock()

    async def run(self, fn: Callable[[DriverConnection], T]) -> T:
        """Run ``fn`` and return its result (or raise its exception)."""
        if self._inline.acquire(blocking=False):
            try:
                outcome = self._run_inline(fn)
            finally:
                self._inline.release()
            if outcome is not _BUSY:
                return outcome  # type: ignore[return-value]
        return await self.fallback.run(fn)

    def _run_inline(self, fn: Callable[[DriverConnection], T]) -> T | object:
        conn = self._conn if self._conn is not None else self._connect()
        try:
            return fn(conn)
        except OperationalError as exc:
            if not is_busy(exc):
                raise
            return _BUSY
        finally:
            self._conn = clean(conn)

    def _connect(self) -> DriverConnection:
        conn = self.engine.connect()
        try:
            conn.exec_driver_sql("PRAGMA busy_timeout = 0")
            conn.commit()
        except Exception:
            conn.invalidate()  # never back into the pool with a zero timeout
            conn.close()
            raise
        return DriverConnection(conn, self.statements)

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the queued units and close both connections."""
        self.fallback.stop(timeout)
        with self._inline:
            if self._conn is not None:
                # Dropped, not pooled: a request thread must never get a connection that does not wait.
                self._conn.connection.invalidate()
                self._conn.connection.close()
                self._conn = None


def is_busy(exc: OperationalError) -> bool:
    """True when SQLite refused the lock (SQLITE_BUSY or one of its extended codes)."""
    code = getattr(exc.orig, "sqlite_errorcode", None)
    return code is not None and code & 0xFF == sqlite3.SQLITE_BUSY


def clean(conn: DriverConnection | None) -> DriverConnection | None:
    """Roll back what a unit left open; drop a connection the driver gave up on."""
    if conn is None:
        return None
    try:
        if conn.connection.invalidated:
            conn.connection.close()
            return None
        if conn.in_transaction():
            conn.rollback()
        return conn
    except Exception:  # noqa: BLE001 - a broken connection is replaced on the next unit
        log.exception("writer connection could not be reset; opening a new one")
        conn.connection.invalidate()
        conn.connection.close()
        return None


class WriterThread:
    """Runs ``fn(connection)`` units one after another on a single thread and connection."""

    def __init__(self, engine: Engine, statements: StatementCache, name: str = "sqlite-writer") -> None:
        self.engine = engine
        self.statements = statements
        self._jobs: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._started = False
        self._start_lock = threading.Lock()

    async def run(self, fn: Callable[[DriverConnection], T]) -> T:
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
                    self.thread.start()
                    self._started = True

    def _run(self) -> None:
        conn: DriverConnection | None = None
        while True:
            job = self._jobs.get()
            if job is _STOP:
                break
            fn, loop, future = job
            try:
                if conn is None:
                    conn = DriverConnection(self.engine.connect(), self.statements)
                outcome, failed = fn(conn), False
            except BaseException as exc:  # noqa: BLE001 - handed to the awaiting request as it is
                outcome, failed = exc, True
            conn = clean(conn)
            loop.call_soon_threadsafe(_settle, future, outcome, failed)
        if conn is not None:
            conn.connection.close()

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the queued units, close the connection and end the thread."""
        if self._started:
            self._jobs.put(_STOP)
            self.thread.join(timeout)


def _settle(future: asyncio.Future[Any], outcome: Any, failed: bool) -> None:
    if future.cancelled():  # the client went away; the unit's work stands (it committed or not)
        return
    if failed:
        future.set_exception(outcome)
    else:
        future.set_result(outcome)
