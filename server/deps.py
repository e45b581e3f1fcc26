"""FastAPI dependencies, exposed as ``Annotated`` aliases for route signatures."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session

from server.core.config import ServerSettings
from server.core.db import Database
from server.idempotency import HEADER_NAME, validate_key


def get_database(request: Request) -> Database:
    """Return the app's database, created during startup."""
    database: Database = request.app.state.db
    return database


def get_session(database: Annotated[Database, Depends(get_database)]) -> Iterator[Session]:
    """Yield a session for one request; it is closed (and any open transaction rolled back) after."""
    with database.session_factory() as session:
        yield session


def get_settings(request: Request) -> ServerSettings:
    """Return the settings the app was created with."""
    settings: ServerSettings = request.app.state.settings
    return settings


def get_idempotency_key(
    key: Annotated[
        str | None,
        Header(
            alias=HEADER_NAME,
            description="Optional client-chosen key (1-255 characters); a retry with the "
            "same key and body replays the first response instead of writing twice.",
        ),
    ] = None,
) -> str | None:
    """Return the request's ``Idempotency-Key``, validated, or None when absent."""
    return validate_key(key)


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[ServerSettings, Depends(get_settings)]
IdempotencyKeyDep = Annotated[str | None, Depends(get_idempotency_key)]
