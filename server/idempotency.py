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
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.core.errors import APIError
from server.models import IdempotencyRecord

KEY_MAX_LENGTH = 255
HEADER_NAME = "Idempotency-Key"


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
    session: Session,
    *,
    key: str,
    scope: str,
    fingerprint: str,
    action: Callable[[Session], StoredResponse],
) -> StoredResponse:
    """Run ``action`` at most once per ``key`` and commit it together with its response.

    ``action`` adds its rows to ``session`` and returns the response to send; it must
    not commit. Returns the stored response (``replayed=True``) when the key was seen
    before, or raises 409 ``idempotency_conflict`` if it was used for something else.
    """
    existing = _find(session, key)
    if existing is not None:
        return _replay(existing, scope, fingerprint)

    response = action(session)
    session.add(
        IdempotencyRecord(
            key=key,
            scope=scope,
            request_hash=fingerprint,
            status_code=response.status_code,
            response_body=response.body,
        )
    )
    try:
        session.commit()
    except IntegrityError:
        # Another request with this key committed first: our work is rolled back whole.
        session.rollback()
        existing = _find(session, key)
        if existing is None:
            raise
        return _replay(existing, scope, fingerprint)
    return response


def _find(session: Session, key: str) -> IdempotencyRecord | None:
    return session.scalar(select(IdempotencyRecord).where(IdempotencyRecord.key == key))


def _replay(record: IdempotencyRecord, scope: str, fingerprint: str) -> StoredResponse:
    if record.scope != scope or record.request_hash != fingerprint:
        raise APIError(
            409,
            "idempotency_conflict",
            f"This {HEADER_NAME} was already used for a different request",
            field=HEADER_NAME,
        )
    return StoredResponse(record.status_code, record.response_body, replayed=True)
