"""The rigged avatar: the builder's skinned output is deterministic and committed, and it loads in
Panda3D (panda3d-gltf, window-type none) as an Actor with the expected joints and clips."""
from __future__ import annotations

import math

import numpy as np
import pytest
import yaml

from tools import build_assets
from tools.build_assets import build, model_path
from tools.recipe import RecipeError, load_recipe
from tools.rig import load_rig, rig_path_for, sample_clip, skinned_nodes

RECIPE = build_assets.RECIPES_DIR / "avatar_citizen.yaml"
WHEELCHAIR = build_assets.RECIPES_DIR / "avatar_wheelchair.yaml"
JOINTS = ["root", "hips", "spine", "chest", "neck", "head", "upper_arm_l", "forearm_l", "upper_arm_r",
          "forearm_r", "thigh_l", "shin_l", "thigh_r", "shin_r"]
CLIPS = {"idle", "walk", "run", "sit", "roll"}
NEVER_ANIMATED = {"root", "spine", "neck", "head"}  # the client freezes these to shape the body


@pytest.mark.parametrize("recipe", [RECIPE, WHEELCHAIR], ids=["citizen", "wheelchair"])
def test_avatar_models_are_deterministic_and_committed(recipe):
    data = build(recipe)
    assert data == build(recipe)
    assert model_path(recipe).read_bytes() == data, f"run python -m tools.build_assets {recipe.stem}"


def test_rig_file_is_found_by_the_recipe_stem():
    assert rig_path_for(RECIPE) is not None
    assert rig_path_for(WHEELCHAIR) is None  # the chair is a static model


def test_rig_file_checks():
    rig = load_rig(rig_path_for(RECIPE))
    assert [j.name for j in rig.joints] == JOINTS
    assert {c.name for c in rig.clips} == CLIPS
    animated = {joint for clip in rig.clips for joint in clip.channels}
    assert not animated & NEVER_ANIMATED


def test_a_broken_rig_names_the_file_and_key(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("joints: {root: {at: [0, 0, 0]}, hips: {parent: nowhere, at: [0, 0, 1]}}\n"
                   "animations: {idle: {duration: 1}}\n")
    with pytest.raises(RecipeError, match=r"bad.yaml: joints.hips.parent"):
        load_rig(bad)


def test_every_part_follows_a_sensible_joint():
    rig = load_rig(rig_path_for(RECIPE))
    recipe = load_recipe(RECIPE)
    for node in skinned_nodes(recipe, rig):
        for material, mesh, joints in node.meshes:
            names = {rig.joints[j].name for j in joints}
            if node.name.startswith("hair_") or material.name in ("eyes", "mouth"):
                assert names == {"head"}, (node.name, material.name)
            if material.name == "shoes":
                assert names == {"shin_l", "shin_r"}
            # Left is -X (the avatar faces +Y): a left joint never carries a vertex at x > 0.
            for j, x in zip(joints, mesh.positions[:, 0]):
                name = rig.joints[j].name
                assert not (name.endswith("_l") and x > 0) and not (name.endswith("_r") and x < 0)


def test_walk_stride_matches_the_leg_swing_and_the_client_uses_the_rig_strides():
    from client.world.avatar import STRIDES
    raw = yaml.safe_load(rig_path_for(RECIPE).read_text())
    clips = raw["animations"]
    assert STRIDES == {name: clip["stride"] for name, clip in clips.items() if clip.get("stride")}
    amp = clips["walk"]["channels"]["thigh_l"]["pitch"]["waves"][0][0]
    leg = raw["joints"]["thigh_l"]["at"][2]
    assert math.isclose(4 * leg * math.sin(math.radians(amp)), STRIDES["walk"], rel_tol=0.05)


def test_clips_loop_seamlessly():
    rig = load_rig(rig_path_for(RECIPE))
    for clip in rig.clips:
        _times, channels = sample_clip(rig, clip)
        for joint, values in channels.items():
            for key, series in values.items():
                assert np.allclose(series[0], series[-1], atol=1e-6), (clip.name, joint, key)


@pytest.fixture(scope="module")
def actor():
    from panda3d.core import Filename, loadPrcFileData
    loadPrcFileData("test_avatar_rig", "window-type none\naudio-library-name null\nnotify-level-device fatal\n")
    from direct.actor.Actor import Actor
    from direct.showbase.Loader import Loader  # registers panda3d-gltf's entry point
    loader = Loader(None)
    model = loader.load_model(Filename.from_os_specific(str(model_path(RECIPE))), noCache=True)
    actor = Actor(model)
    yield actor
    actor.cleanup()
    loader.ignoreAll()


def test_loads_as_an_actor_with_joints_and_clips(actor):
    assert set(actor.getAnimNames()) == CLIPS
    assert [j.get_name() for j in actor.getJoints()] == JOINTS
    # Whole cycles at 30 fps: no duplicated end frame to hitch on when looping.
    assert actor.getNumFrames("walk") == 30 and actor.getNumFrames("roll") == 36


def test_conventions_and_budget(actor):
    from panda3d.core import MaterialAttrib
    lo, hi = actor.find("**/body").get_tight_bounds(actor)
    assert abs(lo.z) < 1e-3 and 1.65 <= hi.z <= 1.75, "about 1.7 m, feet at z = 0"
    triangles, materials = 0, set()
    for np_ in actor.find_all_matches("**/+GeomNode"):
        node = np_.node()
        for i in range(node.get_num_geoms()):
            geom = node.get_geom(i)
            triangles += sum(geom.get_primitive(k).decompose().get_num_primitives()
                             for k in range(geom.get_num_primitives()))
            materials.add(node.get_geom_state(i).get_attrib(MaterialAttrib).get_material().get_name())
    assert triangles < 5000 and len(materials) <= 12
    eyes = [mesh.positions for node in skinned_nodes(load_recipe(RECIPE), load_rig(rig_path_for(RECIPE)))
            for mat, mesh, _ in node.meshes if mat.name == "eyes"]
    assert np.concatenate(eyes)[:, 1].min() > 0, "faces +Y"


def test_seated_clip_lowers_the_hips_onto_the_chair(actor):
    actor.pose("sit", 0)
    actor.update(force=True)
    hips = actor.exposeJoint(None, "modelRoot", "hips")
    actor.update(force=True)
    assert 0.5 < hips.get_z(actor) < 0.65
    actor.stop()
