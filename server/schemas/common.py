"""Shapes and validators shared by every resource."""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

# A cell starting with one of these is run as a formula by spreadsheet programs, so a
# title or name exported to CSV could execute something on an official's machine.
FORMULA_PREFIXES = ("=", "+", "-", "@")


class ErrorOut(BaseModel):
    """The body of every error response."""

    code: str = Field(description="Stable snake_case identifier, e.g. not_found.")
    message: str = Field(description="Human-readable explanation; may change between versions.")
    field: str | None = Field(default=None, description="The offending field, when there is one.")


def single_line_safe(value: str) -> str:
    """Refuse CSV-formula prefixes and control characters in one-line texts (names, titles)."""
    if value.startswith(FORMULA_PREFIXES):
        raise ValueError("must not start with =, +, - or @")
    if any(unicodedata.category(char) == "Cc" for char in value):
        raise ValueError("must be a single line without control characters")
    return value


def no_nul(value: str) -> str:
    """PostgreSQL text cannot hold NUL; refuse it here rather than fail in the database."""
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def line(max_length: int) -> Any:
    """A stripped, non-empty, single-line text of at most ``max_length`` characters."""
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length),
        AfterValidator(single_line_safe),
    ]


def text(max_length: int) -> Any:
    """A stripped, non-empty free text of at most ``max_length`` characters."""
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length),
        AfterValidator(no_nul),
    ]


def responses(*statuses: int) -> dict[int | str, dict[str, object]]:
    """OpenAPI ``responses`` entries documenting error statuses with the common shape."""
    described = {
        401: "No token (login_required) or a bad/expired one (invalid_token)",
        403: "Role not allowed (forbidden)",
        404: "Not found, or not yours (not_found)",
        409: "Conflict with the current state",
        413: "Body too large (body_too_large)",
        422: "Invalid field (invalid_field)",
        429: "Rate limited (rate_limited); see Retry-After",
    }
    return {status: {"model": ErrorOut, "description": described.get(status, "Error")} for status in statuses}
