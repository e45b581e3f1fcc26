"""What every resource's calls share: the transport, the session token and error translation.

The session token lives only in memory, inside a SessionToken whose repr and str hide it, so a log
line, an exception or a debugger view of the client cannot show it; it leaves the process only as
the Authorization header. Pure Python: no Panda3D.
"""
from __future__ import annotations

import threading
from typing import Any

from net.errors import ApiError
from net.transport import Response, Transport, TransportError

_GATEWAY = frozenset({502, 503, 504})


class SessionToken:
    """A bearer token that will not print itself, nor be pickled to disk."""

    __slots__ = ("_value",)

    def __init__(self, value: str):
        self._value = value

    def reveal(self) -> str:
        """The token itself: only for building the Authorization header."""
        return self._value

    def __repr__(self) -> str:
        return "SessionToken(<hidden>)"

    __str__ = __repr__

    def __reduce__(self) -> Any:
        raise TypeError("a session token is kept in memory only")


class ApiCore:
    """Transport, token and the one request path every call goes through."""

    def __init__(self, transport: Transport):
        self.transport = transport
        self._token: SessionToken | None = None
        # Calls run on several worker threads: a late 401 from an old session must not clear a new one.
        self._token_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(signed_in={self.signed_in})"

    @property
    def signed_in(self) -> bool:
        """True while a session token is held (the server may still have expired it)."""
        return self._token is not None

    @property
    def token(self) -> str | None:
        """The raw token, for a sender that builds its own Authorization header (the outbox's).

        Only ever pass it to a Transport; never log, show or store it.
        """
        token = self._token
        return token.reveal() if token else None

    def forget_session(self) -> None:
        """Drop the token without telling the server (kiosk wipe; the server's idle expiry ends it)."""
        with self._token_lock:
            self._token = None

    def _keep_session(self, token: str) -> None:
        with self._token_lock:
            self._token = SessionToken(token)

    def _drop_if_current(self, token: SessionToken | None) -> None:
        with self._token_lock:
            if token is not None and self._token is token:
                self._token = None

    def _call(self, method: str, path: str, expect: tuple[int, ...] = (200,), **kwargs: Any) -> Any:
        """Send one request and return its JSON body; ApiError for anything but an expected status."""
        return self._send(method, path, expect, **kwargs).body

    def _call_bytes(self, path: str) -> bytes:
        """GET a non-JSON body (a PDF) and return its bytes."""
        return self._send("GET", path, (200,)).content

    def _send(self, method: str, path: str, expect: tuple[int, ...], **kwargs: Any) -> Response:
        token = self._token
        try:
            reply = self.transport.request(method, path, token=token.reveal() if token else None, **kwargs)
        except TransportError as exc:
            raise ApiError("unreachable", str(exc)) from exc
        if reply.status in expect:
            return reply
        error = _error_of(reply)
        if error.code == "invalid_token":
            # Expired or revoked: stop sending it, so the UI can see the citizen is signed out.
            self._drop_if_current(token)
        raise error


def _error_of(reply: Response) -> ApiError:
    body = reply.body if isinstance(reply.body, dict) else {}
    if "code" in body:
        return ApiError(str(body["code"]), str(body.get("message", "")), reply.status, body.get("field"))
    # Not our server's error shape: a proxy or load balancer answered.
    code = "unavailable" if reply.status in _GATEWAY else "unknown"
    return ApiError(code, f"the server answered {reply.status}", reply.status)

