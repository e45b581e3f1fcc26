"""HTTP transport: one requests.Session per retry policy, with timeouts and urllib3 Retry.

Idempotent methods, and POSTs that carry an Idempotency-Key, are retried with exponential backoff
and jitter, honouring Retry-After; a POST without a key is sent once, because repeating it could
file the same thing twice. Pure Python: no Panda3D.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import MaxRetryError
from urllib3.util.retry import Retry

_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
_RETRY_STATUS = frozenset({429, 502, 503, 504})


class CappedRetry(Retry):
    """Retry that honours Retry-After only when it is short.

    A server that says "come back in five minutes" (a rate limit) should get its answer to the
    citizen now, as a clear message, rather than hold a worker thread and a "Sending…" screen.
    """

    max_retry_after = 10.0

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        if response is not None:
            wait = self.get_retry_after(response)
            if wait is not None and wait > self.max_retry_after:
                # With raise_on_status off, urllib3 hands this response back to the caller as is.
                raise MaxRetryError(_pool, url, f"Retry-After of {wait:.0f} s is too long to wait")
        return super().increment(method, url, response, error, _pool, _stacktrace)


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
        self._retrying = self._session(retries, backoff_factor, _IDEMPOTENT | {"POST", "PATCH"}, verify)
        self._once = self._session(0, 0.0, frozenset({"GET"}), verify)  # total=0: never repeated

    @property
    def base_url(self) -> str:
        url = self._base_url() if callable(self._base_url) else self._base_url
        return url.rstrip("/")

    @staticmethod
    def _session(total: int, backoff: float, methods: frozenset[str], verify: bool | str) -> requests.Session:
        retry = CappedRetry(
            total=total,
            connect=total,
            read=total,
            status=total,
            backoff_factor=backoff,
            backoff_jitter=backoff / 2,
            status_forcelist=_RETRY_STATUS,
            allowed_methods=methods,
            respect_retry_after_header=True,
            raise_on_status=False,
        )
        session = requests.Session()
        session.verify = verify
        adapter = HTTPAdapter(max_retries=retry, pool_connections=2, pool_maxsize=4)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        return session

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
        session = self._retrying if safe_to_repeat else self._once
        try:
            base_url = self.base_url
        except Exception as exc:  # a backend that is still starting or failed to start
            raise TransportError(str(exc)) from exc
        try:
            reply = session.request(
                method, base_url + path, json=json, params=params, data=data, files=files, headers=headers,
                timeout=self.timeout,
            )
        except requests.Timeout as exc:
            raise TransportError(f"the server at {base_url} did not answer in time") from exc
        except requests.RequestException as exc:
            raise TransportError(f"cannot reach the server at {base_url}") from exc
        try:
            body = reply.json() if reply.content else None
        except ValueError:
            body = None
        return Response(reply.status_code, body, dict(reply.headers), reply.content)

    def close(self) -> None:
        self._retrying.close()
        self._once.close()
