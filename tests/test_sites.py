"""Every shipped site: its manifest and dialogues load, its model stays within the draw budget once
loaded the way the client loads it, nothing solid crowds the spawn, desks or portals, and a citizen
can walk from the spawn to every desk, place and portal.

Scene tests with no window: models load through panda3d-gltf under ``window-type none``.
"""
from __future__ import annotations

import math

import pytest

from client.dialogue import load_dialogue
from client.site_check import load_model, solid_boxes, unreachable
from client.world.footprints import placed_boxes
from client.world.manifest import SERVICES, approach_point, load_manifest, site_path
from client.world.navigation import Box
from tools.site_screenshots import SITES

TOURIST_SPOTS = [s for s in SITES if s != "seoul_plaza"]
MAX_GEOMS, MAX_TRIANGLES, MAX_MATERIALS, MAX_TEXTURE, MAX_BYTES = 300, 50_000, 25, 2048, 16 * 1024 * 1024
CLEARANCE = 3.0  # metres of nothing solid around a desk's front, the spawn and a portal
VERIFIED = "2026-11-21"


@pytest.fixture(scope="module")
def loader():
    from panda3d.core import loadPrcFileData
    loadPrcFileData("test_sites", "window-type none\naudio-library-name null\nnotify-level-device fatal\n")
    from direct.showbase.Loader import Loader  # registers panda3d-gltf's entry point
    loader = Loader(None)
    yield loader
    loader.ignoreAll()


def distance_to_box(point, box: Box) -> float:
    dx = max(box.min_x - point[0], 0.0, point[0] - box.max_x)
    dy = max(box.min_y - point[1], 0.0, point[1] - box.max_y)
    return math.hypot(dx, dy)


@pytest.fixture(scope="module")
def sites(loader):
    """{site: (manifest, loaded model)} built once for the module."""
    cache = {}

    def get(site):
        if site not in cache:
            manifest = load_manifest(site_path(site))
            cache[site] = (manifest, load_model(loader, manifest.model))
        return cache[site]
    return get


def test_all_eleven_sites_are_shipped():
    assert len(SITES) == 11
    for site in SITES:
        assert site_path(site).is_file()


@pytest.mark.parametrize("site", SITES)
def test_manifest_and_dialogues_load(site):
    m = load_manifest(site_path(site))
    assert m.id == site and m.model.is_file()
    for desk in m.desks:
        dialogue = load_dialogue(desk.dialogue, SERVICES)
        assert any(c.action == "close" for c in dialogue.node(dialogue.start).choices)
    assert len(m.places) >= 3
    for place in m.places:
        assert place.last_verified == VERIFIED, place.id
        assert place.info["ko"].strip() and place.info["en"].strip()
    subway = [p for p in m.portals if p.id == "subway"]
    assert subway and subway[0].kind == "world_map"
    assert math.dist(subway[0].position[:2], m.spawn.position[:2]) < 40, "the subway is near the spawn"


@pytest.mark.parametrize("site", TOURIST_SPOTS)
def test_tourist_spot_has_a_tourist_information_desk(site):
    desk = load_manifest(site_path(site)).desk("tourist_info")
    assert desk.name == {"ko": "관광안내소", "en": "Tourist Information"}
    assert desk.model.name == "service_desk.glb" and desk.npc.model.name == "npc_clerk.glb"
    assert desk.dialogue.name == f"tourist_info_{site}.yaml"


def test_plaza_keeps_the_mayors_office_where_it_was():
    desk = load_manifest(site_path("seoul_plaza")).desk("mayors_office")
    assert desk.position == (-12, 45, 0) and desk.heading == 180


@pytest.mark.parametrize("site", SITES)
def test_site_stays_within_budget_after_loading(site, sites):
    from client.world.scene_stats import measure
    manifest, model = sites(site)
    flat = model.copy_to(model.get_parent()) if model.has_parent() else model.copy_to(type(model)("copy"))
    flat.clear_model_nodes()
    flat.flatten_strong()
    stats = measure(flat)
    size = manifest.model.stat().st_size
    print(f"{site}: {stats.geoms} geoms, {stats.triangles} triangles, {stats.materials} materials, "
          f"{size / 1e6:.2f} MB")
    assert stats.geoms <= MAX_GEOMS
    assert stats.triangles <= MAX_TRIANGLES
    assert stats.materials <= MAX_MATERIALS
    assert stats.max_texture_size <= MAX_TEXTURE
    assert size <= MAX_BYTES


@pytest.mark.parametrize("site", SITES)
def test_nothing_solid_crowds_the_spawn_desks_or_portals(site, sites):
    manifest, model = sites(site)
    boxes = solid_boxes(model)
    spots = [("spawn", manifest.spawn.position[:2])]
    spots += [(f"desk {d.id}", approach_point(d)) for d in manifest.desks]
    spots += [(f"portal {p.id}", p.position[:2]) for p in manifest.portals]
    for label, point in spots:
        others = [b for b in placed_boxes(manifest) if label != f"desk {b.name.removeprefix('desk:')}"]
        for box in boxes + others:  # a desk's own counter is where the citizen talks to it
            assert distance_to_box(point, box) >= CLEARANCE, \
                f"{box.name} is within {CLEARANCE:g} m of the {label} at {point}"


@pytest.mark.parametrize("site", SITES)
def test_subway_entrance_stands_at_the_portal(site, sites):
    manifest, model = sites(site)
    entrance = [b for b in solid_boxes(model) if b.name == "solid_subway_entrance"]
    assert entrance, "the subway portal needs its entrance in the model"
    portal = next(p for p in manifest.portals if p.id == "subway")
    assert distance_to_box(portal.position[:2], entrance[0]) < 6.0


@pytest.mark.parametrize("site", SITES)
def test_every_desk_place_and_portal_can_be_walked_to(site, sites):
    manifest, model = sites(site)
    # With the model's ground, as the client plans: a path may not cross a hole or climb a wall of ground.
    missed = unreachable(manifest, model)
    assert not missed, ", ".join(f"{m.label}: the walk ends {m.distance_m:.1f} m away" for m in missed)
