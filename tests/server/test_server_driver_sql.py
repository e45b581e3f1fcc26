"""DriverConnection runs Core statements on the driver's cursor with SQLAlchemy's results and errors.

Against SQLite in tmp_path, or the database in ``METAVERSE_SEOUL_TEST_DATABASE_URL`` (CI's
PostgreSQL stage), so both dialects' compiled forms and type processing are checked.
"""
from __future__ import annotations

import gc
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from server.core.config import sqlite_file_url
from server.core.db import Database
from server.core.driver_sql import DriverConnection
from server.models.base import UTCDateTime, utcnow
from server_test_support import database_url_from_env


@pytest.fixture()
def table_db(tmp_path: Path) -> Iterator[tuple[Database, Table]]:
    """A database with a fresh table of its own (dropped afterwards on a shared server)."""
    database = Database(database_url_from_env() or sqlite_file_url(tmp_path / "d.sqlite3"), checkpoint_interval_s=3600)
    metadata = MetaData()
    table = Table(f"driver_sql_{uuid.uuid4().hex[:8]}", metadata,
                  Column("id", Integer, primary_key=True),
                  Column("name", String(40), nullable=False, unique=True),
                  Column("status", String(10), nullable=False),
                  Column("at", UTCDateTime(), nullable=False),
                  Column("seen", UTCDateTime(), nullable=True),
                  Column("noted", UTCDateTime(), nullable=False, default=utcnow))
    metadata.create_all(database.engine)
    try:
        yield database, table
    finally:
        metadata.drop_all(database.engine)
        database.dispose()


def driver(database: Database) -> DriverConnection:
    return DriverConnection(database.engine.connect(), database.statements)


AT = datetime(2026, 6, 30, 23, 59, 58, 123456, tzinfo=UTC)


def test_rows_are_what_sqlalchemy_returns_with_typed_values(table_db: tuple[Database, Table]) -> None:
    database, table = table_db
    add = insert(table).returning(table.c.id)
    conn = driver(database)
    first = conn.execute(add, {"name": "a", "status": "open", "at": AT, "seen": None, "noted": AT}).scalar_one()
    # Another zone in, UTC out, as through SQLAlchemy.
    conn.execute(add, {"name": "b", "status": "open", "at": AT.astimezone(timezone(timedelta(hours=9))), "seen": AT,
                       "noted": AT})
    conn.commit()
    query = select(table.c.id.label("row_id"), table.c.name, table.c.at, table.c.seen).where(
        table.c.status == bindparam("p_status")).order_by(table.c.id)

    mine = conn.execute(query, {"p_status": "open"}).all()
    with database.engine.connect() as plain:
        theirs = plain.execute(query, {"p_status": "open"}).all()
    assert [tuple(row) for row in mine] == [tuple(row) for row in theirs]
    assert mine[0].row_id == first and mine[0].name == "a" and mine[0].seen is None
    assert mine[1].at == AT and mine[1].at.tzinfo is not None and mine[1].seen == AT
    assert conn.scalar(select(table.c.name).where(table.c.id == bindparam("p")), {"p": first}) == "a"
    assert conn.scalar(select(table.c.name).where(table.c.id == bindparam("p")), {"p": -1}) is None
    conn.connection.close()


def test_literal_values_in_a_statement_are_sent_beside_the_given_ones(table_db: tuple[Database, Table]) -> None:
    database, table = table_db
    conn = driver(database)
    conn.execute(insert(table), {"name": "c", "status": "unpaid", "at": AT, "noted": AT})
    claim = (update(table).where(table.c.name == bindparam("p_name"), table.c.status == "unpaid")
             .values(status="paid").returning(table.c.id, table.c.status))
    claimed = conn.execute(claim, {"p_name": "c"}).first()
    assert claimed is not None and claimed.status == "paid"
    # The literal "unpaid" in the WHERE clause is what stops a second claim.
    assert conn.execute(claim, {"p_name": "c"}).first() is None
    conn.commit()
    conn.connection.close()


def test_a_unique_violation_is_sqlalchemys_integrity_error_and_rollback_discards_the_unit(
        table_db: tuple[Database, Table]) -> None:
    database, table = table_db
    conn = driver(database)
    row = {"name": "same", "status": "open", "at": AT, "noted": AT}
    conn.execute(insert(table), row)
    assert conn.in_transaction()
    with pytest.raises(IntegrityError) as raised:
        conn.execute(insert(table), row)
    assert raised.value.orig is not None  # the driver's own error stays attached, as from Connection.execute
    conn.rollback()
    assert not conn.in_transaction()
    with database.engine.connect() as plain:
        assert plain.execute(select(table.c.id)).all() == []
    conn.connection.close()


def test_a_statement_that_needs_python_side_defaults_is_refused_by_name(table_db: tuple[Database, Table]) -> None:
    database, table = table_db
    conn = driver(database)
    # ``noted`` has a Python default (utcnow) that only SQLAlchemy's execution would fill in.
    with pytest.raises(ValueError, match="defaults") as raised:
        conn.execute(insert(table), {"name": "d", "status": "open", "at": AT})
    assert table.name in str(raised.value)
    conn.connection.close()


def test_statements_built_for_one_call_are_not_kept(table_db: tuple[Database, Table]) -> None:
    database, table = table_db
    conn = driver(database)
    kept = select(table.c.id).where(table.c.name == bindparam("p"))
    conn.execute(kept, {"p": "x"})
    for n in range(50):
        conn.execute(select(table.c.id).where(table.c.name == bindparam("p")).limit(n + 1), {"p": "x"})
    gc.collect()
    assert len(database.statements) == 1  # only ``kept``, still referenced here
    conn.connection.close()
