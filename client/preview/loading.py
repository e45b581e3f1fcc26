"""Loading models for the preview: always from disk, never from Panda3D's model or texture pools.

A creator edits a file and expects to see the edit, so each load first drops the file (and the
textures it names) from the pools. Valid glTF that panda3d-gltf 1.3 cannot read is normalised
first: several accessors sharing one bufferView without a byteStride (the spec makes the stride
optional; the converter raises ``KeyError: 'byteStride'``) get one bufferView each.
"""
from __future__ import annotations

import copy
import dataclasses
from pathlib import Path
from typing import Any

from panda3d.core import (ConfigVariableBool, ConfigVariableInt, ConfigVariableString, Filename, LoaderOptions,
                          ModelPool, NodePath, TexturePool)

from client.gltf_files import read_gltf_json, referenced_files

MODEL_SUFFIXES = (".glb", ".gltf")


def needs_normalising(doc: dict[str, Any]) -> bool:
    """True when accessors share a bufferView that has no byteStride (panda3d-gltf 1.3 cannot read it)."""
    users: dict[int, int] = {}
    for acc in doc.get("accessors", []):
        if isinstance(acc, dict) and isinstance(acc.get("bufferView"), int):
            users[acc["bufferView"]] = users.get(acc["bufferView"], 0) + 1
    views = doc.get("bufferViews", [])
    return any(n > 1 and 0 <= v < len(views) and "byteStride" not in views[v] for v, n in users.items())


def normalised(doc: dict[str, Any]) -> dict[str, Any]:
    """A copy of doc where each accessor on a shared, stride-less bufferView has a bufferView of its own.

    Without a stride the data of each accessor is tightly packed, so a view starting at the
    accessor's offset describes exactly the same bytes."""
    doc = copy.copy(doc)
    views = [dict(v) for v in doc.get("bufferViews", [])]
    accessors = [dict(a) for a in doc.get("accessors", [])]
    shared: dict[int, int] = {}
    for acc in accessors:
        if isinstance(acc.get("bufferView"), int):
            shared[acc["bufferView"]] = shared.get(acc["bufferView"], 0) + 1
    for acc in accessors:
        index = acc.get("bufferView")
        if not isinstance(index, int) or shared.get(index, 0) < 2 or "byteStride" in views[index]:
            continue
        view = views[index]
        offset = acc.pop("byteOffset", 0)
        views.append({**view, "byteOffset": view.get("byteOffset", 0) + offset,
                      "byteLength": view["byteLength"] - offset})
        acc["bufferView"] = len(views) - 1
    doc["bufferViews"], doc["accessors"] = views, accessors
    return doc


def _gltf_settings():
    """panda3d-gltf's settings from the config variables, as its loader plugin reads them."""
    from gltf import GltfSettings  # noqa: PLC0415 - only needed for files that are normalised

    settings = GltfSettings()
    kinds = {"str": ConfigVariableString, "bool": ConfigVariableBool, "int": ConfigVariableInt}
    for item in dataclasses.fields(settings):
        kind = kinds[item.type if isinstance(item.type, str) else item.type.__name__]
        name = "gltf-" + item.name.replace("_", "-")
        setattr(settings, item.name, kind(name, getattr(settings, item.name)).get_value())
    return settings


def forget(files: list[Path]) -> None:
    """Drop these files from Panda3D's model and texture pools, so the next load reads the disk."""
    wanted = {Filename.from_os_specific(str(Path(f).resolve())).get_fullpath() for f in files}
    for name in wanted:
        ModelPool.release_model(Filename(name))
    for texture in TexturePool.find_all_textures():
        if texture.get_fullpath().get_fullpath() in wanted:
            TexturePool.release_texture(texture)


class FreshLoader:
    """Stands in for Panda3D's Loader inside a ModelLoader: every load_model reads the file anew.

    Used through client.world.models.ModelLoader, so the preview shows a model exactly as the world
    does (same colour handling and error messages)."""

    def __init__(self, loader):
        self.loader = loader

    def load_model(self, filename: Filename, loaderOptions: LoaderOptions | None = None, **_) -> NodePath | None:
        """Load filename bypassing the pools; returns the model (None or raises when it cannot)."""
        path = Path(filename.to_os_specific())
        forget(referenced_files(path) if path.suffix.lower() in MODEL_SUFFIXES else [path])
        if path.suffix.lower() in MODEL_SUFFIXES:
            doc = read_gltf_json(path)
            if needs_normalising(doc):
                return self._convert(path)
        options = LoaderOptions(LoaderOptions.LF_no_cache | LoaderOptions.LF_report_errors)
        return self.loader.load_model(filename, loaderOptions=options)

    @staticmethod
    def _convert(path: Path) -> NodePath:
        from gltf._converter import Converter  # noqa: PLC0415 - the plugin's own converter, fed fixed data
        from gltf.parseutils import parse_gltf_file  # noqa: PLC0415

        converter = Converter(Filename.from_os_specific(str(path)), settings=_gltf_settings())
        converter.update(normalised(parse_gltf_file(str(path))))
        return NodePath(converter.active_scene.node())
