"""The requests sessions behind net/transport.py: urllib3 Retry with backoff, jitter and Retry-After.

Imported on the first request (requests takes about 60 ms to import), never while the app starts.
"""
from __future__ import annotations

import requests
from requests.adapters import HTTPAdapter
from requests.exceptions import RequestException, Timeout
from urllib3.exceptions import MaxRetryError
from urllib3.util.retry import Retry

__all__ = ["CappedRetry", "RequestException", "Timeout", "new_session"]

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


def new_session(total: int, backoff: float, methods: frozenset[str], verify: bool | str) -> requests.Session:
    """A session whose adapter retries ``methods`` up to ``total`` times with backoff and jitter."""
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
