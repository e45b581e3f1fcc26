"""Level of detail: recipes give a node a coarser far copy, the client draws it only from far away."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from panda3d.core import NodePath

from client.world.lod import LevelError, add_levels
from client.world.scene_stats import measure
from tools.build_assets import ROOT, assemble
from tools.recipe import RecipeError, load_recipe

RECIPE = """
materials:
  tile: {color: "#40454c"}
  stone: {color: "#a59d8e"}
nodes:
  - name: solid_house
    instances: [[0, 0, 0], [20, 0, 0]]
    far: %s
    parts:
      - {shape: box, material: stone, size: [10, 7, 3]}
      - {shape: roof, material: tile, pos: [0, 0, 3], size: [12, 8.8, 2.7], style: hip_gable, upturn: 0.5,
         curve: 1.7, segments: 3, soffit: 1.2}
"""


def _recipe(tmp_path, far: str):
    path = tmp_path / "village.yaml"
    path.write_text(RECIPE % far, encoding="utf-8")
    return path


def test_a_far_level_is_the_same_parts_with_coarser_curves(tmp_path):
    recipe = load_recipe(_recipe(tmp_path, "{beyond: 40, segments: 1, spans: 2}"))
    nodes = {node.name: node for node in assemble(recipe)}
    assert set(nodes) == {"solid_house_01", "solid_house_02", "far40__solid_house_01", "far40__solid_house_02"}

    def triangles(node, material):
        return sum(mesh.triangle_count for mat, mesh in node.meshes if mat.name == material)
    near, far = nodes["solid_house_01"], nodes["far40__solid_house_01"]
    assert triangles(far, "tile") < triangles(near, "tile") / 2  # the roof is coarser...
    assert triangles(far, "stone") == triangles(near, "stone")  # ...and a box has no curve to lose
    # Same place: the far copy stands exactly where its near node does.
    for node in (near, far):
        lo = min(m.positions.min(axis=0)[0] for _mat, m in node.meshes)
        assert lo == pytest.approx(-6.0)


@pytest.mark.parametrize("far, key", [
    ("{segments: 1}", "far.beyond"),
    ("{beyond: 40}", "far.beyond"),
    ("{beyond: 40, rings: 3}", "far.rings"),
    ("{beyond: 40, segments: 0}", "far.segments"),
    ("{beyond: 40, colour: red}", "far.colour"),
    ("{beyond: -5, segments: 1}", "far.beyond"),
])
def test_a_bad_far_level_is_reported_with_its_file_and_key(tmp_path, far, key):
    path = _recipe(tmp_path, far)
    with pytest.raises(RecipeError) as caught:
        load_recipe(path)
    assert str(path) in str(caught.value) and key in str(caught.value)


def _scene(*names: str) -> NodePath:
    model = NodePath("model")
    scene = model.attach_new_node("scene")
    for name in names:
        scene.attach_new_node(name)
    return model


def test_a_far_copy_without_its_near_node_is_refused_by_name():
    with pytest.raises(LevelError, match="far40__house.*'house'"):
        add_levels(_scene("far40__house", "shed"))


def test_pairs_of_one_cell_share_a_level_node_that_switches_past_every_members_distance():
    model = _scene("a", "far40__a", "b", "far30__b", "ground")
    model.find("**/a").set_pos(2, 2, 0)
    model.find("**/far40__a").set_pos(2, 2, 0)
    model.find("**/b").set_pos(8, 2, 0)
    model.find("**/far30__b").set_pos(8, 2, 0)
    (lod,) = add_levels(model)
    node = lod.node()
    assert node.get_center().x == pytest.approx(5.0)
    # a is 3 m from the centre with 40 m allowed; b 3 m with 30: the cell switches at 43 m.
    assert node.get_in(0) == pytest.approx(43.0) and node.get_out(0) == 0.0
    assert sorted(c.get_name() for c in lod.get_child(0).get_children()) == ["a", "b"]
    assert sorted(c.get_name() for c in lod.get_child(1).get_children()) == ["far30__b", "far40__a"]
    assert not model.find("**/ground").is_empty()


# The real village: pictures from the spawn point and from the middle of the alley, each drawn as
# the client draws it and with chosen levels forced, compared pixel by pixel.
FRAMES = r"""
import json, math, sys
from pathlib import Path
import numpy as np
from panda3d.core import loadPrcFileData, Point3
loadPrcFileData('', 'window-type offscreen\nwin-size 480 270\nnotify-level-device fatal\naudio-library-name null\nsync-video #f')
from direct.showbase.ShowBase import ShowBase
from client.world.manifest import load_manifest
from client.world.models import ModelLoader
from client.world.site import Site
base = ShowBase()
base.camLens.set_fov(72); base.camLens.set_near_far(0.2, 3000)
site = Site(ModelLoader(base.loader, 'basic'), base.render, load_manifest(Path('scenes/bukchon_hanok_village.yaml')))
lods = list(base.render.find_all_matches('**/+LODNode'))

def shot():
    base.graphicsEngine.render_frame(); base.graphicsEngine.render_frame()
    tex = base.win.get_screenshot()
    return np.frombuffer(bytes(tex.get_ram_image_as('RGB')), np.uint8).astype(np.int16).reshape(270, 480, 3)

def changed(a, b):
    return int((np.abs(a - b).max(axis=-1) > 24).sum())

out = {'levels': len(lods)}
for name, eye, target in [('spawn', (0, 126.8, 22.7), (0, 114.5, 21.5)), ('alley', (0, 66, 10.6), (0, 52, 9.2))]:
    base.camera.set_pos(*eye); base.camera.look_at(Point3(*target))
    near_ones = [l for l in lods if (base.camera.get_pos(l) - l.node().get_center()).length() < l.node().get_in(0)]
    as_drawn = shot()
    for l in lods: l.node().force_switch(0)
    all_near = shot()
    for l in lods: l.node().clear_force_switch()
    for l in near_ones: l.node().force_switch(1)
    close_far = shot()
    for l in lods: l.node().clear_force_switch()
    out[name] = {'near_levels': len(near_ones), 'vs_all_near': changed(as_drawn, all_near),
                 'vs_close_far': changed(as_drawn, close_far)}
print(json.dumps(out))
"""


def test_the_village_draws_coarse_roofs_far_off_and_full_ones_close_by():
    done = subprocess.run([sys.executable, "-c", FRAMES], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["levels"] > 40  # the alley houses and the rows around them
    for view in ("spawn", "alley"):
        seen = result[view]
        assert seen["near_levels"] > 0
        # Far houses are drawn coarse: forcing every house to full detail changes a few pixels...
        assert seen["vs_all_near"] > 0, view
        # ...while the close ones, which fill the picture, are drawn in full: coarsening them would
        # change far more.
        assert seen["vs_close_far"] > 3 * seen["vs_all_near"], view


def test_scene_figures_count_the_nearest_level_only():
    model = _scene("a", "far40__a")
    from panda3d.core import Geom, GeomNode, GeomTriangles, GeomVertexData, GeomVertexFormat, GeomVertexWriter
    for name, triangles in (("a", 3), ("far40__a", 1)):
        data = GeomVertexData(name, GeomVertexFormat.get_v3(), Geom.UH_static)
        writer = GeomVertexWriter(data, "vertex")
        for k in range(3 * triangles):
            writer.add_data3(k, k % 2, 0)
        prim = GeomTriangles(Geom.UH_static)
        prim.add_next_vertices(3 * triangles)
        geom = Geom(data)
        geom.add_primitive(prim)
        node = GeomNode(f"mesh_{name}")  # named as panda3d-gltf names a mesh
        node.add_geom(geom)
        model.find(f"**/{name}").attach_new_node(node)
    before = measure(model)
    add_levels(model)
    assert before.triangles == 4
    assert measure(model).triangles == 3 and measure(model).geoms == 1
