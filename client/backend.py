"""The backend the client talks to: the embedded reference server, or a remote URL from settings.

The embedded server starts on a background thread so the world opens without waiting for it;
network calls (already on worker threads) wait for it to be ready through `url()`.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from client.settings import BackendSettings

log = logging.getLogger(__name__)


class BackendUnavailable(RuntimeError):
    """The embedded backend failed to start or is not ready in time."""


class Backend:
    def __init__(self, settings: BackendSettings, data_dir: Path, ready_timeout: float = 30.0):
        self.settings = settings
        self.data_dir = data_dir
        self.ready_timeout = ready_timeout
        self.embedded = settings.url == "embedded"
        self._server = None
        self._url: str | None = None if self.embedded else settings.url
        self._error: str | None = None
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        if not self.embedded:
            self._ready.set()

    def start(self) -> None:
        """Begin starting the embedded server in the background (no-op for a remote backend, or once started)."""
        with self._start_lock:
            if self.embedded and self._thread is None:
                log.info("embedded backend starting")
                self._thread = threading.Thread(target=self._run, name="embedded-backend", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        try:
            from server.embedded import EmbeddedServer  # imported here: FastAPI is slow to import

            self._server = EmbeddedServer(self.data_dir, seed_demo=self.settings.seed_demo)
            self._url = self._server.start()
            log.info("embedded backend at %s", self._url)
        except Exception as exc:  # reported to every call through url()
            self._error = f"the built-in server could not start: {exc}"
            log.error(self._error)
        finally:
            self._ready.set()

    def url(self) -> str:
        """The base URL, waiting for the embedded server if it is still starting (worker threads only).

        A call made before the app started the network starts the embedded server itself.
        """
        self.start()
        if not self._ready.wait(self.ready_timeout):
            raise BackendUnavailable("the built-in server is still starting")
        if self._url is None:
            raise BackendUnavailable(self._error or "the built-in server is not running")
        return self._url

    def stop(self) -> None:
        if self._thread is not None:
            self._ready.wait(self.ready_timeout)
        if self._server is not None:
            self._server.stop()
            self._server = None
