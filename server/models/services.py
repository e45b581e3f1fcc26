"""Tax bills and payments, civil records and documents, consultations and counselling slots."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Integer, LargeBinary, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, UTCDateTime


class TaxBill(Base):
    """One local-tax bill (e.g. the June automobile tax) owed by a citizen, in KRW."""

    __tablename__ = "tax_bills"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    description: Mapped[str] = mapped_column(String(200))
    tax_year: Mapped[int] = mapped_column(Integer)
    amount_krw: Mapped[int] = mapped_column(BigInteger)
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="unpaid")
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Payment(Base):
    """A completed payment of one bill; ``bill_id`` is unique, so a bill is paid once."""

    __tablename__ = "tax_payments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("tax_bills.id", ondelete="CASCADE"), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    amount_krw: Mapped[int] = mapped_column(BigInteger)
    method: Mapped[str] = mapped_column(String(24))
    provider: Mapped[str] = mapped_column(String(32))
    provider_reference: Mapped[str] = mapped_column(String(64))
    paid_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CitizenRecord(Base):
    """A citizen's (demo) civil record, as encrypted JSON; documents are rendered from it."""

    __tablename__ = "citizen_records"

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    data_enc: Mapped[str] = mapped_column(Text)
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class IssuedDocument(Base):
    """An issued PDF and the verification code printed on it."""

    __tablename__ = "issued_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), index=True)
    doc_type: Mapped[str] = mapped_column(String(40))
    code: Mapped[str] = mapped_column(String(32), unique=True)
    holder_masked: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64))
    # Deferred: lists and verification never need the bytes.
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ConsultationThread(Base):
    """A consultation opened by a citizen in one category."""

    __tablename__ = "consultation_threads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(24))
    subject: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ConsultationMessage(Base):
    """One message in a thread, from the citizen or from staff."""

    __tablename__ = "consultation_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("consultation_threads.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    author_role: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CounsellingSlot(Base):
    """A bookable youth-counselling slot; ``booked_by`` is set by a conditional UPDATE."""

    __tablename__ = "counselling_slots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    minutes: Mapped[int] = mapped_column(Integer, default=50)
    counsellor: Mapped[str] = mapped_column(String(80))
    booked_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), index=True)
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
