"""Pay and agree, the two busiest writes, answered ahead of FastAPI's routing when a request is well-formed.

Why: FastAPI's path to an endpoint (its middleware layers, matching through the included routers,
solving the dependencies, reading and validating the body) cost a payment more CPU than the
payment's own database work, and at 64 clients that time is what every citizen waits for. Called
in-process, a payment took 430-460 microseconds of CPU through FastAPI and 250-290 through this
layer; over loopback at 64 clients pay went from about 1,800 to 2,100-2,700 requests a second and
its p99 from 42-73 ms to 32-41 ms (``python -m benchmarks.backend_throughput``). This ASGI layer
answers those two routes from the same units of work (``payment_unit``, ``agreement_unit``), with
the same error shape.

FastAPI keeps the routes: they are what ``/openapi.json`` describes, and they answer every
request this layer does not take whole. A request with no bearer token, no or a malformed
``Idempotency-Key``, an odd path number, a body that is not small JSON or that does not validate
is passed on untouched (its body replayed) and answered there exactly as before.
"""
from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi.security.utils import get_authorization_scheme_param
from pydantic import ValidationError
from starlette.datastructures import State
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.api.routes.petition_actions import agreement_unit
from server.api.routes.tax import MAX_ID, payment_unit
from server.core.db import Database
from server.core.driver_sql import DriverConnection
from server.core.errors import APIError, error_response
from server.deps import TokenWork
from server.idempotency import validate_key
from server.schemas.tax import PaymentIn

# Bodies this layer reads itself; anything larger (or of unknown length) goes to FastAPI, whose
# body-size limit answers it. A payment's body is about 40 bytes.
SMALL_BODY_BYTES = 4096
_ID = r"([1-9][0-9]{0,9})"
Unit = Callable[[DriverConnection], Response]


class HotWrites:
    """Pure ASGI middleware: ``POST {prefix}/tax/bills/{id}/payments`` and ``POST {prefix}/petitions/{id}/agreements``.

    ``state`` is the app's state, holding the database (once started) and the services.
    """

    def __init__(self, app: ASGIApp, *, state: State, prefix: str) -> None:
        self.app = app
        self.state = state
        self._routes: tuple[tuple[re.Pattern[str], Callable[..., Awaitable[bool]]], ...] = (
            (re.compile(rf"{re.escape(prefix)}/tax/bills/{_ID}/payments"), self._pay),
            (re.compile(rf"{re.escape(prefix)}/petitions/{_ID}/agreements"), self._agree),
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer a well-formed pay or agree here; pass everything else on."""
        if scope["type"] == "http" and scope["method"] == "POST" and not scope.get("root_path"):
            for pattern, handle in self._routes:
                match = pattern.fullmatch(scope["path"])
                if match is not None and int(match.group(1)) <= MAX_ID:
                    headers = _headers(scope)
                    token = _bearer_token(headers.get(b"authorization"))
                    if token is not None and await handle(int(match.group(1)), token, headers, scope, receive, send):
                        return
                    break
        await self.app(scope, receive, send)

    async def _pay(self, bill_id: int, token: str, headers: dict[bytes, str], scope: Scope, receive: Receive,
                   send: Send) -> bool:
        try:
            key = validate_key(headers.get(b"idempotency-key"))
        except APIError:
            key = None
        length = headers.get(b"content-length", "")
        if key is None or headers.get(b"content-type") != "application/json" or not length.isdigit() \
                or int(length) > SMALL_BODY_BYTES:
            return False
        messages, body = await _read_body(receive)
        payload = _payment(body) if body is not None else None
        if payload is None:
            # FastAPI's turn, with the body it would have read.
            await self.app(scope, _replay(messages, receive), send)
            return True
        work = self._work(token)
        await self._answer(work.database, payment_unit(work, bill_id, payload, key), scope, receive, send)
        return True

    async def _agree(self, petition_id: int, token: str, _headers: dict[bytes, str], scope: Scope, receive: Receive,
                     send: Send) -> bool:
        work = self._work(token)
        await self._answer(work.database, agreement_unit(work, petition_id), scope, receive, send)
        return True

    def _work(self, token: str) -> TokenWork:
        services = self.state.services
        return TokenWork(token=token, database=self.state.db, services=services, now=services.clock())

    @staticmethod
    async def _answer(database: Database, unit: Unit, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            response = await database.run_write(unit)
        except APIError as exc:
            response = error_response(exc.status_code, exc.code, exc.message, field=exc.field, headers=exc.headers)
        await response(scope, receive, send)


def _headers(scope: Scope) -> dict[bytes, str]:
    """The request's headers by lower-case name; the first of repeated ones, as Starlette's ``get``."""
    found: dict[bytes, str] = {}
    for name, value in scope["headers"]:
        found.setdefault(name.lower(), value.decode("latin-1"))
    return found


def _bearer_token(authorization: str | None) -> str | None:
    """The credentials of ``Bearer <token>``, split by FastAPI's own helper as HTTPBearer splits them; None otherwise."""
    scheme, credentials = get_authorization_scheme_param(authorization)
    if not credentials or scheme.lower() != "bearer":
        return None
    return credentials


async def _read_body(receive: Receive) -> tuple[list[Message], bytes | None]:
    """Every message up to the end of the body, and the body (None if the client left first)."""
    messages: list[Message] = []
    chunks: list[bytes] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return messages, None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return messages, b"".join(chunks)


def _payment(body: bytes) -> PaymentIn | None:
    """The payment, parsed and validated as FastAPI does it (JSON, then the model); None when invalid."""
    try:
        data: Any = json.loads(body)
        return PaymentIn.model_validate(data)
    except (ValueError, ValidationError):  # json's errors are ValueErrors
        return None


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """A ``receive`` that gives back ``messages`` first, then reads on."""
    pending = list(messages)

    async def replay() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replay
