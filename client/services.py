"""The client's connection to the backend: API calls, the worker, the outbox and its sender, and the
online check, made together from settings and started and stopped together.

`pump()` runs once per frame on the main thread: it delivers finished calls and turns outbox and
health news into messenger events ("outbox-event", "online-changed") that screens listen to.
"""
from __future__ import annotations

import logging
import queue
import shutil
import tempfile
from pathlib import Path
from typing import Callable

from client.backend import Backend
from client.kiosk_watchdog import runtime_dir
from client.paths import UserDirs
from client.settings import Settings
from net.api import ApiClient
from net.health import HealthMonitor
from net.outbox import Outbox
from net.readcache import ReadCache
from net.sender import OutboxSender
from net.transport import Transport
from net.worker import Worker

log = logging.getLogger(__name__)


class NetServices:
    def __init__(self, settings: Settings, dirs: UserDirs, health_interval: float = 5.0):
        b = settings.backend
        self._scratch: Path | None = None
        data_dir = dirs.data
        if settings.kiosk.enabled and b.url == "embedded":
            # A demo kiosk: the backend's database, keys and uploaded ID documents live for this run
            # only, in the runtime folder (RAM on most Linux kiosks), and go when the app closes. A
            # real kiosk names the city's backend in backend.url instead.
            for stale in runtime_dir().glob("backend-*"):  # left by a run the watchdog had to kill
                shutil.rmtree(stale, ignore_errors=True)
            self._scratch = data_dir = Path(tempfile.mkdtemp(prefix="backend-", dir=runtime_dir()))
            log.warning("kiosk with the embedded backend: its data lives in %s for this run only; "
                        "set backend.url to the city's backend", data_dir)
        self.backend = Backend(b, data_dir)

        def transport(retries: int) -> Transport:
            return Transport(self.backend.url, connect_timeout=b.connect_timeout_s,
                             read_timeout=b.read_timeout_s, retries=retries, verify=b.ca_bundle or True)

        self.api = ApiClient(transport(b.retries))
        self.reads = ReadCache()
        self.worker = Worker()
        self.outbox = Outbox(dirs.data / "outbox.sqlite3")
        # The sender does its own backoff between attempts, so its transport does not retry too.
        self.sender = OutboxSender(self.outbox, transport(0), token=self._token)
        self._health_news: queue.SimpleQueue[bool] = queue.SimpleQueue()
        self.health = HealthMonitor(transport(0), health_interval, on_change=self._health_news.put)
        self.online: bool | None = None

    def _token(self) -> str | None:
        return self.api.token

    def forget_citizen(self) -> int:
        """Logout or kiosk wipe: drop the session token, cached reads and finished outbox items.

        Writes still waiting in the outbox stay so they are delivered (the kiosk decides whether to
        tell the citizen or discard them). Calls in flight are cancelled so no reply for the old
        session reaches a screen. Returns how many finished outbox items were purged.
        """
        self.api.forget_session()
        self.reads.clear()
        self.worker.cancel_all()
        return self.outbox.purge_personal()

    def start(self) -> None:
        """Begin starting the embedded backend, sending the outbox and checking health (all background)."""
        self.backend.start()
        self.sender.start()
        self.health.start()

    def queue_write(self, kind: str, method: str, path: str, body: dict, needs_session: bool = False):
        """Store a write that must not be lost and have it sent as soon as possible."""
        item = self.outbox.add(kind, method, path, body, needs_session=needs_session)
        self.sender.wake()
        return item

    def pump(self, send: Callable[..., None]) -> None:
        """Deliver results and news on the main thread; send(event, [args]) is the messenger's."""
        self.worker.pump()
        while True:
            try:
                online = self._health_news.get_nowait()
            except queue.Empty:
                break
            self.online = online
            send("online-changed", [online])
        while True:
            try:
                event = self.sender.events.get_nowait()
            except queue.Empty:
                break
            if event.kind == "delivered" and self.online is False:
                self.online = True
                send("online-changed", [True])
                self.health.check_now()
            send("outbox-event", [event])

    def close(self) -> None:
        self.health.stop()
        self.sender.stop()
        self.worker.shutdown()
        self.backend.stop()
        self.outbox.close()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)  # a kiosk's demo backend leaves nothing
