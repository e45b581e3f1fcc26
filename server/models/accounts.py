"""Citizen accounts and login sessions. PII columns hold ciphertext only (see core/pii.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, UTCDateTime, utcnow


class Account(Base):
    """A citizen, staff member or administrator."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Keyed HMAC of the normalised e-mail: lets login find the row without storing it in clear.
    email_index: Mapped[str | None] = mapped_column(String(64), unique=True)
    email_enc: Mapped[str | None] = mapped_column(Text)
    name_enc: Mapped[str | None] = mapped_column(Text)
    birth_date_enc: Mapped[str | None] = mapped_column(Text)
    phone_enc: Mapped[str | None] = mapped_column(Text)
    address_enc: Mapped[str | None] = mapped_column(Text)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="citizen")
    verification: Mapped[str] = mapped_column(String(16), default="pending")
    # Random file name under uploads_dir; the original name is never kept.
    id_document: Mapped[str | None] = mapped_column(String(64))
    id_document_type: Mapped[str | None] = mapped_column(String(32))
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AuthSession(Base):
    """A login: only the SHA-256 of the bearer token is stored."""

    __tablename__ = "auth_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
