"""HTTP transport: one requests.Session per retry policy, with timeouts and urllib3 Retry.

Idempotent methods, and POSTs that carry an Idempotency-Key, are retried with exponential backoff
and jitter, honouring Retry-After; a POST without a key is sent once, because repeating it could
file the same thing twice. Pure Python: no Panda3D.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import threading

_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


class TransportError(Exception):
    """The backend could not be reached or did not answer in time."""


@dataclass(frozen=True)
class Response:
    status: int
    body: Any  # parsed JSON, or None
    headers: dict[str, str]
    content: bytes = b""  # the raw body, for replies that are not JSON (a document's PDF)


class Transport:
    """Sends JSON requests to one backend base URL."""

    def __init__(
        self,
        base_url: str | Callable[[], str],
        connect_timeout: float = 3.05,
        read_timeout: float = 10.0,
        retries: int = 3,
        verify: bool | str = True,
        backoff_factor: float = 0.25,
    ):
        # A callable base URL lets the embedded backend finish starting while the world already runs;
        # it is only ever resolved on a worker thread, so waiting for it never stalls a frame.
        self._base_url = base_url
        self.timeout = (connect_timeout, read_timeout)
        self._policy = (retries, backoff_factor, verify)
        # The sessions (and requests itself, 60 ms of imports) are made on the first request, on a
        # worker thread, rather than while the app starts (benchmarks/startup.py).
        self._sessions: tuple[Any, Any] | None = None
        self._sessions_lock = threading.Lock()

    def _ready_sessions(self) -> tuple[Any, Any]:
        """(retrying, once): the session for requests safe to repeat, and the one for the rest."""
        with self._sessions_lock:
            if self._sessions is None:
                from net.http_sessions import new_session  # noqa: PLC0415 - see __init__

                retries, backoff, verify = self._policy
                self._sessions = (new_session(retries, backoff, _IDEMPOTENT | {"POST", "PATCH"}, verify),
                                  new_session(0, 0.0, frozenset({"GET"}), verify))  # total=0: never repeated
            return self._sessions

    @property
    def base_url(self) -> str:
        url = self._base_url() if callable(self._base_url) else self._base_url
        return url.rstrip("/")

    def request(
        self,
        method: str,
        path: str,
        json: Any = None,
        params: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
        token: str | None = None,
        data: dict[str, Any] | None = None,
        files: dict[str, tuple[str, bytes, str]] | None = None,
    ) -> Response:
        """Send one request; raise TransportError when no answer came back.

        ``json`` sends a JSON body; ``data`` with ``files`` ({field: (filename, bytes, content type)})
        sends multipart form data instead. The retry rule is the same for both: only idempotent
        methods, or requests carrying an Idempotency-Key, are ever repeated.
        """
        method = method.upper()
        headers = {"Accept": "application/json"}
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        if token:
            headers["Authorization"] = f"Bearer {token}"
        safe_to_repeat = method in _IDEMPOTENT or bool(idempotency_key)
        retrying, once = self._ready_sessions()
        session = retrying if safe_to_repeat else once
        from net.http_sessions import RequestException, Timeout  # noqa: PLC0415 - loaded by _ready_sessions
        try:
            base_url = self.base_url
        except Exception as exc:  # a backend that is still starting or failed to start
            raise TransportError(str(exc)) from exc
        try:
            reply = session.request(
                method, base_url + path, json=json, params=params, data=data, files=files, headers=headers,
                timeout=self.timeout,
            )
        except Timeout as exc:
            raise TransportError(f"the server at {base_url} did not answer in time") from exc
        except RequestException as exc:
            raise TransportError(f"cannot reach the server at {base_url}") from exc
        try:
            body = reply.json() if reply.content else None
        except ValueError:
            body = None
        return Response(reply.status_code, body, dict(reply.headers), reply.content)

    def close(self) -> None:
        with self._sessions_lock:
            for session in self._sessions or ():
                session.close()
            self._sessions = None
