"""Cross-cutting tables: idempotency records, seed markers and rate-limit events."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, UTCDateTime, utcnow


class IdempotencyRecord(Base):
    """The stored outcome of a write made with an ``Idempotency-Key`` header.

    Shared by every idempotent write (petitions, payments): ``scope`` says which
    operation the key was used for and ``request_hash`` what was asked. ``owner`` keeps
    one citizen's keys apart from another's, so a guessed key never replays someone
    else's response.
    """

    __tablename__ = "idempotency_keys"
    # The unique constraint is what makes concurrent duplicates safe: the loser's
    # INSERT fails and it replays the winner's response.
    __table_args__ = (UniqueConstraint("owner", "key", name="uq_idempotency_keys_owner_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(32), default="", server_default="")
    key: Mapped[str] = mapped_column(String(255))
    scope: Mapped[str] = mapped_column(String(64))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response_body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class SeedRun(Base):
    """Marks a named seed data set as applied, so it is seeded once per database."""

    __tablename__ = "seed_runs"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RateEvent(Base):
    """One counted action (a failed login, a new petition) in a rate-limit bucket.

    Kept in the database, not in process memory, so every worker sees the same counts.
    """

    __tablename__ = "rate_events"
    __table_args__ = (Index("ix_rate_events_bucket_at", "bucket", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bucket: Mapped[str] = mapped_column(String(96))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
