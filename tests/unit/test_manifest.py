"""Site manifests parse into typed data, and every mistake names the file and the key."""
import textwrap
from pathlib import Path

import pytest

from client.paths import SCENES_DIR
from client.schema import DataError
from client.world.manifest import approach_point, load_manifest, site_path

PLAZA = SCENES_DIR / "seoul_plaza.yaml"


def test_seoul_plaza_manifest_loads():
    m = load_manifest(PLAZA)
    assert m.id == "seoul_plaza" and m.name["en"] == "Seoul Plaza" and m.name["ko"] == "서울광장"
    assert m.model.is_file() and m.model.suffix == ".glb"
    desk = m.desk("mayors_office")
    assert desk.name["en"] == "Mayor's Office" and desk.dialogue.is_file()
    # The citizen talks to the desk from the lawn side (south), since the counter faces south.
    x, y = approach_point(desk)
    assert y < desk.position[1] and abs(x - desk.position[0]) < 1e-6
    (board,) = m.boards
    assert board.kind == "petitions" and board.heading == 180  # its face looks south, to the spawn point


def test_site_path_lists_known_sites_when_unknown():
    with pytest.raises(DataError, match="known sites: .*seoul_plaza"):
        site_path("atlantis")


def manifest_copy(tmp_path: Path, edit) -> Path:
    """The plaza manifest with one edit, written next to copies of what it refers to."""
    text = PLAZA.read_text(encoding="utf-8")
    text = text.replace("../assets/models/", str(SCENES_DIR.parent / "assets" / "models") + "/")
    text = text.replace("dialogues/", str(SCENES_DIR / "dialogues") + "/")
    path = tmp_path / "site.yaml"
    path.write_text(edit(text), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "edit, key, message",
    [
        (lambda t: t.replace("id: seoul_plaza", "id: Seoul Plaza", 1), "id", "lower-case"),
        (lambda t: t.replace("name: {ko: 서울광장, en: Seoul Plaza}", "name: {ko: 서울광장}", 1), "name.en", "missing"),
        (lambda t: t.replace("position: [0, -45, 0]", "position: [0, -45]"), "spawn.position", "3 numbers"),
        (lambda t: t.replace("seoul_plaza.glb", "nowhere.glb"), "model", "does not exist"),
        (lambda t: t.replace("seoul_plaza.glb", "seoul_plaza.txt"), "model", ".glb"),
        (lambda t: t.replace("heading: 180", "heading: south"), "desks[0].heading", "number"),
        (lambda t: t.replace("sky:", "skye:"), "skye", "unknown key"),
        (lambda t: t.replace('color: "#9fc5e8"', "color: blue"), "sky.color", "colour"),
        (lambda t: t.replace("position: [-12, 45, 0]", "position: [-12, 400, 0]"), "desks[0].position", "outside"),
        (lambda t: t.replace("bounds: [[-95, -75], [95, 110]]", "bounds: [[95, -75], [-95, 110]]"), "bounds", "min"),
        (lambda t: t.replace("desks:\n", "desks:\n  - id: kiosk_corner\n    name: {ko: a, en: b}\n", 1),
         "desks[0].npc", "is required"),
        (lambda t: t.replace("kind: petitions", "kind: adverts"), "boards[0].kind", "unknown board kind"),
        (lambda t: t.replace("position: [-6, -35, 0]", "position: [-6, -350, 0]"), "boards[0].position", "outside"),
    ],
)
def test_mistakes_name_file_and_key(tmp_path, edit, key, message):
    path = manifest_copy(tmp_path, edit)
    with pytest.raises(DataError) as err:
        load_manifest(path)
    assert err.value.path == str(path.resolve())
    assert err.value.key.startswith(key)
    assert message in str(err.value)


def test_duplicate_desk_ids_are_refused(tmp_path):
    def duplicate(text):
        start = text.index("  - id: mayors_office")
        end = text.find("\n  - id:", start + 1)
        desk = text[start:end if end != -1 else None].rstrip("\n") + "\n"
        moved = desk.replace("position: [-12, 45, 0]", "position: [10, 45, 0]")
        return text.replace("desks:\n", "desks:\n" + moved, 1)

    with pytest.raises(DataError, match=r"desks\[\d+\].id: 'mayors_office' is used by another entry"):
        load_manifest(manifest_copy(tmp_path, duplicate))


def test_invalid_yaml_names_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("id: x\nname: {ko: a, en: b\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"bad.yaml:\d+: invalid YAML"):
        load_manifest(path)


def test_yaml_alias_bomb_is_refused_quickly(tmp_path):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [*{chr(96 + i)},*{chr(96 + i)},*{chr(96 + i)},*{chr(96 + i)}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataError, match="aliases"):
        load_manifest(path)


def test_not_a_mapping(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text(textwrap.dedent("- a\n- b\n"), encoding="utf-8")
    with pytest.raises(DataError, match="top level: must be a mapping"):
        load_manifest(path)
