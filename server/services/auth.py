"""Login sessions: opaque tokens, idle and absolute expiry, revocation, failed-login limits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, Select, bindparam, select, update
from sqlalchemy.orm import Session

from server.core import ratelimit
from server.core.config import ServerSettings
from server.core.context import AppServices
from server.core.driver_sql import DriverConnection
from server.core.errors import APIError
from server.core.security import new_token, token_digest
from server.models import Account, AuthSession

# Refresh last_used_at at most this often, so reads do not each cost a write.
TOUCH_EVERY_S = 60


def _invalid_token() -> APIError:
    return APIError(401, "invalid_token", "The session has expired or was signed out; sign in again",
                    headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


def login(db: Session, services: AppServices, *, email: str, password: str, address: str,
          now: datetime) -> tuple[str, AuthSession]:
    """Check credentials and open a session; returns the token (shown once) and its row.

    Failed attempts are counted per account (by its e-mail index, so unknown e-mails are
    limited too) and per address; at the limit the answer is 429 before any hashing.
    """
    settings = services.settings
    email_index = services.pii.index(email)
    buckets = (f"login:acct:{email_index[:32]}", f"login:addr:{address}")
    limits = (settings.login_fail_account_limit, settings.login_fail_address_limit)
    for bucket, limit in zip(buckets, limits, strict=True):
        ratelimit.check(db, bucket, limit=limit, window_s=settings.login_fail_window_s, now=now,
                        what="failed sign-ins")
    account = db.scalar(select(Account).where(Account.email_index == email_index, Account.deleted_at.is_(None)))
    # verify() checks a dummy hash when the account is unknown: same cost either way.
    if not services.passwords.verify(account.password_hash if account else None, password) or account is None:
        for bucket in buckets:
            ratelimit.record(db, bucket, now=now)
        db.commit()
        raise APIError(401, "invalid_credentials", "The e-mail or password is wrong")
    token = new_token()
    row = AuthSession(
        token_hash=token_digest(token),
        account_id=account.id,
        created_at=now,
        last_used_at=now,
        expires_at=now + timedelta(seconds=settings.session_absolute_s),
    )
    db.add(row)
    db.commit()
    return token, row


@dataclass(frozen=True)
class SignedIn:
    """Who a bearer token belongs to, for routes that work on a plain connection."""

    account_id: int
    role: str
    session_id: int


# What every check needs from the session and its account, whatever else the caller loads.
_CHECKED = (AuthSession.id, AuthSession.last_used_at, AuthSession.expires_at, AuthSession.revoked_at,
            Account.deleted_at)


def _session_query(*wanted: Any) -> Select[Any]:
    return (select(*wanted, *_CHECKED).select_from(AuthSession).join(Account, Account.id == AuthSession.account_id)
            .where(AuthSession.token_hash == bindparam("p_digest")))


# Built once, for every request (see services/petitions.py for why).
_ACCOUNT_BY_TOKEN = _session_query(Account)
_PRINCIPAL_BY_TOKEN = _session_query(Account.id.label("account_id"), Account.role)
_TOUCH = update(AuthSession.__table__).where(AuthSession.id == bindparam("p_id")).values(
    last_used_at=bindparam("p_now"))


def _lookup(db: Session | DriverConnection, token: str, query: Select[Any]) -> Row[Any]:
    """The row ``query`` finds for a live token; 401 ``invalid_token`` otherwise.

    Nothing is cached: every request reads the session, so a revoked or expired token is refused
    at once, whichever worker process it reaches.
    """
    if not token or len(token) > 512:
        raise _invalid_token()
    found = db.execute(query, {"p_digest": token_digest(token)}).first()
    if found is None:
        raise _invalid_token()
    return found


def authenticate(db: Session, settings: ServerSettings, token: str, *, now: datetime) -> Account:
    """Return the account behind ``token``; 401 ``invalid_token`` if unknown, revoked or expired."""
    found = _lookup(db, token, _ACCOUNT_BY_TOKEN)
    _admit(db, settings, found, now=now)
    db.info["auth_session_id"] = found.id
    account: Account = found[0]
    return account


def authenticate_token(db: DriverConnection, settings: ServerSettings, token: str, *, now: datetime) -> SignedIn:
    """Like ``authenticate``, with two columns instead of an ORM object (for the busiest routes)."""
    found = _lookup(db, token, _PRINCIPAL_BY_TOKEN)
    _admit(db, settings, found, now=now)
    return SignedIn(account_id=found.account_id, role=found.role, session_id=found.id)


def _admit(db: Session | DriverConnection, settings: ServerSettings, found: Row[Any], *, now: datetime) -> None:
    """401 unless the session is open, unexpired and its account exists; refresh ``last_used_at`` now and then."""
    idle_deadline = found.last_used_at + timedelta(seconds=settings.session_idle_s)
    if found.revoked_at is not None or found.deleted_at is not None or now >= found.expires_at \
            or now >= idle_deadline:
        raise _invalid_token()
    if (now - found.last_used_at).total_seconds() >= TOUCH_EVERY_S:
        db.execute(_TOUCH, {"p_id": found.id, "p_now": now})
        db.commit()


def logout(db: Session, *, now: datetime) -> None:
    """Revoke the session that authenticated this request."""
    session_id = db.info.get("auth_session_id")
    if session_id is not None:
        db.execute(update(AuthSession).where(AuthSession.id == session_id).values(revoked_at=now))
        db.commit()


def revoke_all(db: Session, account_id: int, *, now: datetime) -> None:
    """Revoke every open session of an account (the caller commits)."""
    db.execute(
        update(AuthSession)
        .where(AuthSession.account_id == account_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )
