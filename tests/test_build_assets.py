"""Tests for the asset builder (tools/build_assets.py) and the models it commits to assets/models/.

Pure tests check the builder (determinism, recipe errors, primitive winding); scene tests load the
committed .glb files through Panda3D's loader and panda3d-gltf, with no window, and check the
contract the client relies on: node names, marker positions, collision footprints and budgets.
"""
from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from tools import build_assets
from tools.build_assets import assemble, build, main, model_path
from tools.primitives import PRIMITIVES, build_primitive
from tools.recipe import RecipeError, load_recipe

RECIPES = sorted(build_assets.RECIPES_DIR.glob("*.yaml"))
SITES = [p for p in RECIPES if any(n.name == "ground" for n in load_recipe(p).nodes)]
CHARACTERS = [build_assets.RECIPES_DIR / f"{n}.yaml" for n in ("avatar_basic", "npc_clerk")]
MAX_GEOMS, MAX_TRIANGLES, MAX_MATERIALS, MAX_BYTES = 300, 50_000, 25, 16 * 1024 * 1024


def ids(paths):
    return [p.stem for p in paths]


# ---------------------------------------------------------------- builder


def test_the_expected_recipes_exist():
    stems = set(ids(RECIPES))
    assert {"seoul_plaza", "avatar_basic", "npc_clerk", "service_desk"} <= stems
    assert len(SITES) == 11 and "seoul_plaza" in ids(SITES)


@pytest.mark.parametrize("recipe", RECIPES, ids=ids(RECIPES))
def test_build_is_deterministic(recipe):
    assert build(recipe) == build(recipe)


@pytest.mark.parametrize("recipe", RECIPES, ids=ids(RECIPES))
def test_committed_model_matches_its_recipe(recipe):
    committed = model_path(recipe)
    assert committed.is_file(), f"{committed} missing: run python -m tools.build_assets"
    assert committed.read_bytes() == build(recipe), \
        f"{committed} is stale: run python -m tools.build_assets {recipe.stem}"


def test_check_command_passes_in_a_fresh_process():
    # A different hash seed guards against output that depends on set/dict hashing order.
    env = dict(os.environ, PYTHONHASHSEED="12345")
    done = subprocess.run([sys.executable, "-m", "tools.build_assets", "--check"],
                          cwd=build_assets.ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_check_command_lists_stale_and_missing_models(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(build_assets, "MODELS_DIR", tmp_path)
    assert main(["--check", "service_desk"]) == 1
    assert "service_desk.glb missing" in capsys.readouterr().err
    (tmp_path / "service_desk.glb").write_bytes(b"not the recipe's output")
    assert main(["--check", "service_desk"]) == 1
    assert "service_desk.glb differs from its recipe" in capsys.readouterr().err
    assert main(["service_desk"]) == 0
    assert main(["--check", "service_desk"]) == 0


BAD_RECIPES = {
    "unknown primitive": ("{shape: pyramid, material: stone, size: [1, 1, 1]}",
                          "nodes[0] (thing).parts[0].shape", "pyramid"),
    "missing size": ("{shape: box, material: stone}", "nodes[0] (thing).parts[0].size", "missing"),
    "unknown material": ("{shape: box, material: marble, size: [1, 1, 1]}",
                         "nodes[0] (thing).parts[0].material", "marble"),
    "bad size": ("{shape: box, material: stone, size: [1, -1, 1]}",
                 "nodes[0] (thing).parts[0].size", "positive"),
    "misspelt key": ("{shape: box, material: stone, size: [1, 1, 1], colour: red}",
                     "nodes[0] (thing).parts[0].colour", "unknown key"),
    "impossible geometry": ("{shape: arch, material: stone, size: [2, 1, 2], opening: [1.5, 1.8]}",
                            "nodes[0] (thing).parts[0]", "opening"),
}


@pytest.mark.parametrize("part, key, word", BAD_RECIPES.values(), ids=list(BAD_RECIPES))
def test_malformed_recipe_names_the_file_and_key(tmp_path, part, key, word):
    path = tmp_path / "broken.yaml"
    path.write_text("materials:\n  stone: {color: \"#808080\"}\n"
                    f"nodes:\n  - name: thing\n    parts:\n      - {part}\n", encoding="utf-8")
    with pytest.raises(RecipeError) as err:
        build(path)
    message = str(err.value)
    assert str(path) in message and key in message and word in message


def test_cli_reports_a_malformed_recipe_without_a_traceback(tmp_path, capsys):
    path = tmp_path / "broken.yaml"
    path.write_text("materials: {}\nnodes: []\n", encoding="utf-8")
    assert main([str(path)]) == 2
    assert f"{path}: nodes" in capsys.readouterr().err


SAMPLES = {
    "box": {"size": (2, 3, 4)},
    "cylinder": {"size": (2, 1, 3), "top_scale": 0.5, "segments": 7},
    "sphere": {"size": (4, 4, 5), "lumps": 0.15},
    "ring": {"size": (160, 300, 0.1), "hole": (140, 110), "hole_at": (0, -80), "outline": "rect"},
    "extrude": {"points": ((0, 0), (4, 0), (4, 1), (1, 1), (1, 3), (0, 3)), "height": 2},
    "profile": {"points": ((0, 0), (1, 0), (1, 1), (2, 1), (2, 2), (0, 2)), "length": 3},
    "roof": {"size": (16, 8, 4), "style": "hip_gable", "curve": 1.6, "upturn": 0.6},
    "wave": {"size": (80, 30, 55), "lean": 20, "bulge": 4, "rear_height": 40},
    "arch": {"size": (6, 4, 7), "opening": (3, 3.5)},
    "shell": {"points": ((-60, -20), (0, -30), (60, -15), (70, 10), (0, 25), (-65, 15)), "height": 29,
              "radius": 6, "tilt": (0.6, 1.0)},
}


@pytest.mark.parametrize("shape", sorted(PRIMITIVES))
def test_primitive_winding_agrees_with_its_normals(shape):
    """Every triangle must face where its vertex normals point, or back-face culling hides it."""
    assert shape in SAMPLES, f"add a sample for the new primitive {shape!r}"
    prim = PRIMITIVES[shape]
    params = {k: default for k, (_check, default) in prim.optional.items()}
    for key, value in SAMPLES[shape].items():
        check = prim.required[key] if key in prim.required else prim.optional[key][0]
        params[key] = check(value)
    mesh = build_primitive(shape, params)
    p, f = mesh.positions, mesh.faces
    cross = np.cross(p[f[:, 1]] - p[f[:, 0]], p[f[:, 2]] - p[f[:, 0]])
    assert (np.linalg.norm(cross, axis=1) > 0).all(), "degenerate triangles"
    assert ((cross * mesh.normals[f].mean(axis=1)).sum(axis=1) > 0).all()
    assert np.allclose(np.linalg.norm(mesh.normals, axis=1), 1.0)


# ---------------------------------------------------------------- loaded models


@pytest.fixture(scope="module")
def load_glb():
    """Load a .glb the way the client does, with no window and no model cache."""
    from panda3d.core import Filename, loadPrcFileData
    loadPrcFileData("test_build_assets", "window-type none\naudio-library-name null\n"
                                         "notify-level-device fatal\n")
    from direct.showbase.Loader import Loader  # registers panda3d-gltf's entry point
    loader = Loader(None)
    yield lambda path: loader.load_model(Filename.from_os_specific(str(path)), noCache=True)
    loader.ignoreAll()


def census(model):
    """(geoms, triangles, material names, all geoms) of a loaded model."""
    from panda3d.core import MaterialAttrib
    geoms, triangles, materials = [], 0, set()
    for np_ in model.find_all_matches("**/+GeomNode"):
        node = np_.node()
        for i in range(node.get_num_geoms()):
            geom = node.get_geom(i)
            geoms.append((geom, node.get_geom_state(i)))
            triangles += sum(geom.get_primitive(k).decompose().get_num_primitives()
                             for k in range(geom.get_num_primitives()))
            attrib = node.get_geom_state(i).get_attrib(MaterialAttrib)
            if attrib is not None and attrib.get_material() is not None:
                materials.add(attrib.get_material().get_name())
    return len(geoms), triangles, materials, geoms


@pytest.mark.parametrize("recipe", SITES, ids=ids(SITES))
def test_site_stays_within_budget(recipe, load_glb):
    path = model_path(recipe)
    model = load_glb(path)
    model.clear_model_nodes()  # as the client does once it has read the solid_ and marker_ nodes
    model.flatten_strong()
    n_geoms, triangles, materials, _ = census(model)
    assert n_geoms <= MAX_GEOMS
    assert triangles <= MAX_TRIANGLES
    assert len(materials) <= MAX_MATERIALS
    assert path.stat().st_size <= MAX_BYTES


@pytest.mark.parametrize("recipe", RECIPES, ids=ids(RECIPES))
def test_every_vertex_has_a_normal_and_every_geom_a_material(recipe, load_glb):
    from panda3d.core import InternalName, MaterialAttrib
    for geom, state in census(load_glb(model_path(recipe)))[3]:
        data = geom.get_vertex_data()
        assert data.has_column(InternalName.get_normal())
        # Colour comes from the material alone; a vertex colour would be multiplied in twice by simplepbr.
        assert not data.has_column(InternalName.get_color())
        assert state.get_attrib(MaterialAttrib).get_material() is not None


def footprints(model):
    """{name: (xmin, ymin, xmax, ymax)} of every solid_ node, in the model's frame."""
    out = {}
    for np_ in model.find_all_matches("**/solid_*"):
        lo, hi = np_.get_tight_bounds(model)
        out[np_.get_name()] = (lo.x, lo.y, hi.x, hi.y)
    return out


def distance_to_box(point, box):
    dx = max(box[0] - point[0], 0.0, point[0] - box[2])
    dy = max(box[1] - point[1], 0.0, point[1] - box[3])
    return float(np.hypot(dx, dy))


def segment_hits_box(a, b, box) -> bool:
    """Slab test: does the segment a-b cross the rectangle?"""
    t0, t1 = 0.0, 1.0
    for axis, (lo, hi) in enumerate(((box[0], box[2]), (box[1], box[3]))):
        d = b[axis] - a[axis]
        if abs(d) < 1e-12:
            if not lo <= a[axis] <= hi:
                return False
            continue
        u, v = sorted(((lo - a[axis]) / d, (hi - a[axis]) / d))
        t0, t1 = max(t0, u), min(t1, v)
        if t0 > t1:
            return False
    return True


@pytest.mark.parametrize("recipe", SITES, ids=ids(SITES))
def test_site_node_contract(recipe, load_glb):
    model = load_glb(model_path(recipe))
    ground = model.find("**/ground")
    assert not ground.is_empty()
    spawn = load_recipe(recipe).markers["spawn"]
    lo, hi = ground.get_tight_bounds(model)
    assert lo.z - 0.02 <= spawn[2] <= hi.z + 0.02, "the spawn stands on the site's ground"
    if recipe.stem == "seoul_plaza":
        assert abs(hi.z) < 0.02, "the plaza's walkable ground is flat at z = 0"
        assert not model.find("**/marker_mayor_desk").is_empty()
    assert footprints(model), "a site needs solid_ obstacles"
    assert not model.find("**/marker_spawn").is_empty()
    # the glTF node of a solid is its only match: mesh nodes are named mesh_<node>
    names = [np_.get_name() for np_ in model.find_all_matches("**/solid_*")]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("recipe", RECIPES, ids=ids(RECIPES))
def test_markers_land_where_the_recipe_says(recipe, load_glb):
    model = load_glb(model_path(recipe))
    for name, (x, y, z, heading) in load_recipe(recipe).markers.items():
        marker = model.find(f"**/marker_{name}")
        assert not marker.is_empty(), name
        pos = marker.get_pos(model)
        assert np.allclose((pos.x, pos.y, pos.z), (x, y, z), atol=1e-3), name
        turn = (marker.get_h(model) - heading) % 360
        assert min(turn, 360 - turn) < 1e-3, name


@pytest.mark.parametrize("recipe", RECIPES, ids=ids(RECIPES))
def test_solid_nodes_stand_where_the_recipe_puts_them(recipe, load_glb):
    """Loaded bounds equal the recipe's geometry in Panda's frame: the Y-up round trip is right."""
    model = load_glb(model_path(recipe))
    for node in assemble(load_recipe(recipe)):
        if not node.meshes:
            continue
        points = np.concatenate([mesh.positions for _mat, mesh in node.meshes])
        lo, hi = model.find(f"**/{node.name}").get_tight_bounds(model)
        assert np.allclose(tuple(lo), points.min(axis=0), atol=2e-3), node.name
        assert np.allclose(tuple(hi), points.max(axis=0), atol=2e-3), node.name


def test_seoul_plaza_layout(load_glb):
    recipe = build_assets.RECIPES_DIR / "seoul_plaza.yaml"
    model = load_glb(model_path(recipe))
    boxes = footprints(model)
    markers = load_recipe(recipe).markers
    old, new, gate = (boxes["solid_old_city_hall"], boxes["solid_new_city_hall"],
                      boxes["solid_daehanmun"])
    assert old[1] > 40 and old[0] < 0, "old City Hall faces the lawn from the north-west"
    assert new[1] > old[3] - 1, "the new City Hall stands behind the old one"
    assert gate[2] < -112, "Daehanmun is west of Sejong-daero"
    spawn, desk = markers["spawn"][:2], markers["mayor_desk"][:2]
    for name, box in boxes.items():
        assert distance_to_box(desk, box) >= 3.0, f"{name} is within 3 m of the desk spot"
        assert distance_to_box(spawn, box) >= 1.0, f"{name} is on the spawn point"
        grown = (box[0] - 0.5, box[1] - 0.5, box[2] + 0.5, box[3] + 0.5)
        assert not segment_hits_box(spawn, desk, grown), f"{name} blocks the walk to the desk"


@pytest.mark.parametrize("recipe", CHARACTERS, ids=ids(CHARACTERS))
def test_character_placeholder_conventions(recipe, load_glb):
    model = load_glb(model_path(recipe))
    lo, hi = model.get_tight_bounds()
    assert abs(lo.z) < 1e-3 and 1.6 <= hi.z <= 1.8, "about 1.7 m tall, feet at z = 0"
    assert abs(lo.x + hi.x) < 0.05, "centred on the origin"
    assert census(model)[1] < 2000
    face = [mesh.positions for node in assemble(load_recipe(recipe))
            for mat, mesh in node.meshes if mat.name == "eyes"]
    assert face and np.concatenate(face)[:, 1].min() > 0, "faces +Y: the eyes are on the +Y side"


def test_service_desk_size(load_glb):
    recipe = build_assets.RECIPES_DIR / "service_desk.yaml"
    model = load_glb(model_path(recipe))
    lo, hi = model.find("**/solid_desk").get_tight_bounds(model)
    assert 1.8 <= hi.x - lo.x <= 2.2, "a counter about 2 m wide"
    desk = next(n for n in assemble(load_recipe(recipe)) if n.name == "solid_desk")
    worktop = next(mesh for mat, mesh in desk.meshes if mat.name == "worktop")
    assert abs(worktop.positions[:, 2].max() - 1.1) < 0.01, "1.1 m high"
    assert not model.find("**/sign_board").is_empty()
