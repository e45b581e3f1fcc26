"""The ground a manifest's desks and boards stand on, as boxes the walk area keeps citizens out of. Pure."""
from __future__ import annotations

from client.world.manifest import Manifest, desk_local_to_world
from client.world.navigation import Box


def footprint(name: str, item, xs: tuple[float, float], ys: tuple[float, float]) -> Box:
    """The box round a desk's or board's local rectangle (x across it, +y its front), in site coordinates."""
    corners = [desk_local_to_world(item, (cx, cy)) for cx in xs for cy in ys]
    return Box(name, min(c[0] for c in corners), min(c[1] for c in corners),
               max(c[0] for c in corners), max(c[1] for c in corners))


def placed_boxes(manifest: Manifest) -> list[Box]:
    """The counters (the clerk behind included: citizens talk across them) and the boards' faces and posts."""
    boxes = [footprint(f"desk:{d.id}", d, (-1.1, 1.1), (-1.3, 0.5)) for d in manifest.desks]
    boxes += [footprint(f"board:{b.id}", b, (-2.35, 2.35), (-0.15, 0.15)) for b in manifest.boards]
    return boxes
