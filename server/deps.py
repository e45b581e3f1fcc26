"""FastAPI dependencies, exposed as ``Annotated`` aliases for route signatures.

Dependencies that do no I/O are ``async def``: FastAPI runs every plain ``def`` dependency
in the thread pool, a hand-off per dependency per request that costs more than they do.
Those that touch the database stay ``def``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from server.core.config import ServerSettings
from server.core.context import AppServices
from server.core.db import Database
from server.core.errors import APIError
from server.idempotency import HEADER_NAME, validate_key
from server.models import Account
from server.schemas.accounts import Role
from server.services import auth

# auto_error=False: a missing token is answered in our own error shape, not FastAPI's.
_bearer = HTTPBearer(auto_error=False, description="The token from POST /v1/sessions")


async def get_database(request: Request) -> Database:
    """Return the app's database, created during startup."""
    database: Database = request.app.state.db
    return database


def get_session(database: Annotated[Database, Depends(get_database)]) -> Iterator[Session]:
    """Yield a session for one request; it is closed (and any open transaction rolled back) after."""
    with database.session_factory() as session:
        yield session


async def get_settings(request: Request) -> ServerSettings:
    """Return the settings the app was created with."""
    settings: ServerSettings = request.app.state.settings
    return settings


async def get_services(request: Request) -> AppServices:
    """Return the app's services (clock, PII cipher, hasher, payment provider)."""
    services: AppServices = request.app.state.services
    return services


async def get_now(services: Annotated[AppServices, Depends(get_services)]) -> datetime:
    """The request's "now", from the app's (injectable) clock."""
    return services.clock()


async def get_idempotency_key(
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


async def get_required_idempotency_key(
    key: Annotated[
        str | None,
        Header(alias=HEADER_NAME, description="Required client-chosen key (1-255 characters)."),
    ] = None,
) -> str:
    """Return the request's ``Idempotency-Key``; 422 when missing or malformed."""
    valid = validate_key(key)
    if valid is None:
        raise APIError(422, "invalid_idempotency_key", f"{HEADER_NAME} header is required", field=HEADER_NAME)
    return valid


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[ServerSettings, Depends(get_settings)]
ServicesDep = Annotated[AppServices, Depends(get_services)]
NowDep = Annotated[datetime, Depends(get_now)]
IdempotencyKeyDep = Annotated[str | None, Depends(get_idempotency_key)]
RequiredIdempotencyKeyDep = Annotated[str, Depends(get_required_idempotency_key)]
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def get_optional_account(
    session: SessionDep, services: ServicesDep, now: NowDep, credentials: BearerDep
) -> Account | None:
    """The signed-in account, or None without a token; 401 for a bad or expired token."""
    if credentials is None:
        return None
    return auth.authenticate(session, services.settings, credentials.credentials, now=now)


OptionalAccountDep = Annotated[Account | None, Depends(get_optional_account)]


@dataclass(frozen=True)
class TokenWork:
    """What the busiest write routes need, gathered by one dependency (each one costs per request)."""

    token: str
    database: Database
    services: AppServices
    now: datetime


async def get_token_work(request: Request, credentials: BearerDep) -> TokenWork:
    """The raw bearer token with the database, services and "now"; 401 ``login_required`` without a token.

    The token check (unknown, revoked, expired) is not skipped, only moved: the route calls
    ``auth.authenticate_token`` in its unit of work, on the connection that does the work.
    """
    if credentials is None:
        raise APIError(401, "login_required", "Sign in first", headers={"WWW-Authenticate": "Bearer"})
    services: AppServices = request.app.state.services
    return TokenWork(token=credentials.credentials, database=request.app.state.db, services=services,
                     now=services.clock())


TokenWorkDep = Annotated[TokenWork, Depends(get_token_work)]


async def get_current_account(account: OptionalAccountDep) -> Account:
    """The signed-in account; 401 ``login_required`` without a token."""
    if account is None:
        raise APIError(401, "login_required", "Sign in first", headers={"WWW-Authenticate": "Bearer"})
    return account


CurrentAccountDep = Annotated[Account, Depends(get_current_account)]


async def get_staff_account(account: CurrentAccountDep) -> Account:
    """The signed-in staff member or administrator; 403 for citizens."""
    if account.role not in (Role.STAFF, Role.ADMIN):
        raise APIError(403, "forbidden", "Only city staff can do this")
    return account


async def get_admin_account(account: CurrentAccountDep) -> Account:
    """The signed-in administrator; 403 otherwise."""
    if account.role != Role.ADMIN:
        raise APIError(403, "forbidden", "Only administrators can do this")
    return account


StaffAccountDep = Annotated[Account, Depends(get_staff_account)]
AdminAccountDep = Annotated[Account, Depends(get_admin_account)]


async def client_address(request: Request) -> str:
    """The peer address, for per-address rate limits (behind a proxy, configure uvicorn's --forwarded-allow-ips)."""
    return request.client.host if request.client else "unknown"


AddressDep = Annotated[str, Depends(client_address)]
