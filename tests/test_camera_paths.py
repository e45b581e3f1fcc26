"""Along every auto-walk path of every site (spawn to each desk, place and portal), the third-person
camera stays out of the site's solid things and above its ground, whichever way the citizen has
turned it and however far it is zoomed.

The camera is the client's own OrbitCamera on bare NodePaths (no window); the avatar is moved through
the walk area to points sampled along each path, about every metre, rather than frame by frame.
"""
from __future__ import annotations

import math

import pytest

from client.world.camera import OrbitCamera
from client.world.ground import build_height_field
from client.world.manifest import approach_point
from client.world.navigation import WalkArea
from client.world.pathfinding import PathGrid
from client.site_check import solid_boxes
from client.world.footprints import placed_boxes
from tests.test_sites import loader, sites  # noqa: F401 (fixtures used by name)
from tools.site_screenshots import SITES

SAMPLE_EVERY = 1.0  # metres along a path
YAWS = range(0, 360, 45)  # the citizen may have turned the camera any way
# (pitch, distance): the default framing, low and far out, high and far out.
FRAMINGS = ((14.0, 6.5), (2.0, 25.0), (60.0, 25.0))
NEAR = 0.2  # the lens's near plane (client/states/world.py): closer than this, a wall is cut open
GROUND_CLEARANCE = 0.3


def samples(path: list[tuple[float, float]], start: tuple[float, float]):
    """Points about every SAMPLE_EVERY metres along start -> path."""
    points, here = [start], start
    for corner in path:
        length = math.dist(here, corner)
        count = max(1, math.ceil(length / SAMPLE_EVERY))
        points += [(here[0] + (corner[0] - here[0]) * i / count, here[1] + (corner[1] - here[1]) * i / count)
                   for i in range(1, count + 1)]
        here = corner
    return points


def inside(box, x: float, y: float, margin: float) -> bool:
    return box.min_x - margin < x < box.max_x + margin and box.min_y - margin < y < box.max_y + margin


@pytest.mark.parametrize("site", SITES)
def test_the_camera_never_ends_up_inside_geometry_along_auto_walk_paths(site, sites):  # noqa: F811
    from panda3d.core import NodePath

    manifest, model = sites(site)
    boxes = solid_boxes(model) + placed_boxes(manifest)
    area = WalkArea(manifest.bounds, boxes, 0.35, ground=build_height_field(model, model, manifest.bounds))
    grid = PathGrid(area)
    start = manifest.spawn.position[:2]
    targets = [approach_point(d) for d in manifest.desks]
    targets += [p.position[:2] for p in (*manifest.places, *manifest.portals)]
    root = NodePath("test")
    avatar, lens = root.attach_new_node("avatar"), root.attach_new_node("camera")
    camera = OrbitCamera(lens, avatar, area)
    problems, checked = [], 0
    for target in targets:
        x, y = start
        for point in samples(grid.find_path(start, target), start):
            # Where the avatar really gets to: the walk slides along whatever the path brushes past.
            x, y = area.move((x, y), (point[0] - x, point[1] - y))
            avatar.set_pos(x, y, area.height((x, y)))
            for pitch, distance in FRAMINGS:
                for yaw in YAWS:
                    camera.yaw, camera.pitch, camera.distance = float(yaw), pitch, distance
                    camera.update()
                    cx, cy, cz = lens.get_pos()
                    checked += 1
                    hit = next((b.name for b in boxes if inside(b, cx, cy, NEAR)), None)
                    if hit is not None:
                        problems.append(f"at ({x:.1f}, {y:.1f}) yaw {yaw} pitch {pitch:g} d {distance:g}: "
                                        f"the camera at ({cx:.1f}, {cy:.1f}) is inside {hit}")
                    ground = area.height((cx, cy))
                    if cz < ground + GROUND_CLEARANCE:
                        problems.append(f"at ({x:.1f}, {y:.1f}) yaw {yaw} pitch {pitch:g} d {distance:g}: "
                                        f"the camera is {cz - ground:.2f} m above the ground")
    root.remove_node()
    assert checked > 100
    assert not problems, f"{len(problems)} of {checked} camera positions are bad, e.g.\n" + "\n".join(problems[:8])
