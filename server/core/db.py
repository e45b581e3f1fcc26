"""Engine and session factory, one pair per app instance (kept on ``app.state.db``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import anyio.to_thread
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from server.core.checkpointer import Checkpointer
from server.core.config import ServerSettings
from server.core.driver_sql import DriverConnection, StatementCache
from server.core.writer import SqliteWriter

T = TypeVar("T")


class Database:
    """Owns an engine and its session factory; ``dispose()`` closes pooled connections."""

    def __init__(self, url: str, *, sqlite_busy_timeout_s: float = 15.0, pool_size: int = 20,
                 max_overflow: int = 30, checkpoint_interval_s: float = 1.0) -> None:
        self.url = make_url(url)
        # Sync routes run on AnyIO's 40 worker threads and each holds a connection; a pool
        # smaller than that can deadlock (threads waiting for connections whose release needs
        # a free thread), so pool_size + max_overflow must stay above 40.
        options: dict[str, Any] = {"pool_size": pool_size, "max_overflow": max_overflow}
        if self.is_sqlite:
            # pysqlite's ``timeout`` is SQLite's busy timeout: concurrent writers wait for
            # the lock instead of failing at once with "database is locked".
            options["connect_args"] = {"timeout": sqlite_busy_timeout_s}
        else:
            # Remote servers drop idle connections; test them before use.
            options["pool_pre_ping"] = True
        self.engine: Engine = create_engine(self.url, **options)
        # A file database in WAL mode is checkpointed in the background, never inside a commit.
        self._checkpointer: Checkpointer | None = None
        if self.is_sqlite:
            in_memory = self.url.database in (None, "", ":memory:")
            event.listen(self.engine, "connect", _sqlite_pragmas(checkpoint_in_commits=in_memory))
            if not in_memory:
                self._checkpointer = Checkpointer(self.engine, Path(self.url.database), checkpoint_interval_s)
        # expire_on_commit=False lets routes serialise rows after committing them.
        self.session_factory: sessionmaker[Session] = sessionmaker(self.engine, expire_on_commit=False)
        self.statements = StatementCache(self.engine.dialect)
        self._writer = SqliteWriter(self.engine, self.statements) if self.is_sqlite else None

    @property
    def is_sqlite(self) -> bool:
        """True for any SQLite URL (file or memory)."""
        return self.url.get_backend_name() == "sqlite"

    @classmethod
    def from_settings(cls, settings: ServerSettings) -> Database:
        """Build the database described by ``settings`` (no connection is made yet)."""
        return cls(
            settings.resolved_database_url(),
            sqlite_busy_timeout_s=settings.sqlite_busy_timeout_s,
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_max_overflow,
        )

    async def run_write(self, fn: Callable[[DriverConnection], T]) -> T:
        """Run one short read-then-write unit ``fn(connection)``; ``fn`` commits its own work.

        ``connection`` runs Core statements on the driver's cursor (server/core/driver_sql.py).

        SQLite has one writer at a time: there the units of this process run one after another,
        on the event loop itself while the write lock is free and on one writer thread while
        another connection or process holds it (see server/core/writer.py). A unit may therefore
        run twice from the start; what it commits before its main write must be harmless to
        repeat. PostgreSQL locks rows, so there each unit runs on the thread pool with a pooled
        connection and nothing is serialised.
        """
        if self._writer is not None:
            return await self._writer.run(fn)
        return await anyio.to_thread.run_sync(self._run_pooled, fn)

    def _run_pooled(self, fn: Callable[[DriverConnection], T]) -> T:
        # Back in the pool, SQLAlchemy rolls back whatever the unit left open.
        with self.engine.connect() as conn:
            return fn(DriverConnection(conn, self.statements))

    def dispose(self) -> None:
        """Stop the writer thread and close every pooled connection; the object must not be used afterwards."""
        if self._writer is not None:
            self._writer.stop()
        if self._checkpointer is not None:
            self._checkpointer.stop()
        self.engine.dispose()


def _sqlite_pragmas(*, checkpoint_in_commits: bool) -> Callable[[Any, Any], None]:
    """The per-connection pragmas, as a connect listener."""

    def configure(dbapi_connection: Any, _record: Any) -> None:
        """WAL lets readers proceed while one writer commits, which is what a threaded server
        needs; foreign keys are off by default in SQLite and later tables rely on them."""
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            # NORMAL is the setting SQLite recommends with WAL: no corruption on power loss, at most
            # the last transactions lost; FULL would fsync every commit. PostgreSQL is for durability.
            cursor.execute("PRAGMA synchronous=NORMAL")
            if not checkpoint_in_commits:
                cursor.execute("PRAGMA wal_autocheckpoint=0")  # the Checkpointer's thread does it
        finally:
            cursor.close()

    return configure
