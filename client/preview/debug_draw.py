"""Line drawings of what a scene means for walking: solid boxes, the path grid and desk trigger zones.

Each function returns one new node under the given parent; removing it frees the drawing. Lines are
unlit and drawn on top (no depth test) so a box inside a building still shows.
"""
from __future__ import annotations

import math

import numpy as np
from panda3d.core import LineSegs, NodePath

from client.world.navigation import WalkArea
from client.world.pathfinding import PathGrid

LIFT = 0.05  # above the ground, so lines lying on it are not lost in it


def _finish(parent: NodePath, lines: LineSegs, name: str) -> NodePath:
    node = parent.attach_new_node(lines.create())
    node.set_name(name)
    node.set_light_off()
    node.set_depth_test(False)
    node.set_depth_write(False)
    node.set_bin("fixed", 50)
    return node


def solid_boxes(parent: NodePath, area: WalkArea, height: float = 3.0) -> NodePath:
    """Every obstacle of the walk area as a box outline, from the ground to ``height`` above it."""
    lines = LineSegs("debug:solids")
    lines.set_thickness(2)
    lines.set_color(1.0, 0.3, 0.2, 1)
    for box in area.obstacles:
        z0 = area.height(((box.min_x + box.max_x) / 2, (box.min_y + box.max_y) / 2)) + LIFT
        corners = [(box.min_x, box.min_y), (box.max_x, box.min_y), (box.max_x, box.max_y), (box.min_x, box.max_y)]
        for z in (z0, z0 + height):
            lines.move_to(*corners[-1], z)
            for x, y in corners:
                lines.draw_to(x, y, z)
        for x, y in corners:
            lines.move_to(x, y, z0)
            lines.draw_to(x, y, z0 + height)
    return _finish(parent, lines, "debug:solids")


def nav_grid(parent: NodePath, grid: PathGrid, max_lines: int = 20000) -> NodePath:
    """The path grid's walkable cells as runs of lines along each row (one line per run, not per cell).

    A big site has about a million cells; rows are thinned so the drawing stays under max_lines."""
    lines = LineSegs("debug:navigation")
    lines.set_color(0.2, 0.9, 1.0, 1)
    free = np.frombuffer(grid.free, dtype=np.uint8).reshape(grid.rows, grid.cols)
    runs_per_row = max(1, int(np.count_nonzero(np.diff(free, axis=1)) / max(grid.rows, 1)) + 1)
    every = max(1, math.ceil(grid.rows * runs_per_row / max_lines))
    area = grid.area
    for row in range(0, grid.rows, every):
        y = area.min_y + (row + 0.5) * grid.cell
        cells = np.concatenate(([0], free[row], [0])).astype(np.int8)
        edges = np.flatnonzero(np.diff(cells))
        for start, stop in zip(edges[::2], edges[1::2]):
            x0 = area.min_x + start * grid.cell
            x1 = area.min_x + stop * grid.cell
            lines.move_to(x0, y, area.height((x0 + grid.cell / 2, y)) + LIFT)
            lines.draw_to(x1, y, area.height((x1 - grid.cell / 2, y)) + LIFT)
    return _finish(parent, lines, "debug:navigation")


def trigger_zones(parent: NodePath, points: list[tuple[float, float]], radius: float, area: WalkArea,
                  segments: int = 48) -> NodePath:
    """A circle of ``radius`` round each point (a desk's approach point): where E starts a talk."""
    lines = LineSegs("debug:triggers")
    lines.set_thickness(2)
    lines.set_color(1.0, 0.85, 0.1, 1)
    for cx, cy in points:
        z = area.height((cx, cy)) + LIFT
        lines.move_to(cx + radius, cy, z)
        for i in range(1, segments + 1):
            a = 2 * math.pi * i / segments
            lines.draw_to(cx + radius * math.cos(a), cy + radius * math.sin(a), z)
        lines.move_to(cx - 0.2, cy, z)
        lines.draw_to(cx + 0.2, cy, z)
        lines.move_to(cx, cy - 0.2, z)
        lines.draw_to(cx, cy + 0.2, z)
    return _finish(parent, lines, "debug:triggers")
