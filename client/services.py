"""The client's connection to the backend: API calls, the worker, the outbox and its sender, and the
online check, made together from settings and started and stopped together.

`pump()` runs once per frame on the main thread: it delivers finished calls and turns outbox and
health news into messenger events ("outbox-event", "online-changed") that screens listen to.
"""
from __future__ import annotations

import logging
import queue
from typing import Callable

from client.backend import Backend
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
        if settings.kiosk.enabled and b.url == "embedded":
            # A demo kiosk works like this, but the backend's database (accounts, encrypted PII) then
            # lives on the shared machine: a real one names the city's backend in backend.url.
            log.warning("kiosk with the embedded backend: citizens' accounts are stored on this machine; "
                        "set backend.url to the city's backend")
        self.backend = Backend(b, dirs.data)

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
