"""Engine and session factory, one pair per app instance (kept on ``app.state.db``)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from server.core.config import ServerSettings


class Database:
    """Owns an engine and its session factory; ``dispose()`` closes pooled connections."""

    def __init__(self, url: str, *, sqlite_busy_timeout_s: float = 15.0, pool_size: int = 20,
                 max_overflow: int = 30) -> None:
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
        if self.is_sqlite:
            event.listen(self.engine, "connect", _configure_sqlite_connection)
        # expire_on_commit=False lets routes serialise rows after committing them.
        self.session_factory: sessionmaker[Session] = sessionmaker(self.engine, expire_on_commit=False)
        self._sqlite_writer = threading.Lock()

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

    @contextmanager
    def write_connection(self) -> Iterator[Connection]:
        """A connection for one short read-then-write unit of work; the caller commits.

        SQLite has one writer at a time, and a connection that finds the write lock taken
        sleeps in SQLite's busy handler (1, 2, 5, 10 ... 100 ms) before trying again; under
        load the threads of one process starve each other that way and p99 reaches seconds.
        So on SQLite the threads of this process queue on a lock, which is handed over as
        soon as it is free; other processes still meet the busy timeout. PostgreSQL locks
        rows, so nothing is serialised there.
        """
        with self._sqlite_writer if self.is_sqlite else nullcontext(), self.engine.connect() as conn:
            yield conn

    def dispose(self) -> None:
        """Close every pooled connection; the object must not be used afterwards."""
        self.engine.dispose()


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    """Per-connection SQLite pragmas.

    WAL lets readers proceed while one writer commits, which is what a threaded
    server needs; foreign keys are off by default in SQLite and later tables rely on them.
    """
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # NORMAL is the setting SQLite recommends with WAL: no corruption on power loss, at most
        # the last transactions lost; FULL would fsync every commit. PostgreSQL is for durability.
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()
