"""SQLAlchemy ORM models. Every schema change also needs an Alembic revision.

``tests/server/test_server_migrations.py`` fails when these models and the migrations drift.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Integer, MetaData, String, Text, TypeDecorator, false, text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints make later ALTERs (and SQLite batch rebuilds) deterministic
# on every backend, instead of relying on names the database invents.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

RECEIPT_PREFIX = "P-"


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always stored in UTC and always read back as aware UTC.

    SQLite has no time-zone type and returns naive values; PostgreSQL returns aware
    ones. This decorator makes both look the same to the rest of the code.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Refuse naive datetimes (ambiguous) and normalise aware ones to UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """Attach UTC to naive values read from SQLite."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base carrying the naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Petition(Base):
    """A citizen's petition or proposal."""

    __tablename__ = "petitions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="open")
    agree_count: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    # Demo rows are seeded for first-run exploration and must never be mistaken for real ones.
    demo: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    @property
    def number(self) -> str:
        """Human receipt number, e.g. ``P-000042``; derived from the id so it never changes."""
        return f"{RECEIPT_PREFIX}{self.id:06d}"


class IdempotencyRecord(Base):
    """The stored outcome of a write made with an ``Idempotency-Key`` header.

    Shared by every idempotent write (petitions now, payments later): ``scope`` says
    which operation the key was used for and ``request_hash`` what was asked.
    """

    __tablename__ = "idempotency_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The unique constraint is what makes concurrent duplicates safe: the loser's
    # INSERT fails and it replays the winner's response.
    key: Mapped[str] = mapped_column(String(255), unique=True)
    scope: Mapped[str] = mapped_column(String(64))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response_body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SeedRun(Base):
    """Marks a named seed data set as applied, so it is seeded once per database."""

    __tablename__ = "seed_runs"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
