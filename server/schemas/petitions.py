"""Petition request and response bodies: the JSON contract the client codes against."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from server.schemas.common import line, text

TITLE_MAX = 120
BODY_MAX = 5000
SEARCH_MAX = 200


class PetitionCategory(StrEnum):
    """The desks a petition can be routed to."""

    ECONOMY = "economy"
    EDUCATION = "education"
    TAX = "tax"
    ADMINISTRATION = "administration"
    COMMUNICATION = "communication"
    CULTURE = "culture"
    OTHER = "other"


class PetitionStatus(StrEnum):
    """Where a petition is in its life, following Democracy Seoul's agree thresholds."""

    OPEN = "open"
    AWAITING_ANSWER = "awaiting_answer"  # threshold_department agrees: the department must answer
    PUBLIC_FORUM = "public_forum"  # threshold_forum agrees: discussed in a public forum
    AWAITING_MAYOR = "awaiting_mayor"  # threshold_mayor agrees: the mayor answers
    ANSWERED = "answered"
    CLOSED = "closed"


class PetitionCreate(BaseModel):
    """What a citizen submits. Surrounding whitespace is stripped before length checks."""

    title: line(TITLE_MAX)  # type: ignore[valid-type]
    body: text(BODY_MAX)  # type: ignore[valid-type]
    category: PetitionCategory = PetitionCategory.OTHER


class PetitionOut(BaseModel):
    """A stored petition as lists return it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    number: str = Field(description="Human receipt number derived from id, e.g. P-000042.")
    title: str
    body: str
    category: PetitionCategory
    status: PetitionStatus
    agree_count: int
    created_at: datetime = Field(description="ISO-8601 UTC timestamp.")
    demo: bool = Field(description="True for seeded demonstration data.")


class StatusEventOut(BaseModel):
    """One step of a petition's status history."""

    model_config = ConfigDict(from_attributes=True)

    status: PetitionStatus
    note: str
    created_at: datetime


class AnswerOut(BaseModel):
    """An official answer."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    department: str
    body: str
    created_at: datetime


class PetitionDetail(PetitionOut):
    """One petition with its status history and official answers (create and get return this)."""

    history: list[StatusEventOut]
    answers: list[AnswerOut]


class PetitionList(BaseModel):
    """One page of petitions, newest first, with the total matching count."""

    items: list[PetitionOut]
    total: int


class AgreementOut(BaseModel):
    """The petition's count and status after an agree."""

    petition_id: int
    agree_count: int
    status: PetitionStatus


class AnswerCreate(BaseModel):
    """An official answer from staff."""

    department: line(80)  # type: ignore[valid-type]
    body: text(BODY_MAX)  # type: ignore[valid-type]


class ReportCreate(BaseModel):
    """Why a citizen reports a petition."""

    reason: line(500)  # type: ignore[valid-type]


class ReportOut(BaseModel):
    """A report in the staff moderation queue."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    petition_id: int
    reason: str
    status: str
    created_at: datetime


class ReportList(BaseModel):
    """Open reports, oldest first."""

    items: list[ReportOut]
    total: int


class ReportDecision(StrEnum):
    """What staff do with a report: keep the petition, or hide it from lists."""

    DISMISS = "dismiss"
    HIDE = "hide"


class ReportResolve(BaseModel):
    """Staff's decision on a report."""

    decision: ReportDecision
