"""``metaverse-seoul validate``: the shipped scenes and the samples pass; a manifest whose desk cannot be
reached, a broken YAML file, a broken model and an unknown file each fail with the place named; the
JSON report says the same. The manifest parser is fuzzed: any YAML data gives a Manifest or a DataError."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from client.paths import SCENES_DIR
from client.schema import DataError
from client.validate import main
from client.world.manifest import parse_manifest
from tests.conftest import SAMPLES



def run(*args):
    """The real command in a child process (no ShowBase here), as CI would run it."""
    return subprocess.run([sys.executable, "-m", "client", "validate", *map(str, args)], capture_output=True,
                          text=True, timeout=600)


def plaza_copy(tmp_path: Path, edit) -> Path:
    text = (SCENES_DIR / "seoul_plaza.yaml").read_text(encoding="utf-8")
    text = text.replace("../assets/models/", str(SCENES_DIR.parent / "assets" / "models") + "/")
    text = text.replace("dialogues/", str(SCENES_DIR / "dialogues") + "/")
    path = tmp_path / "site.yaml"
    path.write_text(edit(text), encoding="utf-8")
    return path


def test_the_shipped_scenes_and_samples_pass_with_a_json_report():
    result = run("--json", SCENES_DIR, SAMPLES)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    report = json.loads(result.stdout)
    files = {Path(f["file"]).name for f in report["files"]}
    assert report["ok"] and {"seoul_plaza.yaml", "dongdaemun_design_plaza.yaml", "Box.gltf"} <= files
    plaza = next(f for f in report["files"] if f["file"].endswith("seoul_plaza.yaml"))
    assert plaza["models"][0]["budgets"]["triangles"]["grade"] == "green"
    assert plaza["geoms"]["grade"] == "green" and 0 < plaza["geoms"]["value"] <= 300  # draw calls once flattened


def test_a_desk_nobody_can_walk_to_is_an_error(tmp_path):
    # Into the middle of the old City Hall (x -40..16, y 54.8..69.2): the schema is happy, the citizen is not.
    path = plaza_copy(tmp_path, lambda t: t.replace("position: [14, 45, 0]", "position: [-30, 63.6, 0]"))
    result = run(path)
    assert result.returncode == 1
    assert "desk civil_documents: cannot be walked to from the spawn" in result.stdout


def test_broken_yaml_names_the_line(tmp_path):
    path = plaza_copy(tmp_path, lambda t: t.replace("desks:\n", "desks:\n  - id: [unclosed\n", 1))
    result = run("--json", path)
    assert result.returncode == 1
    (finding,) = json.loads(result.stdout)["files"][0]["findings"]
    assert finding["line"] and "invalid YAML" in finding["cause"] and finding["file"] == str(path)


def test_a_schema_mistake_names_the_key(tmp_path):
    path = plaza_copy(tmp_path, lambda t: t.replace("kind: petitions", "kind: adverts"))
    assert main([str(path)]) == 1


def test_a_broken_model_and_an_unknown_file_fail(tmp_path, capsys):
    model = tmp_path / "broken.glb"
    model.write_bytes(b"glTF\x02\0\0\0" + b"\0" * 4)
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    assert main([str(model), str(other)]) == 1
    out = capsys.readouterr().out
    assert "broken.glb: header: a .glb needs at least 20 bytes" in out
    assert "notes.txt: is neither a manifest" in out


def test_no_paths_is_a_usage_error():
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=25)
manifest_keys = st.sampled_from(["id", "name", "model", "spawn", "bounds", "sky", "sun", "desks", "places",
                                 "portals", "boards", "position", "heading", "ko", "en"])


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(manifest_keys, yaml_values, max_size=8) | yaml_values)
def test_any_data_gives_a_manifest_or_a_data_error(data):
    try:
        parse_manifest(data, SCENES_DIR / "fuzz.yaml")
    except DataError as exc:
        assert str(exc).startswith(str(SCENES_DIR / "fuzz.yaml"))
