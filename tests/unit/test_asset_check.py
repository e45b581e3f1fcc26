"""The asset check: the shipped models and the third-party samples pass; a corpus of broken and hostile
glTF files (generated here) each gets a clear finding naming the place and the cause, and none
crashes, hangs or reads past its limits."""
import copy
import json
import struct
from pathlib import Path

import pytest

from client.asset_check import BUDGETS, MAX_FILE, check_asset, image_size
from client.paths import MODELS_DIR
from tests.conftest import SAMPLES

PNG_1x1 = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\0" * 20

# One triangle: 3 float positions (36 bytes) and 3 ushort indices (6 bytes, padded to 8).
BIN = struct.pack("<9f", 0, 0, 0, 1, 0, 0, 0, 1, 0) + struct.pack("<3H", 0, 1, 2) + b"\0\0"
DOC = {
    "asset": {"version": "2.0"},
    "scenes": [{"nodes": [0]}], "nodes": [{"mesh": 0}],
    "buffers": [{"byteLength": len(BIN)}],
    "bufferViews": [{"buffer": 0, "byteOffset": 0, "byteLength": 36}, {"buffer": 0, "byteOffset": 36, "byteLength": 6}],
    "accessors": [{"bufferView": 0, "componentType": 5126, "count": 3, "type": "VEC3"},
                  {"bufferView": 1, "componentType": 5123, "count": 3, "type": "SCALAR"}],
    "meshes": [{"primitives": [{"attributes": {"POSITION": 0}, "indices": 1}]}],
    "materials": [{}],
}


def glb(doc=None, binary=BIN, json_bytes=None) -> bytes:
    """A .glb container around a document and a binary chunk (both padded to 4 bytes)."""
    raw = json_bytes if json_bytes is not None else json.dumps(doc if doc is not None else DOC).encode()
    raw += b" " * (-len(raw) % 4)
    out = struct.pack("<I4s", len(raw), b"JSON") + raw
    if binary is not None:
        binary += b"\0" * (-len(binary) % 4)
        out += struct.pack("<I4s", len(binary), b"BIN\x00") + binary
    return struct.pack("<4sII", b"glTF", 2, 12 + len(out)) + out


def edited(change):
    doc = copy.deepcopy(DOC)
    change(doc)
    return glb(doc)


def _set(path, value):
    def change(doc):
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


# (name, file bytes or a function of tmp_path giving them, suffix, where the finding is, words of the cause)
CORPUS = [
    ("empty", b"", ".glb", "header", "at least 20 bytes"),
    ("short header", b"glTF\x02\0\0\0", ".glb", "header", "at least 20 bytes"),
    ("bad magic", b"GLTF" + glb()[4:], ".glb", "header", "does not start with"),
    ("version 1", glb()[:4] + struct.pack("<I", 1) + glb()[8:], ".glb", "header", "version 1"),
    ("length too big", glb()[:8] + struct.pack("<I", 10**6) + glb()[12:], ".glb", "header", "declares 1000000"),
    ("truncated file", glb()[:-8], ".glb", "header", "declares"),
    ("chunk longer than file", (lambda d: d[:12] + struct.pack("<I", 10**6) + d[16:])(glb()), ".glb", "chunk 0",
     "more than the file has left"),
    ("BIN first", (lambda d: d)(struct.pack("<4sII", b"glTF", 2, 28) + struct.pack("<I4s", 8, b"BIN\x00") + b"\0" * 8),
     ".glb", "chunk 0", "JSON chunk"),
    ("json not utf-8", glb(json_bytes=b"{\"asset\": \"\xff\xfe\"}"), ".glb", "", "not UTF-8"),
    ("json invalid", glb(json_bytes=b"{\"asset\": "), ".glb", "", "not valid JSON"),
    ("json is a list", glb(json_bytes=b"[1, 2, 3]"), ".glb", "", "must be a JSON object"),
    ("nesting bomb", glb(json_bytes=b"[" * 100_000 + b"]" * 100_000), ".glb", "", "nests deeper"),
    ("no asset", edited(lambda d: d.pop("asset")), ".glb", "asset.version", "2.0"),
    ("asset 1.0", edited(_set(["asset", "version"], "1.0")), ".glb", "asset.version", "2.0"),
    ("buffer longer than BIN", edited(_set(["buffers", 0, "byteLength"], 10_000)), ".glb", "buffers[0]",
     "declares 10000 bytes but only 44"),
    ("buffer length negative", edited(_set(["buffers", 0, "byteLength"], -4)), ".glb", "buffers[0]", "byteLength"),
    ("buffer length text", edited(_set(["buffers", 0, "byteLength"], "44")), ".glb", "buffers[0]", "byteLength"),
    ("no BIN chunk", glb(binary=None), ".glb", "buffers[0]", "no binary chunk"),
    ("second buffer without uri", edited(lambda d: d["buffers"].append({"byteLength": 4})), ".glb", "buffers[1]",
     "no binary chunk"),
    ("view past buffer", edited(_set(["bufferViews", 1, "byteLength"], 4000)), ".glb", "bufferViews[1]",
     "run past its buffer"),
    ("view offset negative", edited(_set(["bufferViews", 0, "byteOffset"], -8)), ".glb", "bufferViews[0]",
     "whole numbers"),
    ("view to missing buffer", edited(_set(["bufferViews", 0, "buffer"], 7)), ".glb", "bufferViews[0].buffer",
     "does not exist"),
    ("accessor past view", edited(_set(["accessors", 0, "count"], 3000)), ".glb", "accessors[0]",
     "needs 36000 bytes"),
    ("accessor offset past view", edited(_set(["accessors", 1, "byteOffset"], 4)), ".glb", "accessors[1]",
     "needs 10 bytes"),
    ("accessor bad component", edited(_set(["accessors", 0, "componentType"], 9999)), ".glb", "accessors[0]",
     "componentType"),
    ("accessor bad type", edited(_set(["accessors", 0, "type"], "VEC7")), ".glb", "accessors[0]", "type"),
    ("accessor count zero", edited(_set(["accessors", 0, "count"], 0)), ".glb", "accessors[0]", "count"),
    ("accessor to missing view", edited(_set(["accessors", 0, "bufferView"], 42)), ".glb",
     "accessors[0].bufferView", "does not exist"),
    ("accessor not an object", edited(_set(["accessors", 0], 5)), ".glb", "accessors[0]", "must be an object"),
    ("accessors not a list", edited(_set(["accessors"], {"0": 1})), ".glb", "accessors", "must be a list"),
    ("mesh without primitives", edited(_set(["meshes", 0], {})), ".glb", "meshes[0]", "primitives"),
    ("primitive without POSITION", edited(_set(["meshes", 0, "primitives", 0, "attributes"], {})), ".glb",
     "meshes[0].primitives[0]", "POSITION"),
    ("attribute to missing accessor", edited(_set(["meshes", 0, "primitives", 0, "attributes", "NORMAL"], 99)),
     ".glb", "meshes[0].primitives[0].attributes.NORMAL", "does not exist"),
    ("indices to missing accessor", edited(_set(["meshes", 0, "primitives", 0, "indices"], 5)), ".glb",
     "meshes[0].primitives[0].indices", "does not exist"),
    ("image view missing", edited(_set(["images"], [{"bufferView": 9, "mimeType": "image/png"}])), ".glb",
     "images[0].bufferView", "does not exist"),
    ("image not an image", edited(lambda d: d.update(images=[{"bufferView": 0, "mimeType": "image/png"}])), ".glb",
     "images[0]", "not a PNG or JPEG"),
    ("image uri escapes", edited(_set(["images"], [{"uri": "../../../etc/passwd"}])), ".glb", "images[0]",
     "outside the model's folder"),
    ("image uri is a URL", edited(_set(["images"], [{"uri": "http://example.com/x.png"}])), ".glb", "images[0]",
     "outside the model's folder"),
    ("image data uri not base64", edited(_set(["images"], [{"uri": "data:image/png,xyz"}])), ".glb", "images[0]",
     "must be base64"),
    ("image data uri broken", edited(_set(["images"], [{"uri": "data:image/png;base64,@@@"}])), ".glb", "images[0]",
     "not valid base64"),
    ("gltf buffer file missing", json.dumps({**DOC, "buffers": [{"byteLength": 44, "uri": "gone.bin"}]}).encode(),
     ".gltf", "buffers[0]", "no such file"),
    ("gltf buffer uri absolute", json.dumps({**DOC, "buffers": [{"byteLength": 44, "uri": "/etc/passwd"}]}).encode(),
     ".gltf", "buffers[0]", "outside the model's folder"),
    ("gltf buffer uri number", json.dumps({**DOC, "buffers": [{"byteLength": 44, "uri": 7}]}).encode(), ".gltf",
     "buffers[0]", "uri must be text"),
    ("gltf empty", b"", ".gltf", "", "not valid JSON"),
    ("gltf text", b"hello", ".gltf", "", "not valid JSON"),
]


@pytest.mark.parametrize("name, data, suffix, where, cause", CORPUS, ids=[c[0] for c in CORPUS])
def test_each_broken_file_gets_a_finding_naming_the_place_and_the_cause(tmp_path, name, data, suffix, where, cause):
    path = tmp_path / f"model{suffix}"
    path.write_bytes(data)
    report = check_asset(path)
    assert not report.ok
    assert any(f.where == where and cause in f.cause and f.file == str(path) for f in report.findings), \
        [str(f) for f in report.findings]
    json.dumps(report.to_json())  # the --json report can always be written


def test_the_corpus_is_large(tmp_path):
    assert len(CORPUS) >= 40


def test_the_minimal_triangle_passes_and_is_counted(tmp_path):
    path = tmp_path / "tri.glb"
    path.write_bytes(glb())
    report = check_asset(path)
    assert report.ok, [str(f) for f in report.findings]
    assert report.figures["triangles"] == 1 and report.figures["materials"] == 1


def test_a_mesh_used_by_many_nodes_counts_once_per_node(tmp_path):
    path = tmp_path / "many.glb"
    path.write_bytes(edited(lambda d: d.update(nodes=[{"mesh": 0}] * 70_000)))
    report = check_asset(path)
    assert report.figures["triangles"] == 70_000 and report.grade("triangles") == "yellow"
    assert any(f.where == "budget.triangles" and f.level == "warning" for f in report.findings)


def test_over_the_red_line_is_an_error_with_the_figure(tmp_path):
    path = tmp_path / "heavy.glb"
    path.write_bytes(edited(lambda d: d.update(materials=[{}] * 60)))
    report = check_asset(path)
    assert not report.ok and report.grade("materials") == "red"
    assert any("60 is over the red line (50)" in f.cause for f in report.findings)


def test_a_huge_texture_is_judged_by_its_header_not_decoded(tmp_path):
    huge = b"\x89PNG\r\n\x1a\n" + struct.pack(">I4sII", 13, b"IHDR", 100_000, 100_000) + b"\0" * 40
    binary = BIN + huge
    doc = copy.deepcopy(DOC)
    doc["buffers"][0]["byteLength"] = len(binary)
    doc["bufferViews"].append({"buffer": 0, "byteOffset": len(BIN), "byteLength": len(huge)})
    doc["images"] = [{"bufferView": 2, "mimeType": "image/png"}]
    path = tmp_path / "huge.glb"
    path.write_bytes(glb(doc, binary))
    report = check_asset(path)
    assert report.figures["texture_px"] == 100_000 and report.grade("texture_px") == "red"


def test_a_file_over_the_limit_is_refused_unread(tmp_path):
    path = tmp_path / "big.glb"
    with path.open("wb") as f:  # sparse: no disk used
        f.truncate(MAX_FILE + 1)
    report = check_asset(path)
    assert [f.cause for f in report.findings] == [f"is {(MAX_FILE + 1) / 2**20:.1f} MB; the limit is 50 MB"]


def test_a_missing_file_is_a_finding_not_an_exception(tmp_path):
    report = check_asset(tmp_path / "nowhere.glb")
    assert not report.ok and "cannot be read" in report.findings[0].cause


@pytest.mark.parametrize("path", sorted(MODELS_DIR.glob("*.glb")) + sorted(SAMPLES.glob("*.gltf")),
                         ids=lambda p: p.name)
def test_shipped_models_and_samples_pass_within_budget(path):
    report = check_asset(path)
    assert report.ok, [str(f) for f in report.findings]
    assert all(report.grade(name) != "red" for name in BUDGETS)


def test_image_size_reads_png_and_jpeg_headers():
    assert image_size(PNG_1x1) == (1, 1)
    jpeg = b"\xff\xd8" + b"\xff\xe0" + struct.pack(">H", 16) + b"\0" * 14 + b"\xff\xc0" + struct.pack(">HBHH", 17, 8,
                                                                                                     480, 640)
    assert image_size(jpeg) == (640, 480)
    assert image_size(b"GIF89a") is None
