"""Refuse request bodies over a size limit with 413 ``body_too_large``.

Starlette has a built-in limiter, but for routes that never read the body it answers
in plain text; every error here must be the common JSON shape, so this small
middleware is used instead. It checks ``Content-Length`` up front and also counts the
bytes actually streamed, since a chunked request has no length to check.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.core.errors import error_response

# Bytes of an oversized body we are willing to read and throw away before answering.
# Answering while the client is still sending makes the server close a socket with
# unread data, which on most systems resets the connection and the client never sees
# the 413. Beyond this budget we answer anyway rather than read without end.
DRAIN_BUDGET_BYTES = 4 * 1024 * 1024


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` when the streamed body passes the limit.

    It is an ``HTTPException`` so that FastAPI's body reader re-raises it untouched
    (it turns other exceptions into 400) and the common error handler answers 413.
    """

    def __init__(self) -> None:
        super().__init__(status_code=413, detail="The request body is too large")


class BodySizeLimitMiddleware:
    """Pure ASGI middleware enforcing ``max_body_bytes`` on every HTTP request."""

    def __init__(self, app: ASGIApp, max_body_bytes: int, path_limits: dict[str, int] | None = None) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        # Exact paths that take larger bodies (the registration upload).
        self.path_limits = dict(path_limits or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer 413 early on a large ``Content-Length``, else cap the streamed body."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        limit = self.path_limits.get(scope.get("path", ""), self.max_body_bytes)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            if declared - limit <= DRAIN_BUDGET_BYTES:
                await _drain(receive, declared)
            await _too_large()(scope, receive, send)
            return

        received = 0
        response_started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    if message.get("more_body", False):
                        await _drain(receive, limit + DRAIN_BUDGET_BYTES - received)
                    raise BodyTooLarge()
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            # Normally the error handler has already answered; this covers code
            # that read the body outside a route (and so outside the handlers).
            if response_started:
                raise
            await _too_large()(scope, receive, send)


def _too_large() -> JSONResponse:
    return error_response(413, "body_too_large", "The request body is too large")


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _drain(receive: Receive, budget: int) -> None:
    """Read and discard the rest of the body, up to ``budget`` bytes."""
    while budget > 0:
        message = await receive()
        if message["type"] != "http.request":
            return
        budget -= len(message.get("body", b""))
        if not message.get("more_body", False):
            return
