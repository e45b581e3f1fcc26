"""SQLite's write path: units run in turn, on the loop while the lock is free, else on one writer thread;
WAL checkpoints happen off the commits."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Connection, text

from server.core.config import sqlite_file_url
from server.core.db import Database


@pytest.fixture()
def database(tmp_path: Path):
    db = Database(sqlite_file_url(tmp_path / "w.sqlite3"), checkpoint_interval_s=3600)
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)"))
        conn.execute(text("INSERT INTO counter (id, n) VALUES (1, 0)"))
    yield db
    db.dispose()


def increment(conn: Connection) -> int:
    n = conn.execute(text("SELECT n FROM counter WHERE id = 1")).scalar_one()
    conn.execute(text("UPDATE counter SET n = :n WHERE id = 1"), {"n": n + 1})
    conn.commit()
    return n + 1


def test_concurrent_units_run_one_after_another_and_lose_no_update(database: Database) -> None:
    # Read-then-write units that would lose updates if two ran interleaved.
    async def many() -> list[int]:
        return await asyncio.gather(*(database.run_write(increment) for _ in range(200)))

    results = asyncio.run(many())
    assert sorted(results) == list(range(1, 201))
    with database.engine.connect() as conn:
        assert conn.execute(text("SELECT n FROM counter")).scalar_one() == 200


def test_a_failed_unit_is_rolled_back_and_the_caller_gets_its_error(database: Database) -> None:
    def half_done(conn: Connection) -> None:
        conn.execute(text("UPDATE counter SET n = 999 WHERE id = 1"))
        raise LookupError("refused after writing")

    async def run() -> tuple[BaseException | int, ...]:
        return tuple(await asyncio.gather(database.run_write(half_done), database.run_write(increment),
                                          return_exceptions=True))

    failed, next_unit = asyncio.run(run())
    assert isinstance(failed, LookupError) and "refused after writing" in str(failed)
    # The next unit saw none of the failed unit's uncommitted write.
    assert next_unit == 1


def test_a_unit_runs_on_the_loop_on_a_connection_that_never_waits_for_the_lock(database: Database) -> None:
    def where(conn: Connection) -> tuple[str, int]:
        return threading.current_thread().name, conn.execute(text("PRAGMA busy_timeout")).scalar_one()

    async def run() -> set[tuple[str, int]]:
        return set(await asyncio.gather(*(database.run_write(where) for _ in range(20))))

    # No hand-over while the lock is free; and a held lock can never stall the loop.
    assert asyncio.run(run()) == {(threading.current_thread().name, 0)}


@contextmanager
def write_lock_held(path: Path) -> Iterator[sqlite3.Connection]:
    """Another connection holding SQLite's write lock until the block ends (or ``COMMIT``)."""
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield other
    finally:
        if other.in_transaction:
            other.execute("COMMIT")
        other.close()


def test_a_unit_refused_the_lock_waits_on_the_writer_thread_while_the_loop_goes_on(
        database: Database, tmp_path: Path) -> None:
    attempts: list[str] = []
    on_writer = threading.Event()

    def unit(conn: Connection) -> int:
        attempts.append(threading.current_thread().name)
        if threading.current_thread().name == "sqlite-writer":
            on_writer.set()
        return increment(conn)

    async def run(other: sqlite3.Connection) -> int:
        task = asyncio.create_task(database.run_write(unit))
        # This coroutine runs on while the unit waits for the lock: the loop is not blocked.
        assert await asyncio.to_thread(on_writer.wait, 60)
        assert not task.done()
        other.execute("COMMIT")
        return await task

    with write_lock_held(tmp_path / "w.sqlite3") as other:
        assert asyncio.run(run(other)) == 1
    # Refused at once on the loop, then run again from the start on the writer thread.
    assert attempts == [threading.current_thread().name, "sqlite-writer"]
    with database.engine.connect() as conn:
        assert conn.execute(text("SELECT n FROM counter")).scalar_one() == 1


def test_commits_never_checkpoint_and_the_checkpointer_empties_the_log(database: Database, tmp_path: Path) -> None:
    with database.engine.connect() as conn:
        assert conn.execute(text("PRAGMA wal_autocheckpoint")).scalar_one() == 0
        for i in range(300):  # well past SQLite's default 1000-page checkpoint threshold
            conn.execute(text("INSERT INTO counter (id, n) VALUES (:id, :n)"), {"id": i + 2, "n": i})
            conn.execute(text("UPDATE counter SET n = n + 1 WHERE id = 1"))
            conn.commit()
        conn.execute(text("CREATE TABLE blob (b BLOB)"))
        conn.execute(text("INSERT INTO blob VALUES (zeroblob(8000000))"))
        conn.commit()
    wal = tmp_path / "w.sqlite3-wal"
    assert wal.stat().st_size > 4_000_000  # nothing was checkpointed inside those commits
    busy, pages, done = database._checkpointer.checkpoint("PASSIVE")
    assert busy == 0 and done == pages > 0
    database.dispose()
    assert not wal.exists() or wal.stat().st_size == 0  # the last checkpoint truncated the log


def test_dispose_stops_the_threads(tmp_path: Path) -> None:
    db = Database(sqlite_file_url(tmp_path / "t.sqlite3"))
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (n INTEGER)"))
    with write_lock_held(tmp_path / "t.sqlite3") as other:
        async def run() -> None:  # a unit refused the lock starts the writer thread
            task = asyncio.create_task(db.run_write(lambda conn: conn.execute(text("INSERT INTO t VALUES (1)"))))
            await asyncio.to_thread(lambda: None)
            other.execute("COMMIT")
            await task

        asyncio.run(run())
    threads = [db._writer.fallback.thread, db._checkpointer._thread]
    assert all(t.is_alive() for t in threads)
    db.dispose()
    assert not any(t.is_alive() for t in threads)
