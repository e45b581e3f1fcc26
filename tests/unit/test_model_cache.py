"""The model cache's keys, pruning and failure handling (client/world/model_cache.py); no ShowBase needed."""
import json
import os
import shutil

from panda3d.core import NodePath

from client.world.model_cache import ModelCache, library_salt
from tests.conftest import SAMPLES

BOX = SAMPLES / "Box.gltf"


def _cache(tmp_path, salt="s", **kw):
    return ModelCache(tmp_path / "cache", salt, **kw)


def test_the_key_follows_the_content_not_the_name(tmp_path):
    a, b = tmp_path / "a.gltf", tmp_path / "b.gltf"
    shutil.copy(BOX, a)
    shutil.copy(BOX, b)
    cache = _cache(tmp_path)
    assert cache.key(a) == cache.key(b)
    first = cache.key(a)
    a.write_bytes(a.read_bytes() + b"\0")  # an edited model: same name, new bytes
    assert cache.key(a) != first
    assert _cache(tmp_path, salt="other").key(b) != cache.key(b), "a library upgrade must not reuse entries"


def test_a_gltf_key_covers_the_files_it_refers_to(tmp_path):
    model = tmp_path / "m.gltf"
    (tmp_path / "m.bin").write_bytes(b"\1" * 64)
    (tmp_path / "tex.png").write_bytes(b"png")
    model.write_text(json.dumps({"asset": {"version": "2.0"}, "buffers": [{"uri": "m.bin", "byteLength": 64}],
                                 "images": [{"uri": "tex.png"}, {"uri": "data:image/png;base64,AA=="}]}))
    cache = _cache(tmp_path)
    before = cache.key(model)
    (tmp_path / "m.bin").write_bytes(b"\2" * 64)  # the .gltf itself is unchanged
    assert cache.key(model) != before
    mid = cache.key(model)
    (tmp_path / "tex.png").write_bytes(b"other png")
    assert cache.key(model) != mid


def test_store_writes_an_entry_that_source_then_serves(tmp_path):
    model = tmp_path / "box.gltf"
    shutil.copy(BOX, model)
    cache = _cache(tmp_path)
    assert cache.source(model) == model  # nothing stored yet
    entry = cache.store(model, NodePath("box"))
    assert entry is not None and entry.is_file() and entry.suffix == ".bam"
    assert not list(entry.parent.glob("*.tmp")), "the temporary file is renamed into place"
    assert _cache(tmp_path).source(model) == entry  # a later run finds it
    model.write_bytes(model.read_bytes() + b"\0")
    assert _cache(tmp_path).source(model) == model, "an edited model is never served its old conversion"


def test_an_unwritable_cache_is_given_up_without_an_error(tmp_path):
    model = tmp_path / "box.gltf"
    shutil.copy(BOX, model)
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")
    cache = ModelCache(blocker, "s")
    assert cache.store(model, NodePath("box")) is None
    assert not cache.writable and cache.source(model) == model


def test_prune_keeps_the_folder_under_its_limit_least_recently_used_first(tmp_path):
    cache = _cache(tmp_path, limit_bytes=2500)
    cache.directory.mkdir()
    for age, name in enumerate(["newest", "middle", "oldest"]):
        entry = cache.directory / f"{name}.bam"
        entry.write_bytes(b"x" * 1000)
        os.utime(entry, (1000 - age * 100, 1000 - age * 100))
    dead = cache.directory / "half.123.tmp"
    dead.write_bytes(b"x")
    os.utime(dead, (0, 0))
    cache.prune(now=1000 + 7200)
    assert sorted(p.name for p in cache.directory.iterdir()) == ["middle.bam", "newest.bam"]


def test_the_salt_names_the_libraries():
    salt = library_salt("gltf-collision-shapes builtin")
    assert "panda3d " in salt and "panda3d-gltf " in salt and "gltf-collision-shapes builtin" in salt
