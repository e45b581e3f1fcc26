"""A citizen's avatar appearance, kept with the account so it looks the same on every machine."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, UTCDateTime


class AvatarProfile(Base):
    """One row per account that has saved its avatar; the fields mirror the client's Appearance."""

    __tablename__ = "avatar_profiles"

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    age: Mapped[str] = mapped_column(String(8))
    height_m: Mapped[float] = mapped_column(Float)
    build: Mapped[str] = mapped_column(String(8))
    skin_tone: Mapped[str] = mapped_column(String(7))
    hair_style: Mapped[str] = mapped_column(String(8))
    hair_color: Mapped[str] = mapped_column(String(7))
    top_color: Mapped[str] = mapped_column(String(7))
    bottom_color: Mapped[str] = mapped_column(String(7))
    shoes_color: Mapped[str] = mapped_column(String(7))
    mobility: Mapped[str] = mapped_column(String(12))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
