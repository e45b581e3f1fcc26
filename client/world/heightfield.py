"""Ground height under any point of a site, from the triangles of its walkable surfaces. Pure Python
plus numpy: no Panda3D (client/world/ground.py hands in the triangles).

The triangles are rasterised once into a grid of the highest surface per cell; the avatar then
reads heights with a bilinear lookup each frame. A step up of more than `max_step` between two
points is not walkable, so kerbs and stairs work and walls of ground do not. Where no walkable
surface lies at all (a hole, off the model) `height` reads street level, but `sample` says so, so
that path planning can keep off it.
"""
from __future__ import annotations

import math

import numpy as np

NO_GROUND = -1e9
TILE = 32  # grid points per tile side (16 m at the default 0.5 m spacing)
CANDIDATES = 1 << 15  # (triangle, grid point) pairs tested at a time when rasterising: 256 KiB an array


class HeightField:
    def __init__(self, triangles: np.ndarray, bounds: tuple[tuple[float, float], tuple[float, float]],
                 cell: float = 0.5, max_step: float = 0.35):
        """triangles: array (n, 3, 3) of world-space (x, y, z) corners."""
        (self.min_x, self.min_y), (max_x, max_y) = bounds
        self.cell, self.max_step = cell, max_step
        self.cols = max(2, int(math.ceil((max_x - self.min_x) / cell)) + 1)
        self.rows = max(2, int(math.ceil((max_y - self.min_y) / cell)) + 1)
        self.z = np.full((self.rows, self.cols), NO_GROUND, dtype=np.float64)
        tris = np.asarray(triangles, dtype=np.float64).reshape(-1, 3, 3)
        # Only surfaces facing up can be stood on (a slab's underside and sides cannot).
        e1, e2 = tris[:, 1, :2] - tris[:, 0, :2], tris[:, 2, :2] - tris[:, 0, :2]
        tris = tris[e1[:, 0] * e2[:, 1] - e1[:, 1] * e2[:, 0] > 1e-9]
        self._floor = tris  # every standable surface, level or not: where there is ground at all
        self._covered: np.ndarray | None = None  # grid points under some surface, worked out on demand
        # Level ground at street height is what the grid is filled with anyway; leaving those
        # triangles out (most of a plaza) saves most of the work. Where street-level ground overlaps
        # a lower surface, that lower one wins by at most a few centimetres.
        self.tris = tris[np.abs(tris[:, :, 2]).max(axis=1) > 1e-4]
        lo, hi = self.tris[:, :, :2].min(axis=1), self.tris[:, :, :2].max(axis=1)
        self._tri_cells = np.stack([np.floor((lo[:, 0] - self.min_x) / cell), np.ceil((hi[:, 0] - self.min_x) / cell),
                                    np.floor((lo[:, 1] - self.min_y) / cell), np.ceil((hi[:, 1] - self.min_y) / cell)],
                                   axis=1)
        # Heights are worked out a tile at a time, the first time something asks there: entering a
        # site costs nothing, and a walk touches only the tiles along the way.
        self._tiles_done = np.zeros(((self.rows + TILE - 1) // TILE, (self.cols + TILE - 1) // TILE), dtype=bool)

    def _tile(self, tr: int, tc: int, span: int = 1) -> None:
        """Work out a square of span x span tiles from (tr, tc), none of them done yet."""
        r0, c0 = tr * TILE, tc * TILE
        r1, c1 = min(self.rows, r0 + span * TILE) - 1, min(self.cols, c0 + span * TILE) - 1
        cells = self._tri_cells
        near = (cells[:, 1] >= c0) & (cells[:, 0] <= c1) & (cells[:, 3] >= r0) & (cells[:, 2] <= r1)
        if near.any():
            self._rasterise(self.tris[near], (r0, r1, c0, c1))
        block = self.z[r0:r1 + 1, c0:c1 + 1]
        block[block == NO_GROUND] = 0.0  # no walkable surface recorded: assume street level
        self._tiles_done[tr:tr + span, tc:tc + span] = True

    def _rasterise(self, tris: np.ndarray, window: tuple[int, int, int, int]) -> None:
        """Highest surface per grid point, for all triangles at once (vectorised over grid points).

        Each triangle contributes the grid points inside its bounding box; the candidates of all
        triangles are laid out in one flat array, tested with barycentric coordinates and merged
        with a maximum. A site's ground (thousands of triangles) takes milliseconds this way.
        """
        x, y = tris[:, :, 0], tris[:, :, 1]
        wr0, wr1, wc0, wc1 = window
        c0 = np.clip(np.floor((x.min(1) - self.min_x) / self.cell), wc0, wc1).astype(np.int64)
        c1 = np.clip(np.ceil((x.max(1) - self.min_x) / self.cell), wc0, wc1).astype(np.int64)
        r0 = np.clip(np.floor((y.min(1) - self.min_y) / self.cell), wr0, wr1).astype(np.int64)
        r1 = np.clip(np.ceil((y.max(1) - self.min_y) / self.cell), wr0, wr1).astype(np.int64)
        (x1, x2, x3), (y1, y2, y3) = x.T, y.T
        z1, z2, z3 = tris[:, 0, 2], tris[:, 1, 2], tris[:, 2, 2]
        det = (y2 - y3) * (x1 - x3) + (x3 - x2) * (y1 - y3)
        keep = np.abs(det) > 1e-12  # vertical triangles (wall faces) have no ground to stand on
        width, height = (c1 - c0 + 1) * keep, (r1 - r0 + 1) * keep
        counts = width * height
        total = int(counts.sum())
        if total == 0:
            return
        if total > CANDIDATES and len(tris) > 1:
            # A dozen arrays of this length are alive at once below: big slabs over a whole square
            # of tiles came to 16 MiB. Halves give the same maximum, a little less at a time.
            half = len(tris) // 2
            self._rasterise(tris[:half], window)
            self._rasterise(tris[half:], window)
            return
        owner = np.repeat(np.arange(len(tris)), counts)
        offset = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        cols = c0[owner] + offset % width[owner]
        rows = r0[owner] + offset // width[owner]
        px, py = self.min_x + cols * self.cell, self.min_y + rows * self.cell
        d = det[owner]
        a = ((y2 - y3)[owner] * (px - x3[owner]) + (x3 - x2)[owner] * (py - y3[owner])) / d
        b = ((y3 - y1)[owner] * (px - x3[owner]) + (x1 - x3)[owner] * (py - y3[owner])) / d
        c = 1.0 - a - b
        inside = (a >= -1e-6) & (b >= -1e-6) & (c >= -1e-6)  # points on a shared edge count for both
        heights = a * z1[owner] + b * z2[owner] + c * z3[owner]
        np.maximum.at(self.z, (rows[inside], cols[inside]), heights[inside])

    def height(self, x: float, y: float) -> float:
        """Bilinear ground height at (x, y)."""
        fx = min(max((x - self.min_x) / self.cell, 0.0), self.cols - 1.000001)
        fy = min(max((y - self.min_y) / self.cell, 0.0), self.rows - 1.000001)
        c, r = int(fx), int(fy)
        for tr in {r // TILE, (r + 1) // TILE}:
            for tc in {c // TILE, (c + 1) // TILE}:
                if not self._tiles_done[tr, tc]:
                    self._tile(tr, tc)
        tx, ty = fx - c, fy - r
        z = self.z
        top = z[r, c] * (1 - tx) + z[r, c + 1] * tx
        bottom = z[r + 1, c] * (1 - tx) + z[r + 1, c + 1] * tx
        return float(top * (1 - ty) + bottom * ty)

    def can_step(self, start: tuple[float, float], end: tuple[float, float]) -> bool:
        """True unless the ground rises by more than max_step from start to end."""
        return self.height(*end) - self.height(*start) <= self.max_step

    def sample(self, xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Heights (len(ys), len(xs)) at every crossing of xs and ys, and where there is ground.

        Vectorised for whole grids (path planning asks for every cell of a site, a band of rows at
        a time). A point has ground only if all four grid points its height is read from lie on a
        walkable surface, so a hole's rim, where the height is half made up, counts as a hole too.
        """
        fx, fy, c, r = self._grid_coords(xs, ys)
        self._prepare(c, r)
        tx, ty = (fx - c)[None, :], (fy - r)[:, None]
        z, r, r1 = self.z, r[:, None], r[:, None] + 1
        # top * (1 - ty) + bottom * ty, each of them z * (1 - tx) + z_right * tx, worked out in place:
        # the same sums, with three arrays of the result's size alive at a time rather than seven.
        top, right = z[r, c], z[r, c + 1]
        top *= 1 - tx
        right *= tx
        top += right
        bottom = z[r1, c]
        bottom *= 1 - tx
        np.multiply(z[r1, c + 1], tx, out=right)
        bottom += right
        del right
        top *= 1 - ty
        bottom *= ty
        top += bottom
        del bottom
        cov = self.covered()
        ground = cov[r, c] & cov[r, c + 1] & cov[r1, c] & cov[r1, c + 1]
        return top, ground

    def _grid_coords(self, xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, ...]:
        """Fractional grid columns and rows of xs and ys, and the whole ones their heights are read from."""
        fx = np.clip((np.asarray(xs, dtype=np.float64) - self.min_x) / self.cell, 0.0, self.cols - 1.000001)
        fy = np.clip((np.asarray(ys, dtype=np.float64) - self.min_y) / self.cell, 0.0, self.rows - 1.000001)
        return fx, fy, fx.astype(np.int64), fy.astype(np.int64)

    def prepare(self, xs: np.ndarray, ys: np.ndarray) -> None:
        """Work out every tile that `sample(xs, ys)` will read, and where there is ground at all.

        A caller that samples a big grid a band of rows at a time calls this first for the whole
        grid, so that the tiles are still worked out in squares of 4 x 4 (see `_prepare`) wherever
        the bands cut them.
        """
        self._prepare(*self._grid_coords(xs, ys)[2:])
        self.covered()

    def _prepare(self, c: np.ndarray, r: np.ndarray) -> None:
        if not len(c) or not len(r):
            return
        rows = set(np.unique(np.concatenate([r // TILE, (r + 1) // TILE])).tolist())
        cols = set(np.unique(np.concatenate([c // TILE, (c + 1) // TILE])).tolist())
        # Squares of 4 x 4 tiles where none is done yet: a sixteenth of the numpy calls. On a
        # worker each call may hand the GIL to the frame loop and wait to get it back, so their
        # number, more than their work, decides how long a site's grid takes there.
        done = self._tiles_done
        for tr in range(min(rows) // 4 * 4, max(rows) + 1, 4):
            for tc in range(min(cols) // 4 * 4, max(cols) + 1, 4):
                square = done[tr:tr + 4, tc:tc + 4]
                wanted = [(i, j) for i in range(tr, tr + square.shape[0]) for j in range(tc, tc + square.shape[1])
                          if i in rows and j in cols and not done[i, j]]
                if len(wanted) == square.size and not square.any():
                    self._tile(tr, tc, span=4)
                else:
                    for i, j in wanted:
                        self._tile(i, j)

    def covered(self) -> np.ndarray:
        """(rows, cols) bool: grid points that lie on some walkable surface (edges included).

        Scan conversion: each triangle gives, per grid row it spans, the run of columns inside it,
        marked with +1/-1 at the run's ends and summed along the row. The cost is rows per
        triangle plus one pass over the grid, not cells x triangles, and level ground is included.
        """
        if self._covered is not None:
            return self._covered
        eps = 1e-6  # points on an edge count as covered, as in _rasterise
        tris = self._floor
        runs = np.zeros((self.rows, self.cols + 1), dtype=np.int32)
        if len(tris):
            y = tris[:, :, 1]
            r0 = np.clip(np.ceil((y.min(1) - self.min_y) / self.cell - eps), 0, self.rows).astype(np.int64)
            r1 = np.clip(np.floor((y.max(1) - self.min_y) / self.cell + eps), -1, self.rows - 1).astype(np.int64)
            counts = np.maximum(r1 - r0 + 1, 0)
            owner = np.repeat(np.arange(len(tris)), counts)
            rows = r0[owner] + np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
            py = self.min_y + rows * self.cell
            lo, hi = np.full(len(rows), np.inf), np.full(len(rows), -np.inf)
            for a, b in ((0, 1), (1, 2), (2, 0)):  # where the row's line meets each edge
                (xa, ya), (xb, yb) = tris[owner, a, :2].T, tris[owner, b, :2].T
                dy = yb - ya
                flat = np.abs(dy) < 1e-12
                t = np.clip((py - ya) / np.where(flat, 1.0, dy), 0.0, 1.0)
                meets = flat & (np.abs(py - ya) <= eps) | ~flat & (py >= np.minimum(ya, yb) - eps) & (py <= np.maximum(ya, yb) + eps)
                x_lo = np.where(flat, np.minimum(xa, xb), xa + t * (xb - xa))
                x_hi = np.where(flat, np.maximum(xa, xb), x_lo)
                lo = np.where(meets, np.minimum(lo, x_lo), lo)
                hi = np.where(meets, np.maximum(hi, x_hi), hi)
            c0 = np.clip(np.ceil((lo - self.min_x) / self.cell - eps), 0, self.cols).astype(np.int64)
            c1 = np.clip(np.floor((hi - self.min_x) / self.cell + eps) + 1, 0, self.cols).astype(np.int64)
            run = c1 > c0
            np.add.at(runs, (rows[run], c0[run]), 1)
            np.add.at(runs, (rows[run], c1[run]), -1)
        # In place: a cumulative sum would otherwise come out as int64, twice the size of runs.
        np.cumsum(runs, axis=1, out=runs)
        self._covered = runs[:, :-1] > 0
        return self._covered

    @classmethod
    def flat(cls, bounds, level: float = 0.0) -> "HeightField":
        """A level site (no ground triangles found): ground everywhere."""
        field = cls(np.zeros((0, 3, 3)), bounds)
        field.z[:] = level
        field._tiles_done[:] = True
        field._covered = np.ones((field.rows, field.cols), dtype=bool)
        return field
