"""Sliding-window rate limits counted in the database, so every worker process agrees."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from server.core.errors import APIError
from server.models import RateEvent


def recent(session: Session, bucket: str, *, window_s: int, now: datetime) -> tuple[int, datetime | None]:
    """How many events ``bucket`` has in the window ending ``now``, and the oldest one's time."""
    since = now - timedelta(seconds=window_s)
    count, oldest = session.execute(
        select(func.count(), func.min(RateEvent.created_at)).where(
            RateEvent.bucket == bucket, RateEvent.created_at > since
        )
    ).one()
    return int(count), oldest


def check(session: Session, bucket: str, *, limit: int, window_s: int, now: datetime, what: str) -> None:
    """Raise 429 ``rate_limited`` (with Retry-After) when ``bucket`` is at its limit."""
    count, oldest = recent(session, bucket, window_s=window_s, now=now)
    if count < limit:
        return
    retry = window_s
    if oldest is not None:
        retry = max(1, math.ceil((oldest + timedelta(seconds=window_s) - now).total_seconds()))
    raise APIError(
        429,
        "rate_limited",
        f"Too many {what}; try again in {retry} seconds",
        headers={"Retry-After": str(retry)},
    )


def record(session: Session, bucket: str, *, now: datetime) -> None:
    """Count one event in ``bucket`` (the caller commits)."""
    session.add(RateEvent(bucket=bucket, created_at=now))


def purge(session: Session, *, older_than: datetime) -> None:
    """Forget events that no window can reach any more."""
    session.execute(delete(RateEvent).where(RateEvent.created_at < older_than))
