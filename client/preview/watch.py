"""Watching a scene's files for edits (watchdog), handed to the main thread through a queue.

watchdog calls back on its own thread, where nothing may touch the scene graph, so the handler only
puts changed paths on a queue. The state drains it each frame and reloads once the edits have
settled (an editor's save is often several events: write, rename, touch).
"""
from __future__ import annotations

import logging
import queue
import time
from pathlib import Path
from typing import Callable, Iterable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

log = logging.getLogger(__name__)
DEBOUNCE_S = 0.3


class _Handler(FileSystemEventHandler):
    def __init__(self, changes: "queue.Queue[Path]", wanted: Callable[[Path], bool]):
        self.changes, self.wanted = changes, wanted

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type in ("opened", "closed_no_write"):
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if raw:
                path = Path(raw if isinstance(raw, str) else raw.decode()).resolve()
                if self.wanted(path):
                    self.changes.put(path)


class FileWatcher:
    """Watches a set of files (through their folders) and reports settled edits to the main thread."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, debounce_s: float = DEBOUNCE_S):
        self.changes: "queue.Queue[Path]" = queue.Queue()
        self.clock, self.debounce_s = clock, debounce_s
        self.files: set[Path] = set()
        self._folders: dict[Path, object] = {}
        self._pending: set[Path] = set()
        self._last_event = 0.0
        self._observer = Observer()
        self._observer.daemon = True
        self._handler = _Handler(self.changes, lambda p: p in self.files)
        self._started = False

    def watch(self, files: Iterable[Path]) -> None:
        """Watch exactly these files from now on (a reload may name new ones)."""
        self.files = {Path(f).resolve() for f in files}
        folders = {f.parent for f in self.files if f.parent.is_dir()}
        for folder in set(self._folders) - folders:
            self._observer.unschedule(self._folders.pop(folder))
        for folder in folders - set(self._folders):
            self._folders[folder] = self._observer.schedule(self._handler, str(folder), recursive=False)
        if not self._started:
            self._observer.start()
            self._started = True

    def poll(self) -> set[Path]:
        """Files changed since the last reload, once no new event came for the debounce time; else empty."""
        while True:
            try:
                self._pending.add(self.changes.get_nowait())
            except queue.Empty:
                break
            self._last_event = self.clock()
        if self._pending and self.clock() - self._last_event >= self.debounce_s:
            settled, self._pending = self._pending, set()
            return settled
        return set()

    def wait_for_change(self, timeout: float) -> Path | None:
        """Block until the watcher thread reports a change (tests only; bounded by timeout)."""
        try:
            path = self.changes.get(timeout=timeout)
        except queue.Empty:
            return None
        self._pending.add(path)
        self._last_event = self.clock()
        return path

    @property
    def alive(self) -> bool:
        return self._observer.is_alive()

    def stop(self) -> None:
        """Stop the observer thread and wait for it: a closed preview leaves no thread behind."""
        if self._started:
            self._observer.stop()
            self._observer.join(timeout=5)
        self._folders.clear()
