"""glTF models converted once to .bam files in the user's cache folder, keyed by their content.

panda3d-gltf turns a .glb into Panda3D nodes in Python: Seoul Plaza takes about 130 ms, where
reading the same nodes back from a .bam takes about 5 ms (C++ only). So the first load of each
model writes a .bam, and every later start or site switch reads that instead.

The key is a hash of the file's bytes (and of the .bin and image files a .gltf refers to), of the
Panda3D and panda3d-gltf versions and of the loader settings, so an edited model, an upgrade or a
different setting can never be served a stale conversion. Panda3D's own model cache is keyed by
file name and time stamp and misses such changes with glTF, which is why it stays off
(``model-cache-dir`` is empty in client/app.py).

A .bam is written under a temporary name and renamed into place, so a killed process leaves no
half-written entry; one that cannot be read is deleted and the glTF loaded instead. The folder is
kept under ``limit_bytes``, least recently used first. A cache that cannot be written (read-only
folder, full disk) is logged once and the models load from their glTF files as before.
"""
from __future__ import annotations

import hashlib
import logging
import os
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from client.gltf_files import referenced_files

log = logging.getLogger(__name__)

# Bumped whenever what is stored changes shape (a different conversion, say), to drop old entries.
CACHE_FORMAT = 1
CONVERTED_SUFFIXES = (".glb", ".gltf")
DEFAULT_LIMIT_BYTES = 256 * 1024 * 1024
STALE_TEMP_S = 3600.0  # a temporary file this old belongs to a process that died while writing


def library_salt(loader_settings: str = "") -> str:
    """What, besides the file, decides the conversion: library versions and the loader's settings."""
    versions = []
    for package in ("panda3d", "panda3d-gltf"):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} ?")
    return f"format {CACHE_FORMAT}; " + "; ".join(versions) + f"; {loader_settings}"


class ModelCache:
    """Content-keyed .bam conversions of glTF files under ``directory``."""

    def __init__(self, directory: Path, salt: str, limit_bytes: int = DEFAULT_LIMIT_BYTES):
        self.directory = directory
        self.salt = salt
        self.limit_bytes = limit_bytes
        self.writable = True
        # path -> (sizes and times of it and its parts, its parts, key): each file is hashed once per
        # run unless it or a file it refers to changes on disk.
        self._keys: dict[Path, tuple[list[tuple[int, int] | None], list[Path], str]] = {}
        # What each model was loaded from in this run: the model pool holds it under that name,
        # so later loads must ask for the same file to find it there.
        self._sources: dict[Path, Path] = {}

    def key(self, path: Path) -> str:
        """The hex key of ``path``'s content (with the files a .gltf refers to) and the salt."""
        memo = self._keys.get(path)
        if memo is not None and memo[0] == _stamps([path, *memo[1]]):
            return memo[2]
        parts = referenced_files(path)[1:]
        stamps = _stamps([path, *parts])
        digest = hashlib.sha256(self.salt.encode("utf-8"))
        digest.update(path.read_bytes())
        for part in parts:
            digest.update(part.name.encode("utf-8"))
            digest.update(part.read_bytes() if part.is_file() else b"<missing>")
        key = digest.hexdigest()
        self._keys[path] = (stamps, parts, key)
        return key

    def entry(self, path: Path) -> Path:
        """Where the .bam of ``path``'s current content lives (whether or not it exists yet)."""
        return self.directory / f"{self.key(path)}.bam"

    def source(self, path: Path) -> Path:
        """The file to load for ``path``: what this run loaded it from, else its .bam if stored, else itself."""
        known = self._sources.get(path)
        if known is not None:
            return known
        if path.suffix.lower() not in CONVERTED_SUFFIXES:
            return path
        try:
            entry = self.entry(path)
            if entry.is_file():
                os.utime(entry)  # recently used: the last to be pruned
                return entry
        except OSError as exc:
            log.warning("model cache: %s: %s; loading the glTF file", path, exc)
        return path

    def loaded(self, path: Path, source: Path, model: Any) -> None:
        """Record that ``path`` was loaded from ``source``; store a .bam of ``model`` if that was the glTF.

        ``model`` must be as the loader returned it (before any per-profile change), so that the
        stored file is the same whichever graphics profile wrote it.
        """
        self._sources[path] = source
        if source == path and path.suffix.lower() in CONVERTED_SUFFIXES:
            self.store(path, model)

    def forget(self, path: Path) -> None:
        """Drop ``path``'s .bam (it could not be read) so the glTF file is loaded and converted again."""
        self._sources.pop(path, None)
        try:
            self.entry(path).unlink(missing_ok=True)
        except OSError as exc:
            log.warning("model cache: cannot remove the entry of %s: %s", path, exc)

    def store(self, path: Path, model: Any) -> Path | None:
        """Write ``model`` (a NodePath) as the .bam of ``path``; None when the cache cannot be written."""
        if not self.writable:
            return None
        try:
            entry = self.entry(path)
            if entry.is_file():
                return entry
            self.directory.mkdir(parents=True, exist_ok=True)
            temp = entry.with_name(f"{entry.stem}.{os.getpid()}.tmp")
            if not model.write_bam_file(str(temp)):
                temp.unlink(missing_ok=True)
                raise OSError(f"cannot write {temp}")
            os.replace(temp, entry)
        except OSError as exc:
            # Loading still works from the glTF files; only the speed-up is lost.
            self.writable = False
            log.warning("model cache at %s cannot be written (%s); models load from their glTF files",
                        self.directory, exc)
            return None
        self.prune()
        return entry

    def prune(self, now: float | None = None) -> None:
        """Keep the folder under ``limit_bytes`` (least recently used out first); drop dead temporary files."""
        now = time.time() if now is None else now
        entries = []
        try:
            for item in self.directory.iterdir():
                stat = item.stat()
                if item.suffix == ".tmp" and now - stat.st_mtime > STALE_TEMP_S:
                    item.unlink(missing_ok=True)
                elif item.suffix == ".bam":
                    entries.append((stat.st_mtime, stat.st_size, item))
        except OSError as exc:
            log.warning("model cache at %s cannot be tidied: %s", self.directory, exc)
            return
        total = sum(size for _, size, _ in entries)
        for _, size, item in sorted(entries):
            if total <= self.limit_bytes:
                break
            try:
                item.unlink(missing_ok=True)
            except OSError as exc:
                log.warning("model cache: cannot remove %s: %s", item, exc)
                continue
            total -= size


def _stamps(paths: list[Path]) -> list[tuple[int, int] | None]:
    """Size and modification time of each file (None where it is missing): what says it may have changed."""
    stamps: list[tuple[int, int] | None] = []
    for path in paths:
        try:
            stat = path.stat()
        except FileNotFoundError:
            stamps.append(None)
        else:
            stamps.append((stat.st_size, stat.st_mtime_ns))
    return stamps
