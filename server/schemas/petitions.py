"""Pydantic request and response bodies: the JSON contract the client codes against."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

TITLE_MAX = 120
BODY_MAX = 5000
SEARCH_MAX = 200
# A cell starting with one of these is run as a formula by spreadsheet programs, so a
# title exported to CSV could execute something on an official's machine.
FORMULA_PREFIXES = ("=", "+", "-", "@")


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
    """Where a petition is in its life; only ``open`` is reachable so far."""

    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"


class ErrorOut(BaseModel):
    """The body of every error response."""

    code: str = Field(description="Stable snake_case identifier, e.g. not_found.")
    message: str = Field(description="Human-readable explanation; may change between versions.")
    field: str | None = Field(default=None, description="The offending field, when there is one.")


class HealthOut(BaseModel):
    """Liveness answer."""

    status: str = "ok"


class PetitionCreate(BaseModel):
    """What a citizen submits. Surrounding whitespace is stripped before length checks."""

    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TITLE_MAX)]
    body: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=BODY_MAX)]
    category: PetitionCategory = PetitionCategory.OTHER

    @field_validator("title")
    @classmethod
    def _title_is_safe(cls, value: str) -> str:
        if value.startswith(FORMULA_PREFIXES):
            raise ValueError("must not start with =, +, - or @")
        if any(unicodedata.category(char) == "Cc" for char in value):
            raise ValueError("must be a single line without control characters")
        return value

    @field_validator("body")
    @classmethod
    def _body_has_no_nul(cls, value: str) -> str:
        # PostgreSQL text cannot hold NUL; refuse it here rather than fail in the database.
        if "\x00" in value:
            raise ValueError("must not contain NUL characters")
        return value


class PetitionOut(BaseModel):
    """A stored petition as the API returns it."""

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


class PetitionList(BaseModel):
    """One page of petitions, newest first, with the total matching count."""

    items: list[PetitionOut]
    total: int
