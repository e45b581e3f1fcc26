"""Consultation threads, messages and youth-counselling slots."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel

from server.schemas.common import line, text

MESSAGE_MAX = 4000


class ConsultationCategory(StrEnum):
    """Where a consultation goes."""

    DASAN_120 = "dasan_120"  # 120 Dasan call centre
    YOUTH = "youth"  # youth counselling
    BUSINESS = "business"  # small-business support
    TAX = "tax"


class ThreadCreate(BaseModel):
    """A new consultation with its first message."""

    category: ConsultationCategory
    subject: line(120)  # type: ignore[valid-type]
    message: text(MESSAGE_MAX)  # type: ignore[valid-type]


class MessageCreate(BaseModel):
    """A reply in a thread."""

    body: text(MESSAGE_MAX)  # type: ignore[valid-type]


class MessageOut(BaseModel):
    """One message; ``author_role`` says whether the citizen or staff wrote it."""

    id: int
    author_role: str
    body: str
    created_at: datetime


class ThreadOut(BaseModel):
    """A consultation thread without its messages."""

    id: int
    category: ConsultationCategory
    subject: str
    status: str
    created_at: datetime


class ThreadDetail(ThreadOut):
    """A thread with all its messages, oldest first."""

    messages: list[MessageOut]


class ThreadList(BaseModel):
    """Threads, newest first."""

    items: list[ThreadOut]
    total: int


class SlotOut(BaseModel):
    """A youth-counselling slot; ``booked_by_me`` is only true for the signed-in booker."""

    id: int
    starts_at: datetime
    minutes: int
    counsellor: str
    available: bool
    booked_by_me: bool


class SlotList(BaseModel):
    """Upcoming slots, soonest first."""

    items: list[SlotOut]
    total: int
