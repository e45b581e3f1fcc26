"""What a glTF model is made of on disk: its JSON and the files it refers to. No Panda3D here."""
from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse


def read_gltf_json(path: Path) -> dict[str, Any]:
    """The JSON part of a .gltf or .glb file (no buffers decoded)."""
    data = Path(path).read_bytes()
    if data[:4] == b"glTF":
        length, kind = struct.unpack_from("<I4s", data, 12)
        if kind != b"JSON":
            raise ValueError("the first chunk is not JSON")
        return json.loads(data[20:20 + length].decode("utf-8"))
    return json.loads(data.decode("utf-8"))


def referenced_files(path: Path) -> list[Path]:
    """The files a glTF model is made of: itself first, then the external buffers and images it names.

    Embedded (``data:``) and remote URIs are not files; a file that cannot be read as glTF is
    returned alone (the loader says what is wrong with it).
    """
    path = Path(path).resolve()
    files = [path]
    try:
        doc = read_gltf_json(path)
    except (OSError, ValueError, UnicodeDecodeError, struct.error):
        return files
    if not isinstance(doc, dict):
        return files
    for item in [*(doc.get("buffers") or []), *(doc.get("images") or [])]:
        uri = item.get("uri") if isinstance(item, dict) else None
        if isinstance(uri, str) and uri and not uri.startswith("data:") and not urlparse(uri).scheme:
            part = (path.parent / unquote(uri)).resolve()
            if part not in files:
                files.append(part)
    return files
