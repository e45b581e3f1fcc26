"""Petitions, their agreements, status history, official answers and reports."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, UTCDateTime, utcnow

RECEIPT_PREFIX = "P-"


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
    author_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), index=True)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    @property
    def number(self) -> str:
        """Human receipt number, e.g. ``P-000042``; derived from the id so it never changes."""
        return f"{RECEIPT_PREFIX}{self.id:06d}"


class PetitionEvent(Base):
    """One step in a petition's status history."""

    __tablename__ = "petition_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Agreement(Base):
    """A citizen's agree on a petition; the unique pair makes a second agree impossible.

    The rows also count a citizen's recent agrees for the rate limit, hence (account, time).
    """

    __tablename__ = "petition_agreements"
    __table_args__ = (
        UniqueConstraint("petition_id", "account_id", name="uq_petition_agreements_pair"),
        Index("ix_petition_agreements_account_at", "account_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PetitionAnswer(Base):
    """An official answer posted by staff."""

    __tablename__ = "petition_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    department: Mapped[str] = mapped_column(String(80))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Report(Base):
    """A citizen's report of a petition; open reports form the staff moderation queue."""

    __tablename__ = "petition_reports"
    __table_args__ = (UniqueConstraint("petition_id", "reporter_id", name="uq_petition_reports_pair"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id", ondelete="CASCADE"), index=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
