"""Paths across a walk area: A* over a grid of free cells, then shortened where the way is clear. Pure.

Used by "walk to" (scenarios, and later "take me there" and NPC guides). The grid is built once per
site at the avatar's radius, so a path never brushes through a corner the avatar could not pass,
and it leaves out cells with no ground under them or behind a step too high to walk. A long search
is first made on a coarse graph (client/world/coarse_paths.py) and then refined on the fine grid
inside the corridor it found.
"""
from __future__ import annotations

import math

import numpy as np

from client.world.coarse_paths import CoarseGraph
from client.world.grid_search import OpenCells
from client.world.navigation import Vec2, WalkArea

COARSE = 8  # fine cells per coarse cell side (4 m at 0.5 m)
LONG = 4 * COARSE  # a search spanning more fine cells than this goes through the coarse graph
LEG = 6  # coarse pieces between stops when refining a long way (about 24 m)
BAND_CELLS = 1 << 17  # grid cells per band when keeping to the ground: 1 MiB per float64 array of a band


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
        self._cells = np.frombuffer(self.free, dtype=np.uint8).reshape(self.rows, self.cols)  # a view: always in step
        r = area.radius
        for box in area.obstacles:
            self._stamp(box.min_x - r, box.min_y - r, box.max_x + r, box.max_y + r)
        far = 1e6  # beyond any site: the margins along the bounds, where the avatar cannot stand
        self._stamp(-far, -far, area.min_x + r, far)
        self._stamp(area.max_x - r, -far, far, far)
        self._stamp(-far, -far, far, area.min_y + r)
        self._stamp(-far, area.max_y - r, far, far)
        if area.ground is not None:
            self._keep_to_ground(area.ground)
        # Part of the grid, built with it (on the worker, once per site): a long search then pays
        # for its search only.
        self._coarse = CoarseGraph(self._cells, COARSE)

    def _keep_to_ground(self, ground) -> None:
        """Block cells with no ground under them (and a cell round them), and both sides of every step
        too high to walk.

        The step rule is the avatar's (HeightField.can_step: a rise of more than max_step between two
        points is a wall), applied between the centres of side-by-side cells, which lie farther apart
        than the avatar's sub-steps: so the grid is, if anything, stricter than walking. Both sides
        are blocked because a path across would need to climb one way, and a drop the avatar could
        not climb back is no walk either. Diagonal moves need both side cells free, so checking side
        neighbours is enough. numpy over the whole grid, whatever the obstacles; most of the cost is
        the ground's heights, worked out here for the whole site (about 0.2 s on a tower site).
        """
        xs = self.area.min_x + (np.arange(self.cols) + 0.5) * self.cell
        ys = self.area.min_y + (np.arange(self.rows) + 0.5) * self.cell
        # Band by band, each with a row of its neighbours' on either side (all that the rules in
        # _off_ground look at, so the result is the whole grid's): a tower site's heights and their
        # differences at once came to 30 MiB of float64 temporaries. The ground's tiles are worked
        # out first, all together, so the bands do not split their squares into more numpy calls.
        ground.prepare(xs, ys)
        band = max(1, BAND_CELLS // self.cols)
        for top in range(0, self.rows, band):
            lo, hi = max(0, top - 1), min(self.rows, top + band + 1)
            bad = self._off_ground(ground, xs, ys[lo:hi])
            self._cells[top:top + band][bad[top - lo:top - lo + band]] = 0

    @staticmethod
    def _off_ground(ground, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        """(len(ys), len(xs)) bool: the cells that `_keep_to_ground` blocks, as if these were all the rows."""
        z, ground_here = ground.sample(xs, ys)
        # One more cell round every hole: string pulling checks a line every half cell, so a straight
        # leg may clip a blocked cell's corner, as it may an obstacle's grown margin; this is that margin.
        bad = ~ground_here
        bad[1:, :] |= ~ground_here[:-1, :]
        bad[:-1, :] |= ~ground_here[1:, :]
        del ground_here
        grown = bad.copy()
        bad[:, 1:] |= grown[:, :-1]
        bad[:, :-1] |= grown[:, 1:]
        del grown
        for axis in (0, 1):
            rise = np.diff(z, axis=axis)
            np.abs(rise, out=rise)
            rise = rise > ground.max_step
            lead = [slice(None), slice(None)]
            lead[axis] = slice(None, -1)
            bad[tuple(lead)] |= rise
            lead[axis] = slice(1, None)
            bad[tuple(lead)] |= rise
        return bad

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
        """True if a straight walk from a to b stays on free cells (sampled every half cell)."""
        steps = max(1, int(math.dist(a, b) / (self.cell * 0.5)))
        # All samples at once: string pulling checks lines hundreds of metres long.
        t = np.arange(steps + 1) / steps
        cols = ((a[0] + (b[0] - a[0]) * t - self.area.min_x) / self.cell).astype(np.int64)
        rows = ((a[1] + (b[1] - a[1]) * t - self.area.min_y) / self.cell).astype(np.int64)
        return bool(self._cells[rows.clip(0, self.rows - 1), cols.clip(0, self.cols - 1)].all())

    def find_path(self, start: Vec2, goal: Vec2) -> list[Vec2]:
        """Waypoints from start to goal (goal snapped to the nearest free spot), start excluded.

        A long way is first found on the coarse graph and then refined on the fine grid, leg by leg
        between stops a few blocks apart and inside the coarse route's corridor, so a kilometre costs
        a few thousand steps instead of a flood of a million cells. The path is a fine path either
        way, shortened only along straight lines that stay on free cells.
        """
        s, g = self.nearest_free(start), self.nearest_free(goal)
        if self.is_free(self.cell_of(start)) and self.line_clear(start, self.centre(g)):
            return [self.centre(g)]  # in plain sight: no search needed
        cells = None
        if max(abs(s[0] - g[0]), abs(s[1] - g[1])) > LONG:
            coarse = self._coarse
            route = coarse.route(s, g)
            if route is None:  # the coarse graph is exact about reachability
                raise NoPath(f"no walkable way from ({start[0]:.1f}, {start[1]:.1f}) to ({goal[0]:.1f}, {goal[1]:.1f})")
            cells = self._refine(coarse, route, s, g)
        if cells is None:
            # Short ways, and (never expected: the corridor holds a way) a refinement that failed.
            grid = OpenCells(self._free_array())
            found = grid.search(grid.index(s), grid.index(g))
            if found is None:
                raise NoPath(f"no walkable way from ({start[0]:.1f}, {start[1]:.1f}) to ({goal[0]:.1f}, {goal[1]:.1f})")
            cells = [grid.cell(i) for i in found]
        points = [self.centre(c) for c in cells]
        return self._shorten([start] + points[1:-1] + [self.centre(g)])[1:]

    def _refine(self, coarse: CoarseGraph, route: list[int], s: tuple[int, int], g: tuple[int, int]) -> list[tuple[int, int]] | None:
        """Fine cells from s to g through the coarse route's corridor, or None if a leg fails.

        One search to the far end would flood the corridor wherever its bends fool the straight-line
        estimate; short legs between stops on the route keep every search local.
        """
        grid = OpenCells(self._free_array() & coarse.corridor(route))
        stops = [coarse.anchor(node) for node in route[LEG:-1:LEG]] + [g]
        found = [grid.index(s)]
        for stop in stops:
            leg = grid.search(found[-1], grid.index(stop))
            if leg is None:
                return None
            found += leg[1:]
        return [grid.cell(i) for i in found]

    def _free_array(self) -> np.ndarray:
        """(rows, cols) bool, True where free: a read-only view of `free`, not a copy of the grid."""
        free = self._cells.view(bool)  # the cells only ever hold 0 or 1
        free.flags.writeable = False
        return free

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
