"""Runs blocking calls off the frame loop and hands their results back on the main thread.

A screen submits a call with callbacks; worker threads run it; `pump()`, called once per frame by the
app, delivers finished results. Each job belongs to an owner (usually a state): when the owner goes
away it cancels its jobs, and their callbacks are dropped, so no reply ever touches freed UI.
Pure Python: no Panda3D.
"""
from __future__ import annotations

import itertools
import logging
import queue
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable

log = logging.getLogger(__name__)


@dataclass
class Job:
    id: int
    owner: object
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    cancelled: bool = False
    finished: threading.Event = field(default_factory=threading.Event)

    def cancel(self) -> None:
        """Drop this job's callbacks; the call itself may still finish in the background."""
        self.cancelled = True


class Worker:
    """A small thread pool whose results come back through pump() on the caller's thread."""

    def __init__(self, threads: int = 2, name: str = "net"):
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix=name)
        self._done: queue.SimpleQueue[tuple[Job, bool, Any]] = queue.SimpleQueue()
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._pending: dict[int, Job] = {}
        self._closed = False

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        owner: object = None,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Job:
        """Run fn(*args) on a worker thread; callbacks run later inside pump()."""
        job = Job(next(self._ids), owner, on_done, on_error)
        with self._lock:
            if self._closed:
                raise RuntimeError("the worker has been shut down")
            self._pending[job.id] = job
        self._pool.submit(self._run, job, fn, args)
        return job

    def _run(self, job: Job, fn: Callable[..., Any], args: tuple) -> None:
        try:
            result, ok = fn(*args), True
        except Exception as exc:  # delivered to on_error on the main thread
            result, ok = exc, False
        self._done.put((job, ok, result))
        job.finished.set()

    def pump(self, limit: int = 32) -> int:
        """Deliver finished results on this thread; returns how many callbacks ran."""
        delivered = 0
        while delivered < limit:
            try:
                job, ok, result = self._done.get_nowait()
            except queue.Empty:
                break
            with self._lock:
                self._pending.pop(job.id, None)
            if job.cancelled:
                continue
            callback = job.on_done if ok else job.on_error
            if callback is not None:
                callback(result)
                delivered += 1
            elif not ok:
                log.warning("background call failed with nobody to tell: %s", result)
        return delivered

    def cancel_owner(self, owner: object) -> int:
        """Cancel every pending job of owner; returns how many were cancelled."""
        with self._lock:
            jobs = [job for job in self._pending.values() if job.owner is owner and not job.cancelled]
        for job in jobs:
            job.cancel()
        return len(jobs)

    def cancel_all(self) -> int:
        """Cancel every pending job, whoever owns it (a kiosk wipe)."""
        with self._lock:
            jobs = [job for job in self._pending.values() if not job.cancelled]
        for job in jobs:
            job.cancel()
        return len(jobs)

    def pending(self, owner: object = None) -> int:
        """Jobs submitted but not yet delivered (optionally only owner's)."""
        with self._lock:
            return sum(1 for job in self._pending.values() if owner is None or job.owner is owner)

    def wait_finished(self, timeout: float) -> bool:
        """Block until every submitted call has finished running (not necessarily been pumped)."""
        with self._lock:
            jobs = list(self._pending.values())
        return all(job.finished.wait(timeout) for job in jobs)

    def shutdown(self) -> None:
        """Stop accepting work; running calls finish in the background threads."""
        with self._lock:
            self._closed = True
        self._pool.shutdown(wait=False, cancel_futures=True)
