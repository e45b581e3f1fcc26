"""Delivers the outbox in the background: oldest first, with backoff while the backend is away.

Outcomes go into an event queue that the main thread drains (the app does it once per frame), so
screens learn "delivered", "refused" or "still waiting" without ever waiting themselves.
Pure Python: no Panda3D.
"""
from __future__ import annotations

import logging
import queue
import random
import threading
import time
from dataclasses import dataclass
from typing import Callable

from net.outbox import Outbox, OutboxItem
from net.transport import Transport, TransportError

log = logging.getLogger(__name__)

# Replies that mean "this will never succeed as sent": the citizen must be told, not retried forever.
_RETRYABLE_STATUS = {408, 425, 429, 500, 502, 503, 504}
# Replies that mean the server already has it (an agree repeated after a lost answer).
_ALREADY_DONE_CODES = {"already_agreed"}


@dataclass(frozen=True)
class OutboxEvent:
    kind: str  # "delivered", "failed", "waiting"
    item: OutboxItem


class OutboxSender:
    """One background thread that sends outbox items through a Transport."""

    def __init__(
        self,
        outbox: Outbox,
        transport: Transport,
        token: Callable[[], str | None] = lambda: None,
        min_backoff: float = 0.5,
        max_backoff: float = 30.0,
        clock: Callable[[], float] = time.time,
    ):
        self.outbox, self.transport, self.token = outbox, transport, token
        self.min_backoff, self.max_backoff, self.clock = min_backoff, max_backoff, clock
        self.events: queue.SimpleQueue[OutboxEvent] = queue.SimpleQueue()
        self._wake = threading.Condition()
        self._stop = False
        self._thread: threading.Thread | None = None
        self.online: bool | None = None  # None until the first attempt says

    def start(self) -> None:
        if self._thread is None:
            self._stop = False
            self._thread = threading.Thread(target=self._run, name="outbox-sender", daemon=True)
            self._thread.start()

    def wake(self) -> None:
        """Something new was added, or a session appeared: look at the outbox now."""
        with self._wake:
            self._wake.notify_all()

    def stop(self, timeout: float = 5.0) -> None:
        with self._wake:
            self._stop = True
            self._wake.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        while True:
            with self._wake:
                if self._stop:
                    return
            item = self.outbox.head()
            delay = self._delay_before(item)
            if delay > 0:
                with self._wake:
                    if not self._stop:
                        self._wake.wait(timeout=min(delay, 5.0))
                continue
            self.send_one(item)

    def _delay_before(self, item: OutboxItem | None) -> float:
        if item is None:
            return 5.0
        if item.needs_session and not self.token():
            return 5.0  # waits until the citizen logs in again; tokens never outlive the process
        return self.outbox.next_attempt_at(item.id) - self.clock()

    def send_one(self, item: OutboxItem) -> str:
        """Try to deliver one item now; returns 'delivered', 'failed' or 'waiting'."""
        try:
            reply = self.transport.request(item.method, item.path, json=item.body,
                                           idempotency_key=item.idempotency_key, token=self.token())
        except TransportError as exc:
            self.online = False
            return self._retry(item, str(exc))
        self.online = True
        body = reply.body if isinstance(reply.body, dict) else {}
        if 200 <= reply.status < 300 or (reply.status == 409 and body.get("code") in _ALREADY_DONE_CODES):
            done = self.outbox.mark_delivered(item.id, reply.body)
            self.events.put(OutboxEvent("delivered", done))
            return "delivered"
        if reply.status in _RETRYABLE_STATUS:
            return self._retry(item, f"the server answered {reply.status}")
        error = {"status": reply.status, "code": body.get("code", f"http_{reply.status}"),
                 "message": body.get("message", ""), "field": body.get("field")}
        failed = self.outbox.mark_failed(item.id, error)
        self.events.put(OutboxEvent("failed", failed))
        return "failed"

    def _retry(self, item: OutboxItem, why: str) -> str:
        # Exponential backoff with full jitter, so many kiosks coming back online don't stampede.
        ceiling = min(self.max_backoff, self.min_backoff * (2 ** min(item.attempts, 10)))
        waiting = self.outbox.mark_retry(item.id, why, random.uniform(ceiling / 2, ceiling))
        log.info("outbox item %s (%s) waits: %s", item.id, item.kind, why)
        self.events.put(OutboxEvent("waiting", waiting))
        return "waiting"
