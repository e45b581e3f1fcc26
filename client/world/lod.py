"""Level of detail: a model's coarser copies (``far<metres>__<name>``) take over from that distance.

The asset builder writes a node with a ``far`` level in its recipe twice: as ``<name>`` and, with
coarser curves, as ``far<beyond>__<name>`` (tools/recipe.py).  Here the pairs of each 12 m cell go
under one ``LODNode`` that draws the near nodes until the camera is ``beyond`` metres from all of
them and the far copies after that.
On software GL a triangle costs much the same whether it covers two pixels or two hundred, so a roof
50 m away drawn with a third of its triangles looks the same, and Bukchon's spawn view costs 8 %
fewer instructions (benchmarks/frame_instructions.py).

Call it before flattening: ``flatten_strong`` then merges each level's materials within the level
and never across a ``LODNode``, so the levels stay switchable.
"""
from __future__ import annotations

import math
import re

from panda3d.core import LODNode, NodePath, Point3

from client.world.models import ModelError

FAR_NAME = re.compile(r"^far(\d+)__(.+)$")
# Pairs within one cell of this size (plan, metres) switch together under one LODNode.  A cell's
# switch distance grows by its radius, so a big cell keeps its houses detailed far too long (24 m
# cells saved half as much at Bukchon); 12 m holds one house there, whose lots are 11-12 m apart.
CELL = 12.0
# The far level is drawn out to the far plane and beyond; the camera's lens clips what is past it.
OUT_OF_SIGHT = 1.0e6


class LevelError(ModelError):
    """A far copy whose near node is missing; the message names both (the site cannot load)."""


def add_levels(model: NodePath) -> list[NodePath]:
    """Put near nodes and their far copies under one LODNode per cell; return the LODNodes made.

    A cell switches to its far copies only when the camera is further than every member's
    ``beyond`` from that member's centre, so no copy is ever drawn coarser than its recipe allows.
    """
    cells: dict[tuple[NodePath, int, int], list[tuple[NodePath, NodePath, int, Point3]]] = {}
    for far in model.find_all_matches("**/far*__*"):
        found = FAR_NAME.match(far.get_name())
        if found is None:
            continue
        beyond, name = int(found.group(1)), found.group(2)
        near = far.get_parent().find(name)
        if near.is_empty():
            raise LevelError(f"far copy {far.get_name()!r} has no node {name!r} beside it")
        bounds = near.get_tight_bounds(model)
        centre = (bounds[0] + bounds[1]) * 0.5 if bounds else near.get_pos(model)
        # Cells are keyed by the parent too, so each LODNode sits where its members were.
        key = (far.get_parent(), math.floor(centre.x / CELL), math.floor(centre.y / CELL))
        cells.setdefault(key, []).append((near, far, beyond, Point3(centre)))
    made = []
    for (parent, i, j), members in cells.items():
        centre = sum((c for *_rest, c in members), Point3(0, 0, 0)) / len(members)
        switch = max(beyond + (c - centre).length() for _n, _f, beyond, c in members)
        lod = parent.attach_new_node(LODNode(f"lod:{i}:{j}"))
        lod.node().set_center(parent.get_relative_point(model, centre))
        near_group, far_group = lod.attach_new_node("near"), lod.attach_new_node("far")
        for near, far, _beyond, _centre in members:
            near.wrt_reparent_to(near_group)
            far.wrt_reparent_to(far_group)
        lod.node().add_switch(switch, 0.0)
        lod.node().add_switch(OUT_OF_SIGHT, switch)
        made.append(lod)
    return made


def flatten_for_drawing(model: NodePath) -> None:
    """Merge a site model for drawing: levels of detail first, then one geom per material per level.

    Node boundaries only matter until obstacles and markers are read (client/world/site.py);
    ``flatten_strong`` merges within each level and never across a ``LODNode``.
    """
    add_levels(model)
    model.clear_model_nodes()
    model.flatten_strong()
