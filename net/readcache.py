"""The last answer to each read, so screens can still show something while offline.

Kept in memory only: it may hold a citizen's bills or documents, which must not outlive the session
(a kiosk wipe or logout clears it). Pure Python: no Panda3D.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Callable, Generic, TypeVar

from net.errors import ApiError

T = TypeVar("T")
OFFLINE_CODES = {"unreachable", "unavailable"}


@dataclass(frozen=True)
class Reading(Generic[T]):
    value: T
    fetched_at: float  # when the server gave this answer (time.time())
    stale: bool  # True: the server could not be asked now; this is the last answer it gave


class ReadCache:
    def __init__(self, clock: Callable[[], float] = time.time):
        self.clock = clock
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[object, float]] = {}

    def fetch(self, key: str, call: Callable[[], T]) -> Reading[T]:
        """Ask the server; if it cannot be reached, fall back to the last answer, marked stale."""
        try:
            value = call()
        except ApiError as exc:
            with self._lock:
                cached = self._entries.get(key)
            if exc.code in OFFLINE_CODES and cached is not None:
                return Reading(cached[0], cached[1], True)
            raise
        now = self.clock()
        with self._lock:
            self._entries[key] = (value, now)
        return Reading(value, now, False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
