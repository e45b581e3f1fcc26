"""Exactly-once writes keyed by the client's ``Idempotency-Key`` header.

The client's outbox retries a write until it gets an answer, each time with the same
key. The first request does the work and stores its response next to the key in the
same transaction; a retry gets that stored response back. Concurrent duplicates race
on the unique key: the loser's transaction is rolled back and it replays the winner.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Row, bindparam, delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from starlette.responses import Response

from server.core.driver_sql import DriverConnection
from server.core.errors import APIError
from server.models import IdempotencyRecord, utcnow

# Core statements on the table work the same through an ORM Session or a DriverConnection;
# built once, for every keyed write (see services/petitions.py for why).
_RECORDS = IdempotencyRecord.__table__
_FIND = select(_RECORDS.c.id, _RECORDS.c.created_at, _RECORDS.c.scope, _RECORDS.c.request_hash,
               _RECORDS.c.status_code, _RECORDS.c.response_body).where(
    _RECORDS.c.owner == bindparam("p_owner"), _RECORDS.c.key == bindparam("p_key"))
_STORE = insert(_RECORDS)
_FORGET = delete(_RECORDS).where(_RECORDS.c.id == bindparam("p_id"))
Db = TypeVar("Db", Session, DriverConnection)

KEY_MAX_LENGTH = 255
DEFAULT_TTL_S = 24 * 3600
HEADER_NAME = "Idempotency-Key"
REPLAY_HEADER = "Idempotent-Replayed"


@dataclass(frozen=True)
class StoredResponse:
    """A response as it was (or will be) sent: status and JSON text."""

    status_code: int
    body: str
    replayed: bool = False


def validate_key(key: str | None) -> str | None:
    """Return the key, or raise 422 ``invalid_idempotency_key`` when it is empty or too long."""
    if key is None:
        return None
    if not 1 <= len(key) <= KEY_MAX_LENGTH or not key.strip():
        raise APIError(
            422,
            "invalid_idempotency_key",
            f"{HEADER_NAME} must be between 1 and {KEY_MAX_LENGTH} characters",
            field=HEADER_NAME,
        )
    return key


def request_hash(scope: str, payload: Any) -> str:
    """Fingerprint an operation and its (validated) payload, independent of key order."""
    canonical = json.dumps({"scope": scope, "payload": payload}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def encode_body(body: Any) -> str:
    """Serialise a JSON-ready body the same way for first answers and replays."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def run_once(
    session: Db,
    *,
    key: str,
    scope: str,
    fingerprint: str,
    action: Callable[[Db], StoredResponse],
    owner: str = "",
    now: datetime | None = None,
    ttl_s: int = DEFAULT_TTL_S,
) -> StoredResponse:
    """Run ``action`` at most once per (``owner``, ``key``) and commit it together with its response.

    ``session`` is an ORM Session or a DriverConnection; ``action`` writes through it and
    returns the response to send; it must not commit. Returns the stored response
    (``replayed=True``) when the key was seen before, or raises 409 ``idempotency_conflict``
    if it was used for something else.
    Keys older than ``ttl_s`` are forgotten: the same key then starts a new request.
    """
    now = now or utcnow()
    expired = now - timedelta(seconds=ttl_s)
    existing = _find(session, owner, key)
    if existing is not None and existing.created_at < expired:
        # Committed at once so that a later rollback of the new attempt cannot revive it.
        session.execute(_FORGET, {"p_id": existing.id})
        session.commit()
        existing = None
    if existing is not None:
        return _replay(existing, scope, fingerprint)

    try:
        response = action(session)
    except APIError:
        # A concurrent duplicate may have won the race for the same state change (e.g. the
        # bill is now paid); if it stored this key, the right answer is its response.
        winner = _winner(session, owner, key)
        if winner is None:
            raise
        return _replay(winner, scope, fingerprint)
    try:
        session.execute(_STORE, {"owner": owner, "created_at": now, "key": key, "scope": scope,
                                 "request_hash": fingerprint, "status_code": response.status_code,
                                 "response_body": response.body})
        session.commit()
    except IntegrityError:
        # Another request with this key committed first: our work is rolled back whole.
        winner = _winner(session, owner, key)
        if winner is None:
            raise
        return _replay(winner, scope, fingerprint)
    return response


def _winner(session: Session | DriverConnection, owner: str, key: str) -> Row[Any] | None:
    """Roll back our attempt and return the record a concurrent request stored, if any."""
    session.rollback()
    return _find(session, owner, key)


def purge_expired(session: Session, *, now: datetime, ttl_s: int = DEFAULT_TTL_S) -> None:
    """Delete every record older than ``ttl_s`` (run at startup; the caller commits)."""
    session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.created_at < now - timedelta(seconds=ttl_s)))


def _find(session: Session | DriverConnection, owner: str, key: str) -> Row[Any] | None:
    return session.execute(_FIND, {"p_owner": owner, "p_key": key}).first()


def _replay(record: Row[Any], scope: str, fingerprint: str) -> StoredResponse:
    if record.scope != scope or record.request_hash != fingerprint:
        raise APIError(
            409,
            "idempotency_conflict",
            f"This {HEADER_NAME} was already used for a different request",
            field=HEADER_NAME,
        )
    return StoredResponse(record.status_code, record.response_body, replayed=True)


def idempotent_response(
    session: Db,
    *,
    key: str | None,
    scope: str,
    payload: Any,
    action: Callable[[Db], StoredResponse],
    owner: str = "",
    now: datetime | None = None,
    ttl_s: int = DEFAULT_TTL_S,
) -> Response:
    """Run a write route's ``action`` once per key and turn the outcome into a JSON response.

    Without a key the action simply runs and commits. Replays carry ``Idempotent-Replayed: true``.
    """
    if key is None:
        result = action(session)
        session.commit()
    else:
        result = run_once(session, key=key, scope=scope, fingerprint=request_hash(scope, payload), action=action,
                          owner=owner, now=now, ttl_s=ttl_s)
    headers = {REPLAY_HEADER: "true"} if result.replayed else None
    return Response(result.body, status_code=result.status_code, media_type="application/json", headers=headers)
