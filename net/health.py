"""Online or offline: a background health check whose answer drives the HUD's indicator.

Offline, the world stays fully usable; writes wait in the outbox and reads show what was fetched
last. Pure Python: no Panda3D.
"""
from __future__ import annotations

import threading
from typing import Callable

from net.transport import Transport, TransportError


class HealthMonitor:
    """Asks /healthz every `interval` seconds (sooner after `check_now`)."""

    def __init__(self, transport: Transport, interval: float = 5.0,
                 on_change: Callable[[bool], None] | None = None):
        self.transport, self.interval, self.on_change = transport, interval, on_change
        self.online: bool | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def check(self) -> bool:
        """One health check, now, on the calling thread."""
        try:
            reply = self.transport.request("GET", "/healthz")
            online = reply.status == 200
        except TransportError:
            online = False
        if online != self.online:
            self.online = online
            if self.on_change is not None:
                self.on_change(online)
        return online

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="health", daemon=True)
            self._thread.start()

    def check_now(self) -> None:
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.check()
            self._wake.wait(self.interval)
            self._wake.clear()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None
