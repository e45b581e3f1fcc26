"""Checks a glTF 2.0 asset (.glb or .gltf) before Panda3D ever loads it: structure, bounds and budgets.

A creator's file, or a hostile one, gets a list of findings that each name the file, the place in it
(``accessors[3]``) and the cause, never a crash, a hang or a memory blow-up: the file's size is
checked before it is read, the JSON is read with a size limit and without deep nesting, every
offset and length is checked against what is really there, and images are judged by their headers
(never decoded). Budgets are graded green, yellow or red like Hubs' scene checker (triangles
50k/75k, materials 25/50, textures 2048², file 16/50 MB). Pure Python: no Panda3D here.
"""
from __future__ import annotations

import base64
import binascii
import json
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_FILE = 50 * 1024 * 1024  # red beyond this: not read at all
MAX_JSON = 8 * 1024 * 1024
MAX_DEPTH = 64  # glTF needs about 6 levels; thousands of nested [ would exhaust the parser
BUDGETS = {  # name: (yellow above, red above)
    "triangles": (50_000, 75_000),
    "materials": (25, 50),
    "texture_px": (2048, 4096),
    "file_bytes": (16 * 1024 * 1024, MAX_FILE),
}
COMPONENT_BYTES = {5120: 1, 5121: 1, 5122: 2, 5123: 2, 5125: 4, 5126: 4}
TYPE_COUNT = {"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4, "MAT2": 4, "MAT3": 9, "MAT4": 16}
TRIANGLES, TRIANGLE_STRIP, TRIANGLE_FAN = 4, 5, 6


@dataclass(frozen=True)
class Finding:
    """One problem: ``level`` is "error" (cannot be used) or "warning" (over a yellow budget)."""

    level: str
    file: str
    where: str
    cause: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.cause}" if self.where else f"{self.file}: {self.cause}"


@dataclass
class AssetReport:
    """What a check found, and the budget figures with their grades."""

    file: str
    findings: list[Finding] = field(default_factory=list)
    figures: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(f.level == "error" for f in self.findings)

    def grade(self, name: str) -> str:
        """green / yellow / red for one budget figure."""
        yellow, red = BUDGETS[name]
        value = self.figures.get(name, 0)
        return "red" if value > red else "yellow" if value > yellow else "green"

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "ok": self.ok,
                "findings": [{"level": f.level, "where": f.where, "cause": f.cause} for f in self.findings],
                "budgets": {name: {"value": self.figures.get(name, 0), "grade": self.grade(name),
                                   "yellow_above": BUDGETS[name][0], "red_above": BUDGETS[name][1]}
                            for name in BUDGETS}}


class _Stop(Exception):
    """The file cannot be read further; the finding is already recorded."""


class _Checker:
    def __init__(self, path: Path):
        self.path = path
        self.report = AssetReport(str(path))

    def error(self, where: str, cause: str) -> None:
        self.report.findings.append(Finding("error", str(self.path), where, cause))

    def fatal(self, where: str, cause: str):
        self.error(where, cause)
        return _Stop()

    # -- the container ----------------------------------------------------------------------------
    def read(self) -> tuple[dict, bytes | None]:
        try:
            size = self.path.stat().st_size
        except OSError as exc:
            raise self.fatal("", f"cannot be read ({exc.strerror or exc})") from None
        self.report.figures["file_bytes"] = size
        if size > MAX_FILE:
            raise self.fatal("", f"is {size / 2**20:.1f} MB; the limit is {MAX_FILE // 2**20} MB")
        data = self.path.read_bytes()
        if self.path.suffix.lower() == ".glb":
            return self._glb(data)
        return self._json(data, "the file"), None

    def _glb(self, data: bytes) -> tuple[dict, bytes | None]:
        if len(data) < 20:
            raise self.fatal("header", f"a .glb needs at least 20 bytes, this has {len(data)}")
        magic, version, length = struct.unpack_from("<4sII", data)
        if magic != b"glTF":
            raise self.fatal("header", f"does not start with 'glTF' (found {magic!r})")
        if version != 2:
            raise self.fatal("header", f"is glTF version {version}; only version 2 is supported")
        if length != len(data):
            raise self.fatal("header", f"declares {length} bytes but the file has {len(data)}")
        chunks, offset = [], 12
        while offset < len(data):
            if offset + 8 > len(data):
                raise self.fatal(f"chunk {len(chunks)}", "is cut off in its header")
            chunk_len, chunk_type = struct.unpack_from("<I4s", data, offset)
            if offset + 8 + chunk_len > len(data):
                raise self.fatal(f"chunk {len(chunks)}", f"declares {chunk_len} bytes, more than the file has left")
            chunks.append((chunk_type, data[offset + 8:offset + 8 + chunk_len]))
            offset += 8 + chunk_len
        if not chunks or chunks[0][0] != b"JSON":
            raise self.fatal("chunk 0", "must be the JSON chunk")
        binary = chunks[1][1] if len(chunks) > 1 and chunks[1][0] == b"BIN\x00" else None
        return self._json(chunks[0][1], "the JSON chunk"), binary

    def _json(self, raw: bytes, what: str) -> dict:
        if len(raw) > MAX_JSON:
            raise self.fatal("", f"{what} is {len(raw)} bytes; the limit is {MAX_JSON}")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise self.fatal("", f"{what} is not UTF-8 (byte {exc.start})") from None
        depth = deepest = 0
        for ch in text:  # before json.loads: deep nesting would exhaust Python's recursion
            if ch in "[{":
                depth += 1
                deepest = max(deepest, depth)
                if deepest > MAX_DEPTH:
                    raise self.fatal("", f"{what} nests deeper than {MAX_DEPTH} levels")
            elif ch in "]}":
                depth -= 1
        try:
            doc = json.loads(text)
        except ValueError as exc:
            raise self.fatal("", f"{what} is not valid JSON ({exc})") from None
        if not isinstance(doc, dict):
            raise self.fatal("", f"{what} must be a JSON object")
        return doc

    # -- the document ------------------------------------------------------------------------------
    def check(self, doc: dict, binary: bytes | None) -> None:
        asset = doc.get("asset")
        if not isinstance(asset, dict) or asset.get("version") != "2.0":
            self.error("asset.version", "must be \"2.0\"")
        buffers = [self._buffer(i, b, binary) for i, b in enumerate(self._list(doc, "buffers"))]
        views = [self._view(i, v, buffers) for i, v in enumerate(self._list(doc, "bufferViews"))]
        accessors = [self._accessor(i, a, views) for i, a in enumerate(self._list(doc, "accessors"))]
        self._meshes(doc, accessors)
        self._images(doc, views, buffers)
        self.report.figures["materials"] = len(self._list(doc, "materials"))

    def _list(self, doc: dict, key: str) -> list:
        value = doc.get(key, [])
        if not isinstance(value, list):
            self.error(key, "must be a list")
            return []
        return value

    @staticmethod
    def _int(value: Any, low: int = 0) -> int | None:
        return value if isinstance(value, int) and not isinstance(value, bool) and value >= low else None

    def _index(self, where: str, value: Any, items: list, what: str) -> Any:
        index = self._int(value)
        if index is None or index >= len(items):
            self.error(where, f"refers to {what} {value!r}, which does not exist (there are {len(items)})")
            return None
        return items[index]

    def _buffer(self, i: int, buffer: Any, binary: bytes | None) -> bytes | None:
        where = f"buffers[{i}]"
        if not isinstance(buffer, dict) or self._int(buffer.get("byteLength"), 1) is None:
            self.error(where, "needs a positive whole byteLength")
            return None
        declared, uri = buffer["byteLength"], buffer.get("uri")
        if uri is None:
            data = binary if i == 0 else None
            if data is None:
                self.error(where, "has no uri and there is no binary chunk for it")
                return None
        else:
            data = self._uri(where, uri)
            if data is None:
                return None
        if len(data) < declared:
            self.error(where, f"declares {declared} bytes but only {len(data)} are there")
            return None
        return data

    def _uri(self, where: str, uri: Any) -> bytes | None:
        if not isinstance(uri, str):
            self.error(where, "uri must be text")
            return None
        if uri.startswith("data:"):
            head, _, payload = uri.partition(",")
            if not head.endswith(";base64"):
                self.error(where, "a data: uri must be base64")
                return None
            try:
                return base64.b64decode(payload, validate=True)
            except (binascii.Error, ValueError):
                self.error(where, "its data: uri is not valid base64")
                return None
        target = (self.path.parent / uri).resolve()
        if "://" in uri or self.path.parent.resolve() not in target.parents:
            self.error(where, f"uri {uri!r} points outside the model's folder")
            return None
        if not target.is_file():
            self.error(where, f"uri {uri!r}: no such file")
            return None
        if target.stat().st_size > MAX_FILE:
            self.error(where, f"uri {uri!r} is over {MAX_FILE // 2**20} MB")
            return None
        return target.read_bytes()

    def _view(self, i: int, view: Any, buffers: list) -> int | None:
        """The view's usable length, or None when it is broken."""
        where = f"bufferViews[{i}]"
        if not isinstance(view, dict):
            self.error(where, "must be an object")
            return None
        data = self._index(f"{where}.buffer", view.get("buffer"), buffers, "buffer")
        offset, length = self._int(view.get("byteOffset", 0)), self._int(view.get("byteLength"), 1)
        if offset is None or length is None:
            self.error(where, "byteOffset and byteLength must be whole numbers (byteLength at least 1)")
            return None
        if data is not None and offset + length > len(data):
            self.error(where, f"bytes {offset}–{offset + length} run past its buffer's {len(data)}")
            return None
        return length if data is not None else None

    def _accessor(self, i: int, accessor: Any, views: list) -> dict | None:
        where = f"accessors[{i}]"
        if not isinstance(accessor, dict):
            self.error(where, "must be an object")
            return None
        size = COMPONENT_BYTES.get(accessor.get("componentType"))
        count, kind = self._int(accessor.get("count"), 1), TYPE_COUNT.get(accessor.get("type"))
        if size is None or kind is None or count is None:
            self.error(where, "needs a valid componentType, type and a count of at least 1")
            return None
        if "bufferView" in accessor:
            length = self._index(f"{where}.bufferView", accessor["bufferView"], views, "bufferView")
            offset = self._int(accessor.get("byteOffset", 0))
            need = (offset or 0) + count * size * kind
            if offset is None:
                self.error(where, "byteOffset must be a whole number")
                return None
            if length is not None and need > length:
                self.error(where, f"needs {need} bytes but its bufferView has {length}")
                return None
        return accessor

    def _meshes(self, doc: dict, accessors: list) -> None:
        # A mesh is drawn once per node that uses it (and once if none does, as a loader would show it).
        uses: dict[int, int] = {}
        for node in self._list(doc, "nodes"):
            if isinstance(node, dict) and self._int(node.get("mesh")) is not None:
                uses[node["mesh"]] = uses.get(node["mesh"], 0) + 1
        total = 0
        for m, mesh in enumerate(self._list(doc, "meshes")):
            triangles = 0
            primitives = mesh.get("primitives") if isinstance(mesh, dict) else None
            if not isinstance(primitives, list) or not primitives:
                self.error(f"meshes[{m}]", "needs a list of primitives")
                continue
            for p, prim in enumerate(primitives):
                where = f"meshes[{m}].primitives[{p}]"
                attributes = prim.get("attributes") if isinstance(prim, dict) else None
                if not isinstance(attributes, dict) or "POSITION" not in attributes:
                    self.error(where, "needs attributes with a POSITION")
                    continue
                for name, index in attributes.items():
                    self._index(f"{where}.attributes.{name}", index, accessors, "accessor")
                counted = prim.get("indices", attributes["POSITION"])
                accessor = self._index(f"{where}.indices" if "indices" in prim else f"{where}.attributes.POSITION",
                                       counted, accessors, "accessor")
                if accessor is None:
                    continue
                mode, count = prim.get("mode", TRIANGLES), accessor["count"]
                triangles += count // 3 if mode == TRIANGLES else max(0, count - 2) if mode in (
                    TRIANGLE_STRIP, TRIANGLE_FAN) else 0
            total += triangles * max(uses.get(m, 0), 1)
        self.report.figures["triangles"] = total

    def _images(self, doc: dict, views: list, buffers: list) -> None:
        largest = 0
        raw_views = self._list(doc, "bufferViews")
        for i, image in enumerate(self._list(doc, "images")):
            where = f"images[{i}]"
            if not isinstance(image, dict):
                self.error(where, "must be an object")
                continue
            if "uri" in image:
                data = self._uri(where, image["uri"])
            elif self._index(f"{where}.bufferView", image.get("bufferView"), views, "bufferView") is not None:
                view = raw_views[image["bufferView"]]
                data = buffers[view["buffer"]]
                start = view.get("byteOffset", 0)
                data = data[start:start + view["byteLength"]] if data is not None else None
            else:
                continue
            if data is None:
                continue
            dims = image_size(data)
            if dims is None:
                self.error(where, "is not a PNG or JPEG image")
                continue
            largest = max(largest, *dims)
        self.report.figures["texture_px"] = largest


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a PNG's or JPEG's header, without decoding the pixels."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24 and data[12:16] == b"IHDR":
        return struct.unpack(">II", data[16:24])
    if data[:2] == b"\xff\xd8":
        offset = 2
        while offset + 9 <= len(data):
            if data[offset] != 0xFF:
                return None
            marker, length = data[offset + 1], struct.unpack(">H", data[offset + 2:offset + 4])[0]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[offset + 5:offset + 9])
                return width, height
            offset += 2 + length
    return None


def check_asset(path: Path) -> AssetReport:
    """Every finding about one .glb / .gltf file, with its budget figures."""
    checker = _Checker(Path(path))
    try:
        doc, binary = checker.read()
        checker.check(doc, binary)
    except _Stop:
        pass
    report = checker.report
    for name in BUDGETS:
        grade = report.grade(name)
        if grade != "green" and name in report.figures:
            yellow, red = BUDGETS[name]
            level = "error" if grade == "red" and name != "file_bytes" else "warning"
            if not any(f.where == "" and "limit" in f.cause for f in report.findings):
                report.findings.append(Finding(level, report.file, f"budget.{name}",
                                               f"{report.figures[name]:,} is over the {grade} line "
                                               f"({red if grade == 'red' else yellow:,})"))
    return report
