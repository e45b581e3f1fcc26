"""Sliding-window rate limits counted in the database, so every worker process agrees."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import Insert, Integer, Table, bindparam, delete, func, insert, select
from sqlalchemy.orm import Session

from server.core.driver_sql import DriverConnection
from server.core.errors import APIError
from server.models import RateEvent

_EVENTS = RateEvent.__table__


def limited_insert(table: Table, columns: Sequence[str], *, key: str, at: str) -> Insert:
    """An INSERT of one row into ``table`` that happens only while fewer than ``p_limit`` rows
    have ``key`` = ``p_key`` and ``at`` > ``p_since``: a check and a count in one statement.

    Values are bound as ``v_<column>``. Two concurrent requests cannot both pass a check made
    before either was counted, and the count stops at ``p_limit`` rows, so a busy key costs no
    more than a quiet one. Build it once and execute it with those parameters (a statement built
    per request costs more than SQLite's work). It returns the new row's primary key; no row
    means the limit was reached. (RETURNING rather than the row count: SQLAlchemy does not
    promise a row count for INSERT, and with psycopg it reports -1.)
    """
    key_column, at_column = table.c[key], table.c[at]
    in_window = (
        select(key_column)
        .where(key_column == bindparam("p_key"), at_column > bindparam("p_since"))
        .limit(bindparam("p_limit", type_=Integer()))
        .subquery()
    )
    counted = select(func.count()).select_from(in_window).scalar_subquery()
    row = select(*(bindparam(f"v_{name}", type_=table.c[name].type) for name in columns))
    return (insert(table).from_select(list(columns), row.where(counted < bindparam("p_limit")))
            .returning(*table.primary_key.columns))


def retry_after(db: Session | DriverConnection, table: Table, *, key: str, at: str, key_value: object, window_s: int,
                now: datetime, what: str) -> APIError:
    """The 429 answer for a key at its limit, with Retry-After: when its oldest row leaves the window."""
    oldest = db.scalar(select(func.min(table.c[at])).where(
        table.c[key] == key_value, table.c[at] > now - timedelta(seconds=window_s)))
    return _limited(oldest, window_s=window_s, now=now, what=what)


_TAKE = limited_insert(_EVENTS, ["bucket", "created_at"], key="bucket", at="created_at")


def recent(db: Session | DriverConnection, bucket: str, *, window_s: int, now: datetime) -> tuple[int, datetime | None]:
    """How many events ``bucket`` has in the window ending ``now``, and the oldest one's time."""
    since = now - timedelta(seconds=window_s)
    count, oldest = db.execute(
        select(func.count(), func.min(RateEvent.created_at)).where(
            RateEvent.bucket == bucket, RateEvent.created_at > since
        )
    ).one()
    return int(count), oldest


def _limited(oldest: datetime | None, *, window_s: int, now: datetime, what: str) -> APIError:
    """The 429 answer, with Retry-After: when the oldest event in the window leaves it."""
    retry = window_s
    if oldest is not None:
        retry = max(1, math.ceil((oldest + timedelta(seconds=window_s) - now).total_seconds()))
    return APIError(
        429,
        "rate_limited",
        f"Too many {what}; try again in {retry} seconds",
        headers={"Retry-After": str(retry)},
    )


def check(db: Session | DriverConnection, bucket: str, *, limit: int, window_s: int, now: datetime, what: str) -> None:
    """Raise 429 ``rate_limited`` (with Retry-After) when ``bucket`` is at its limit."""
    count, oldest = recent(db, bucket, window_s=window_s, now=now)
    if count >= limit:
        raise _limited(oldest, window_s=window_s, now=now, what=what)


def record(session: Session, bucket: str, *, now: datetime) -> None:
    """Count one event in ``bucket`` (the caller commits)."""
    session.add(RateEvent(bucket=bucket, created_at=now))


def take(db: Session | DriverConnection, bucket: str, *, limit: int, window_s: int, now: datetime, what: str) -> None:
    """Check and count one event in a single statement, or raise 429 ``rate_limited``.

    See ``limited_insert``. The caller commits; a rollback forgets the event along with the
    rest of the work.
    """
    params = {"p_key": bucket, "p_since": now - timedelta(seconds=window_s), "p_limit": limit,
              "v_bucket": bucket, "v_created_at": now}
    if db.execute(_TAKE, params).first() is None:
        raise retry_after(db, _EVENTS, key="bucket", at="created_at", key_value=bucket, window_s=window_s, now=now,
                          what=what)


def purge(session: Session, *, older_than: datetime) -> None:
    """Forget events that no window can reach any more."""
    session.execute(delete(RateEvent).where(RateEvent.created_at < older_than))
