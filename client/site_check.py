"""What a site's model and manifest give a citizen on foot, judged without opening a window: the solid
footprints, whether every desk, place and portal can be walked to from the spawn, and the draw
figures once loaded and flattened the way the client does it.

Used by ``metaverse-seoul validate`` and by the site tests, so both judge a site the same way.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from panda3d.core import Filename, NodePath

from client.world.ground import build_height_field
from client.world.footprints import placed_boxes
from client.world.manifest import Manifest, approach_point
from client.world.navigation import Box, WalkArea
from client.world.pathfinding import NoPath, PathGrid

REACH_M = 6.0  # a walk that ends this close to its target has arrived (a statue's plinth cannot be stood on)


def load_model(loader, path) -> NodePath:
    """The model as the client loads it (panda3d-gltf, no model cache)."""
    return loader.load_model(Filename.from_os_specific(str(path)), noCache=True)


def solid_boxes(model: NodePath) -> list[Box]:
    """Footprints of the model's solid_ nodes, as the client reads them (before flattening)."""
    boxes = []
    for node in model.find_all_matches("**/solid_*"):
        lo, hi = node.get_tight_bounds(model)
        boxes.append(Box(node.get_name(), lo.x, lo.y, hi.x, hi.y))
    return boxes


@dataclass(frozen=True)
class Unreachable:
    label: str  # "desk mayors_office", "portal subway"
    distance_m: float  # how far from it the best walk ends (inf: no walk at all)


def unreachable(manifest: Manifest, model: NodePath) -> list[Unreachable]:
    """Every desk, place and portal a citizen cannot walk to from the spawn, with the ground as the client has it."""
    ground = build_height_field(model, model, manifest.bounds)
    grid = PathGrid(WalkArea(manifest.bounds, solid_boxes(model) + placed_boxes(manifest), 0.35, ground=ground))
    start = manifest.spawn.position[:2]
    targets = [(f"desk {d.id}", approach_point(d)) for d in manifest.desks]
    targets += [(f"place {p.id}", p.position[:2]) for p in manifest.places]
    targets += [(f"portal {p.id}", p.position[:2]) for p in manifest.portals]
    missed = []
    for label, target in targets:
        try:
            path = grid.find_path(start, target)
        except NoPath:
            missed.append(Unreachable(label, math.inf))
            continue
        end = path[-1] if path else start
        if math.dist(end, target) >= REACH_M:
            missed.append(Unreachable(label, math.dist(end, target)))
    return missed
