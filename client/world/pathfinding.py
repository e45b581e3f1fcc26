"""Paths across a walk area: A* over a grid of free cells, then shortened where the way is clear. Pure.

Used by "walk to" (scenarios, and later "take me there" and NPC guides). The grid is built once per
site at the avatar's radius, so a path never brushes through a corner the avatar could not pass.
"""
from __future__ import annotations

import heapq
import math
import time

from client.world.navigation import Vec2, WalkArea

_NEIGHBOURS = [(dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1) if dx or dy]


class NoPath(Exception):
    """No walkable way between two points."""


class PathGrid:
    """Free/blocked cells of a WalkArea at a fixed spacing."""

    def __init__(self, area: WalkArea, cell: float = 0.5):
        self.area, self.cell = area, cell
        self.cols = max(1, int((area.max_x - area.min_x) / cell))
        self.rows = max(1, int((area.max_y - area.min_y) / cell))
        # Start all free, then stamp each obstacle grown by the avatar's radius (as a box, so corners
        # are a little conservative). Cost is the obstacles' area, not cells x obstacles: a plaza
        # grid builds in milliseconds instead of stalling a frame for seconds.
        self.free = bytearray(b"\x01") * (self.cols * self.rows)
        r = area.radius
        for box in area.obstacles:
            self._stamp(box.min_x - r, box.min_y - r, box.max_x + r, box.max_y + r)
        far = 1e6  # beyond any site: the margins along the bounds, where the avatar cannot stand
        self._stamp(-far, -far, area.min_x + r, far)
        self._stamp(area.max_x - r, -far, far, far)
        self._stamp(-far, -far, far, area.min_y + r)
        self._stamp(-far, area.max_y - r, far, far)

    def _stamp(self, min_x: float, min_y: float, max_x: float, max_y: float) -> None:
        """Mark blocked every cell whose centre lies inside the rectangle or within a hair of its edge."""
        eps = 1e-6  # centres exactly on the edge count as blocked: collision rounds the other way
        c0 = max(0, math.ceil((min_x - self.area.min_x) / self.cell - 0.5 - eps))
        c1 = min(self.cols - 1, math.floor((max_x - self.area.min_x) / self.cell - 0.5 + eps))
        r0 = max(0, math.ceil((min_y - self.area.min_y) / self.cell - 0.5 - eps))
        r1 = min(self.rows - 1, math.floor((max_y - self.area.min_y) / self.cell - 0.5 + eps))
        if c0 > c1 or r0 > r1:
            return
        blocked = bytes(c1 - c0 + 1)
        for row in range(r0, r1 + 1):
            start = row * self.cols
            self.free[start + c0:start + c1 + 1] = blocked

    def centre(self, cell: tuple[int, int]) -> Vec2:
        return (self.area.min_x + (cell[0] + 0.5) * self.cell, self.area.min_y + (cell[1] + 0.5) * self.cell)

    def cell_of(self, point: Vec2) -> tuple[int, int]:
        col = int((point[0] - self.area.min_x) / self.cell)
        row = int((point[1] - self.area.min_y) / self.cell)
        return min(max(col, 0), self.cols - 1), min(max(row, 0), self.rows - 1)

    def is_free(self, cell: tuple[int, int]) -> bool:
        col, row = cell
        return 0 <= col < self.cols and 0 <= row < self.rows and bool(self.free[row * self.cols + col])

    def nearest_free(self, point: Vec2, max_rings: int = 12) -> tuple[int, int]:
        """The free cell closest to point (a desk stands in front of, not inside, its counter)."""
        start = self.cell_of(point)
        if self.is_free(start):
            return start
        for ring in range(1, max_rings + 1):
            ring_cells = [
                (start[0] + dx, start[1] + dy)
                for dx in range(-ring, ring + 1)
                for dy in range(-ring, ring + 1)
                if max(abs(dx), abs(dy)) == ring and self.is_free((start[0] + dx, start[1] + dy))
            ]
            if ring_cells:
                return min(ring_cells, key=lambda c: math.dist(self.centre(c), point))
        raise NoPath(f"nothing walkable within {max_rings * self.cell:g} m of ({point[0]:.1f}, {point[1]:.1f})")

    def line_clear(self, a: Vec2, b: Vec2) -> bool:
        """True if a straight walk from a to b stays on free cells."""
        steps = max(1, int(math.dist(a, b) / (self.cell * 0.5)))
        for i in range(steps + 1):
            t = i / steps
            if not self.is_free(self.cell_of((a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t))):
                return False
        return True

    def find_path(self, start: Vec2, goal: Vec2) -> list[Vec2]:
        """Waypoints from start to goal (goal snapped to the nearest free spot), start excluded."""
        s, g = self.nearest_free(start), self.nearest_free(goal)
        if self.is_free(self.cell_of(start)) and self.line_clear(start, self.centre(g)):
            return [self.centre(g)]  # in plain sight: no search needed
        came: dict[tuple[int, int], tuple[int, int]] = {}
        cost = {s: 0.0}
        frontier = [(0.0, s)]
        expanded = 0
        while frontier:
            _, cur = heapq.heappop(frontier)
            if cur == g:
                break
            expanded += 1
            if expanded % 256 == 0:
                # A long search runs on a worker thread for a second or more; handing the GIL back
                # now and then lets the frame loop draw on time meanwhile.
                time.sleep(0)
            for dx, dy in _NEIGHBOURS:
                nxt = (cur[0] + dx, cur[1] + dy)
                # Diagonal moves may not cut a blocked corner.
                if not self.is_free(nxt) or (dx and dy and not (self.is_free((cur[0] + dx, cur[1])) and self.is_free((cur[0], cur[1] + dy)))):
                    continue
                new_cost = cost[cur] + (1.4142 if dx and dy else 1.0)
                if new_cost < cost.get(nxt, math.inf):
                    cost[nxt] = new_cost
                    came[nxt] = cur
                    heapq.heappush(frontier, (new_cost + math.dist(nxt, g), nxt))
        if g not in cost:
            raise NoPath(f"no walkable way from ({start[0]:.1f}, {start[1]:.1f}) to ({goal[0]:.1f}, {goal[1]:.1f})")
        cells = [g]
        while cells[-1] != s:
            cells.append(came[cells[-1]])
        points = [self.centre(c) for c in reversed(cells)]
        return self._shorten([start] + points[1:-1] + [self.centre(g)])[1:]

    def _shorten(self, points: list[Vec2]) -> list[Vec2]:
        """Drop waypoints that a straight line can skip (string pulling).

        From each kept point, the farthest point still in plain sight is found by galloping
        (1, 2, 4, … ahead) and then bisecting, so a kilometre-long road costs a few dozen line
        checks instead of one per cell. Every kept segment is checked clear, so the path stays valid.
        """
        out = [points[0]]
        i, last = 0, len(points) - 1
        while i < last:
            step, good = 1, i + 1
            while good + step <= last and self.line_clear(points[i], points[good + step]):
                good += step
                step *= 2
            lo, hi = good, min(last, good + step)  # points[hi] not in sight (or hi == good)
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if self.line_clear(points[i], points[mid]):
                    lo = mid
                else:
                    hi = mid
            out.append(points[lo])
            i = lo
        return out
