"""Run the backend inside another process (the client) on a private loopback port.

    from server.embedded import EmbeddedServer
    with EmbeddedServer(data_dir) as srv:
        requests.get(srv.url + "/healthz")
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import uvicorn
from fastapi import FastAPI

from server.app import create_app
from server.core.clock import Clock
from server.core.config import DATABASE_FILENAME, ServerSettings
from server.core.serving import uvicorn_config

logger = logging.getLogger(__name__)

HOST = "127.0.0.1"


class _SignallingServer(uvicorn.Server):
    """A uvicorn server that sets an event once its socket is accepting connections."""

    def __init__(self, config: uvicorn.Config, ready: threading.Event) -> None:
        super().__init__(config)
        self._ready = ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        """Start as usual, then signal readiness (startup failures exit before this)."""
        await super().startup(sockets=sockets)
        self._ready.set()


class EmbeddedServer:
    """The reference backend on ``127.0.0.1`` with a free port, in a daemon thread.

    By default it keeps a SQLite file ``data_dir / "metaverse-seoul.sqlite3"``;
    ``database_url`` points it at another database instead. The object can be
    started again after ``stop()``; each start gets a new port.
    """

    def __init__(
        self,
        data_dir: Path,
        database_url: str | None = None,
        seed_demo: bool = True,
        *,
        settings_overrides: Mapping[str, Any] | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.database_url = database_url
        self.seed_demo = seed_demo
        # Extra ServerSettings fields (e.g. rate limits in tests); the clock lets tests move time.
        self.settings_overrides = dict(settings_overrides or {})
        self.clock = clock
        self._lock = threading.Lock()
        self._server: _SignallingServer | None = None
        self._thread: threading.Thread | None = None
        self._url: str | None = None
        self._app: FastAPI | None = None

    @property
    def url(self) -> str | None:
        """``http://127.0.0.1:PORT`` while running, else None."""
        return self._url

    @property
    def app(self) -> FastAPI | None:
        """The running FastAPI app (for tests that need its state), else None."""
        return self._app if self.running else None

    @property
    def database_path(self) -> Path | None:
        """The SQLite file used when no ``database_url`` was given, else None."""
        return None if self.database_url else self.data_dir / DATABASE_FILENAME

    @property
    def running(self) -> bool:
        """True between a successful ``start()`` and ``stop()``."""
        return self._thread is not None and self._thread.is_alive()

    def settings(self) -> ServerSettings:
        """The settings this server runs with (environment variables cannot redirect it)."""
        return ServerSettings(
            **{**self.settings_overrides, "data_dir": self.data_dir, "database_url": self.database_url,
               "seed_demo": self.seed_demo}
        )

    def start(self, timeout: float = 15.0) -> str:
        """Start serving and return the base URL once connections are accepted.

        Returns the current URL if already running. Raises RuntimeError naming the
        cause if the data directory, database or socket cannot be set up in time.
        """
        with self._lock:
            if self.running and self._url is not None:
                return self._url
            if self.database_url is None:
                try:
                    self.data_dir.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise RuntimeError(f"Embedded server cannot create data directory {self.data_dir}: {exc}") from exc

            try:
                app = create_app(self.settings(), clock=self.clock)
            except ValueError as exc:  # includes pydantic's ValidationError from bad env values
                raise RuntimeError(f"Embedded server settings are invalid: {exc}") from exc
            sock = _bind_loopback()
            port = sock.getsockname()[1]
            config = uvicorn_config(
                app,
                host=HOST,
                port=port,
                lifespan="on",
                # Leave the host program's logging alone: uvicorn's records propagate to
                # its root logger. No access log, so no paths or queries are logged.
                log_config=None,
                log_level="warning",
                access_log=False,
                timeout_graceful_shutdown=5,
            )
            ready = threading.Event()
            failures: list[BaseException] = []
            server = _SignallingServer(config, ready)
            thread = threading.Thread(
                target=_serve,
                args=(server, sock, ready, failures),
                name=f"metaverse-seoul-server-{port}",
                daemon=True,
            )
            thread.start()

            if not ready.wait(timeout):
                # Let the thread finish on its own once startup returns.
                server.should_exit = True
                raise RuntimeError(f"Embedded server did not start within {timeout:g} s (database {self._where()})")
            if not server.started:
                thread.join(timeout)
                cause = app.state.startup_error or (failures[0] if failures else None)
                detail = f"{type(cause).__name__}: {cause}" if cause is not None else "unknown error, see the log"
                raise RuntimeError(f"Embedded server failed to start (database {self._where()}): {detail}") from cause

            self._server, self._thread, self._app = server, thread, app
            self._url = f"http://{HOST}:{port}"
            logger.info("Embedded server listening on %s", self._url)
            return self._url

    def stop(self, timeout: float = 5.0) -> None:
        """Shut down gracefully (finishing requests in flight) and join the thread."""
        with self._lock:
            server, thread = self._server, self._thread
            self._server = self._thread = None
            self._url = None
            if server is None or thread is None:
                return
            server.should_exit = True
            thread.join(timeout)
            if thread.is_alive():
                # Requests are still running past the deadline: stop waiting for them.
                server.force_exit = True
                thread.join(timeout)
            if thread.is_alive():
                logger.warning("Embedded server thread did not stop within %.1f s", 2 * timeout)

    def __enter__(self) -> EmbeddedServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _where(self) -> str:
        return str(self.database_path) if self.database_path else "from database_url"


def _bind_loopback() -> socket.socket:
    """Bind a TCP socket to a free loopback port, chosen by the OS (port 0)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((HOST, 0))
    except OSError as exc:
        sock.close()
        raise RuntimeError(f"Embedded server cannot bind {HOST}: {exc}") from exc
    return sock


def _serve(
    server: _SignallingServer,
    sock: socket.socket,
    ready: threading.Event,
    failures: list[BaseException],
) -> None:
    """Thread body: run uvicorn until told to exit, recording why it stopped early."""
    try:
        server.run(sockets=[sock])
    except SystemExit as exc:
        # uvicorn calls sys.exit() when startup fails; in a thread that only ends the thread.
        failures.append(exc)
    except Exception as exc:  # noqa: BLE001 - reported to start() and logged, never lost
        failures.append(exc)
        logger.exception("Embedded server stopped with an error")
    finally:
        sock.close()
        # Wakes start() on failure too; it then checks server.started.
        ready.set()
