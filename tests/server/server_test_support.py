"""Helpers shared by the backend tests (imported by conftest and test modules; not a test file)."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from typing import Any

import requests
from sqlalchemy import update

from server.embedded import EmbeddedServer
from server.models import Account

TIMEOUT_S = 15.0
TEST_DATABASE_URL_ENV = "METAVERSE_SEOUL_TEST_DATABASE_URL"
PASSWORD = "correct horse battery staple"
# The smallest byte strings each sniffer accepts, with something after the magic number.
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
PDF = b"%PDF-1.4\n%demo\n"


@dataclass
class Citizen:
    """A registered, signed-in account on a test server."""

    id: int
    email: str
    token: str
    profile: dict[str, Any] = field(default_factory=dict)

    @property
    def headers(self) -> dict[str, str]:
        """The Authorization header for this citizen."""
        return {"Authorization": f"Bearer {self.token}"}


def registration(email: str | None = None, **overrides: Any) -> dict[str, Any]:
    """Form fields for a valid registration."""
    fields = {"name": "홍길동", "birth_date": "1990-05-17", "email": email or f"u{uuid.uuid4().hex[:12]}@example.com",
              "password": PASSWORD, "phone": "010-1234-5678", "address": "서울특별시 중구 세종대로 110"}
    fields.update(overrides)
    return fields


def register(base_url: str, *, document: tuple[str, bytes, str] | None = None, **fields: Any) -> requests.Response:
    """POST /v1/accounts as multipart form data."""
    files = {"identity_document": document or ("id.png", PNG, "image/png")}
    return requests.post(f"{base_url}/v1/accounts", data=registration(**fields), files=files, timeout=TIMEOUT_S)


def login(base_url: str, email: str, password: str = PASSWORD) -> requests.Response:
    """POST /v1/sessions."""
    return requests.post(f"{base_url}/v1/sessions", json={"email": email, "password": password}, timeout=TIMEOUT_S)


def register_and_login(base_url: str, **fields: Any) -> Citizen:
    """Register a new citizen and sign in."""
    response = register(base_url, **fields)
    assert response.status_code == 201, response.text
    profile = response.json()
    session = login(base_url, profile["email"], fields.get("password", PASSWORD))
    assert session.status_code == 201, session.text
    return Citizen(id=profile["id"], email=profile["email"], token=session.json()["token"], profile=profile)


def promote(server: EmbeddedServer, account_id: int, role: str) -> None:
    """Give an account a role directly in the database (test setup only)."""
    assert server.app is not None
    with server.app.state.db.session_factory() as session:
        session.execute(update(Account).where(Account.id == account_id).values(role=role))
        session.commit()



def database_url_from_env() -> str | None:
    """The test database: METAVERSE_SEOUL_TEST_DATABASE_URL, else DATABASE_URL, else None (SQLite)."""
    return os.environ.get(TEST_DATABASE_URL_ENV) or os.environ.get("DATABASE_URL") or None
