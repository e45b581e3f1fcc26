"""Account, session and profile bodies."""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, StringConstraints, field_validator

from server.schemas.common import line

EMAIL_MAX = 254
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 -]{5,18}[0-9]$")


def _email(value: str) -> str:
    value = value.strip().lower()
    if not _EMAIL.match(value):
        raise ValueError("must be an e-mail address like name@example.com")
    return value


Email = Annotated[str, StringConstraints(max_length=EMAIL_MAX), AfterValidator(_email)]


class Role(StrEnum):
    """What an account may do: citizens file and agree; staff answer; admins manage roles."""

    CITIZEN = "citizen"
    STAFF = "staff"
    ADMIN = "admin"


class Verification(StrEnum):
    """Identity verification of an account."""

    PENDING = "pending"
    VERIFIED = "verified"


class RegisterData(BaseModel):
    """The form fields of a registration (the identity document travels beside them)."""

    name: line(60)  # type: ignore[valid-type]
    birth_date: date
    email: Email
    password: str = Field(min_length=1, max_length=1024)
    phone: str | None = None
    address: line(200) | None = None  # type: ignore[valid-type]

    @field_validator("birth_date")
    @classmethod
    def _plausible_birth_date(cls, value: date) -> date:
        if not date(1900, 1, 1) <= value <= date.today():
            raise ValueError("must be a past date after 1900-01-01")
        return value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not _PHONE.match(value.strip()):
            raise ValueError("must be a phone number such as 010-1234-5678")
        return value.strip()


class AccountOut(BaseModel):
    """The signed-in citizen's own profile (decrypted only for them)."""

    id: int
    name: str
    birth_date: date
    email: str
    phone: str | None
    address: str | None
    role: Role
    verification: Verification
    verification_note: str = Field(description="How verification happened (the demo configuration says so).")
    demo: bool
    created_at: datetime


class LoginIn(BaseModel):
    """Credentials for ``POST /v1/sessions``."""

    email: Email
    password: str = Field(min_length=1, max_length=1024)


class SessionOut(BaseModel):
    """A new session. The token is shown once; send it as ``Authorization: Bearer <token>``."""

    token: str
    token_type: str = "bearer"
    expires_at: datetime = Field(description="Absolute expiry; idle expiry comes sooner if unused.")
    idle_timeout_s: int


class RoleUpdate(BaseModel):
    """An administrator's change of another account's role."""

    role: Role
