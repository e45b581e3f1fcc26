"""Where the avatar may stand: footprints of solid things and the site's walkable bounds. Pure Python.

The avatar is a circle in plan; obstacles are axis-aligned boxes taken from the site model. A move
is split into steps shorter than the avatar's radius so nothing is tunnelled through, and each step
slides along whatever it touches instead of stopping dead, which is how walking along a wall feels.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

Vec2 = tuple[float, float]
_CELL_M = 8.0
_NONE: list["Box"] = []


@dataclass(frozen=True)
class Box:
    """An obstacle's footprint: min and max corners in metres."""

    name: str
    min_x: float
    min_y: float
    max_x: float
    max_y: float

    def push_out(self, x: float, y: float, radius: float) -> tuple[float, float] | None:
        """Where a circle at (x, y) must move to stop overlapping this box, or None if it does not."""
        cx = min(max(x, self.min_x), self.max_x)
        cy = min(max(y, self.min_y), self.max_y)
        dx, dy = x - cx, y - cy
        dist2 = dx * dx + dy * dy
        if dist2 >= radius * radius:
            return None
        if dist2 > 1e-12:
            dist = math.sqrt(dist2)
            scale = radius / dist
            return cx + dx * scale, cy + dy * scale
        # The centre is inside the box: leave by the nearest side.
        exits = [
            (x - self.min_x, (self.min_x - radius, y)),
            (self.max_x - x, (self.max_x + radius, y)),
            (y - self.min_y, (x, self.min_y - radius)),
            (self.max_y - y, (x, self.max_y + radius)),
        ]
        return min(exits)[1]

    def ray_hit(self, ox: float, oy: float, dx: float, dy: float, margin: float = 0.0) -> float | None:
        """Distance along a unit ray from (ox, oy) to this box's edge (grown by margin), or None if it misses."""
        t_near, t_far = -math.inf, math.inf
        for o, d, lo, hi in ((ox, dx, self.min_x - margin, self.max_x + margin),
                             (oy, dy, self.min_y - margin, self.max_y + margin)):
            if abs(d) < 1e-12:
                if o < lo or o > hi:
                    return None
                continue
            t1, t2 = (lo - o) / d, (hi - o) / d
            t_near, t_far = max(t_near, min(t1, t2)), min(t_far, max(t1, t2))
        if t_near > t_far or t_far < 0:
            return None
        return max(t_near, 0.0)


class WalkArea:
    """The site's walkable rectangle minus its obstacles."""

    def __init__(self, bounds: tuple[Vec2, Vec2], obstacles: list[Box], radius: float = 0.35, ground=None):
        (self.min_x, self.min_y), (self.max_x, self.max_y) = bounds
        self.obstacles = list(obstacles)
        self.radius = radius
        self.ground = ground  # a HeightField, or None for a level site
        # Boxes by grid cell, so a step tests the few boxes near it rather than all of a site's:
        # with twenty passers-by, testing every box cost a third of the frame's Python time.
        # Each box is listed in every cell within its footprint grown by two radii (a step and
        # the pushes settling it stay that close), in the obstacles' own order.
        grow = 2 * radius
        # Only cells over the site (and a step beyond) are listed: a lake or a mall reaching far past
        # the bounds filled thousands of cells no one stands in (a megabyte on a tower site). A point
        # out there gets its boxes worked out when asked (`_far`).
        i0, i1, j0, j1 = self._span = (self._cell(self.min_x - grow), self._cell(self.max_x + grow),
                                       self._cell(self.min_y - grow), self._cell(self.max_y + grow))
        cells: dict[tuple[int, int], list[Box]] = {}
        for box in self.obstacles:
            bi0, bi1, bj0, bj1 = self._reach(box)
            for i in range(max(bi0, i0), min(bi1, i1) + 1):
                for j in range(max(bj0, j0), min(bj1, j1) + 1):
                    cells.setdefault((i, j), []).append(box)
        # Cells with the same boxes share one tuple: most of a big box's cells list it alone.
        shared: dict[tuple[int, ...], tuple[Box, ...]] = {}
        self._cells = {key: shared.setdefault(tuple(map(id, boxes)), tuple(boxes)) for key, boxes in cells.items()}

    @staticmethod
    def _cell(v: float) -> int:
        return math.floor(v / _CELL_M)

    def _reach(self, box: Box) -> tuple[int, int, int, int]:
        """First and last cell columns, then rows, that a box is listed in."""
        grow = 2 * self.radius
        return (self._cell(box.min_x - grow), self._cell(box.max_x + grow),
                self._cell(box.min_y - grow), self._cell(box.max_y + grow))

    def _near(self, x: float, y: float) -> tuple[Box, ...] | list[Box]:
        i, j = self._cell(x), self._cell(y)
        boxes = self._cells.get((i, j))
        if boxes is not None:
            return boxes
        i0, i1, j0, j1 = self._span
        return _NONE if i0 <= i <= i1 and j0 <= j <= j1 else self._far(i, j)

    def _far(self, i: int, j: int) -> list[Box]:
        """The boxes of a cell beyond the listed ones: those whose grown footprint reaches it, in order."""
        reach = [(box, self._reach(box)) for box in self.obstacles]
        return [box for box, (i0, i1, j0, j1) in reach if i0 <= i <= i1 and j0 <= j <= j1]

    def height(self, point: Vec2) -> float:
        """Ground height at point (0 on a level site)."""
        return self.ground.height(*point) if self.ground is not None else 0.0

    def _settle(self, x: float, y: float) -> tuple[float, float]:
        r = self.radius
        near = self._near(x, y)
        for _ in range(4):  # a few passes resolve corners where two boxes meet
            moved = False
            for box in near:
                out = box.push_out(x, y, r)
                if out is not None:
                    x, y = out
                    moved = True
            x = min(max(x, self.min_x + r), self.max_x - r)
            y = min(max(y, self.min_y + r), self.max_y - r)
            if not moved:
                break
        return x, y

    def move(self, start: Vec2, delta: Vec2) -> Vec2:
        """Move a circle from start by delta, sliding along obstacles; returns where it ends."""
        length = math.hypot(*delta)
        steps = max(1, math.ceil(length / (self.radius * 0.5)))
        x, y = start
        sx, sy = delta[0] / steps, delta[1] / steps
        for _ in range(steps):
            nx, ny = self._settle(x + sx, y + sy)
            if self.ground is not None and not self.ground.can_step((x, y), (nx, ny)):
                # Too high a step: try sliding along each axis before giving up (walking along a kerb).
                for cx, cy in ((x + sx, y), (x, y + sy)):
                    cx, cy = self._settle(cx, cy)
                    if self.ground.can_step((x, y), (cx, cy)):
                        nx, ny = cx, cy
                        break
                else:
                    break
            x, y = nx, ny
        return x, y

    def blocked_at(self, point: Vec2) -> Box | None:
        """The obstacle a circle at point would overlap, if any."""
        for box in self._near(*point):
            if box.push_out(point[0], point[1], self.radius) is not None:
                return box
        return None

    def clear_distance(self, origin: Vec2, direction: Vec2, max_distance: float, margin: float = 0.0) -> float:
        """How far one can look from origin along direction before hitting an obstacle.

        With a margin, how far a point can travel and stay that far from every obstacle (the camera's
        lens must not come within its near distance of a wall it only grazes)."""
        length = math.hypot(*direction)
        if length < 1e-9:
            return max_distance
        dx, dy = direction[0] / length, direction[1] / length
        best = max_distance
        for box in self.obstacles:
            hit = box.ray_hit(origin[0], origin[1], dx, dy, margin)
            if hit is not None and hit < best:
                best = hit
        return best


def ray_to_ground(origin: tuple[float, float, float], direction: tuple[float, float, float],
                  height_at, max_distance: float = 500.0) -> Vec2 | None:
    """Where a ray (e.g. through the mouse pointer) meets the ground, or None if it points skyward.

    Marches along the ray in half-metre steps until it passes below the ground, then refines by
    bisection, so slopes and terraces are hit where they are seen.
    """
    ox, oy, oz = origin
    dx, dy, dz = direction
    length = math.sqrt(dx * dx + dy * dy + dz * dz)
    if length < 1e-9 or dz >= 0:
        return None
    dx, dy, dz = dx / length, dy / length, dz / length

    def above(t: float) -> bool:
        return oz + dz * t > height_at((ox + dx * t, oy + dy * t))

    t_prev, t = 0.0, 0.5
    while t <= max_distance:
        if not above(t):
            lo, hi = t_prev, t
            for _ in range(20):
                mid = (lo + hi) / 2
                lo, hi = (mid, hi) if above(mid) else (lo, mid)
            return ox + dx * hi, oy + dy * hi
        t_prev, t = t, t + 0.5
    return None
