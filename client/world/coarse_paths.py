"""A coarse graph over a fine grid of free cells, to plan long walks quickly. Pure (numpy).

The fine grid is cut into square blocks of k x k cells. Inside each block the free cells are split
into their connected pieces (side-by-side cells, as a walker moves without cutting corners); each
piece is a node, and two pieces are joined where they touch across a block border. So the graph
is exact about reachability: a way between two fine cells exists if and only if one exists
between their pieces, and a chain of pieces always holds a fine path through its own cells.

A long search then runs over a few thousand pieces instead of a million cells, and the fine search
only looks inside the blocks of the coarse path and their neighbours (the corridor).
"""
from __future__ import annotations

import heapq
import math

import numpy as np

from client.world.grid_search import trace_back

_UNSET = np.iinfo(np.int64).max  # a blocked cell while labelling: never the smallest label


class CoarseGraph:
    """Pieces of free cells per k x k block, joined where they touch across block borders."""

    def __init__(self, free: np.ndarray, k: int = 8):
        """free: (rows, cols) bool of the fine grid; k: fine cells per block side."""
        rows, cols = free.shape
        self.k, self.shape = k, (rows, cols)
        self.blocks = (-(-rows // k), -(-cols // k))
        br, bc = self.blocks
        padded = np.zeros((br * k, bc * k), dtype=bool)  # cells past the grid's edge are blocked
        padded[:rows, :cols] = free
        self.labels = self._label(padded)
        n = int(self.labels.max())
        ys, xs = np.nonzero(self.labels)
        node = self.labels[ys, xs]
        size = np.bincount(node, minlength=n + 1).astype(np.float64)
        size[0] = 1.0
        # A piece's place is the mean of its cells: hops between pieces then cost about what walking does.
        self.centre_x = np.bincount(node, xs, minlength=n + 1) / size
        self.centre_y = np.bincount(node, ys, minlength=n + 1) / size
        self.block_of = np.zeros(n + 1, dtype=np.int64)
        self.block_of[node] = (ys // k) * bc + xs // k
        # Each piece's cell nearest its centre: where a refined path passes through it (the centre
        # itself may lie outside a piece that is not convex).
        order = np.lexsort(((xs - self.centre_x[node]) ** 2 + (ys - self.centre_y[node]) ** 2, node))
        first = order[np.r_[True, node[order][1:] != node[order][:-1]]]
        self._anchor = np.zeros((n + 1, 2), dtype=np.int64)
        self._anchor[node[first]] = np.stack([xs[first], ys[first]], axis=1)
        self._link(n)

    def _label(self, padded: np.ndarray) -> np.ndarray:
        """(rows, cols) int64: 0 where blocked, else the number (1..n) of the cell's piece."""
        k = self.k
        br, bc = self.blocks
        cells = padded.reshape(br, k, bc, k).transpose(0, 2, 1, 3)  # (block row, block col, y, x)
        ids = np.arange(cells.size, dtype=np.int64).reshape(cells.shape)
        labels = np.where(cells, ids, _UNSET)
        count = cells.sum(axis=(2, 3))
        # An all-free block is one piece (most of a site): label it by its first cell outright.
        full = count == k * k
        labels[full] = ids[full][:, :1, :1]
        # Mixed blocks: spread the smallest id through each piece until nothing changes. Few blocks
        # are mixed (those along obstacle edges), and a piece's width in cells bounds the passes.
        mixed = (count > 0) & ~full
        part, open_ = labels[mixed], cells[mixed]
        while part.size:
            spread = part.copy()
            np.minimum(spread[:, 1:, :], part[:, :-1, :], out=spread[:, 1:, :])
            np.minimum(spread[:, :-1, :], part[:, 1:, :], out=spread[:, :-1, :])
            np.minimum(spread[:, :, 1:], part[:, :, :-1], out=spread[:, :, 1:])
            np.minimum(spread[:, :, :-1], part[:, :, 1:], out=spread[:, :, :-1])
            spread[~open_] = _UNSET
            if np.array_equal(spread, part):
                break
            part = spread
        labels[mixed] = part
        # Number the pieces 1..n by their smallest cell id (each piece has exactly one such cell).
        flat = labels.reshape(-1)
        first = flat == np.arange(flat.size)
        number = np.cumsum(first)
        out = np.where(flat == _UNSET, 0, number[np.minimum(flat, flat.size - 1)])
        return out.reshape(cells.shape).transpose(0, 2, 1, 3).reshape(padded.shape)

    def _link(self, n: int) -> None:
        k = self.k
        lab = self.labels
        pairs = [np.stack([lab[:, k - 1:-1:k].ravel(), lab[:, k::k].ravel()]),  # across block columns
                 np.stack([lab[k - 1:-1:k, :].ravel(), lab[k::k, :].ravel()])]  # across block rows
        edges = np.concatenate(pairs, axis=1)
        edges = edges[:, (edges[0] > 0) & (edges[1] > 0)]
        both = np.concatenate([edges, edges[::-1]], axis=1)
        # One number per (from, to) pair: a plain sort, where unique over columns sorts records slowly.
        keys = np.unique(both[0] * (n + 1) + both[1])
        src, dst = keys // (n + 1), keys % (n + 1)
        start = np.searchsorted(src, np.arange(n + 2))
        targets = dst.tolist()
        self._neighbours = [targets[start[i]:start[i + 1]] for i in range(n + 1)]

    def node_at(self, cell: tuple[int, int]) -> int:
        """The piece holding fine cell (col, row), or 0 if it is blocked."""
        return int(self.labels[cell[1], cell[0]])

    def anchor(self, node: int) -> tuple[int, int]:
        """A free fine cell (col, row) of the piece, the one nearest its centre."""
        col, row = self._anchor[node]
        return int(col), int(row)

    def route(self, start: tuple[int, int], goal: tuple[int, int]) -> list[int] | None:
        """Pieces from the start cell's to the goal cell's (A* by the pieces' centres), or None."""
        s, g = self.node_at(start), self.node_at(goal)
        if not s or not g:
            return None
        cx, cy = self.centre_x, self.centre_y
        gx, gy = cx[g], cy[g]
        cost = {s: 0.0}
        came: dict[int, int] = {}
        frontier = [(0.0, s)]
        done = set()
        while frontier:
            _, cur = heapq.heappop(frontier)
            if cur == g:
                break
            if cur in done:
                continue
            done.add(cur)
            x, y, here = cx[cur], cy[cur], cost[cur]
            for nxt in self._neighbours[cur]:
                # Straight lines between centres never undercut the walk, so the estimate is admissible.
                new_cost = here + math.hypot(cx[nxt] - x, cy[nxt] - y)
                if new_cost < cost.get(nxt, math.inf):
                    cost[nxt] = new_cost
                    came[nxt] = cur
                    heapq.heappush(frontier, (new_cost + math.hypot(gx - cx[nxt], gy - cy[nxt]), nxt))
        return trace_back(came, s, g) if g in cost else None

    def corridor(self, nodes: list[int]) -> np.ndarray:
        """(rows, cols) bool: the fine cells of the blocks the pieces lie in, and of their neighbours.

        The pieces' own cells already hold a way through; the ring of neighbouring blocks gives the
        fine search room to cut corners the coarse route took square.
        """
        br, bc = self.blocks
        on = np.zeros(br * bc, dtype=bool)
        on[self.block_of[nodes]] = True
        on = on.reshape(br, bc)
        grown = on.copy()
        grown[1:, :] |= on[:-1, :]
        grown[:-1, :] |= on[1:, :]
        wide = grown.copy()
        wide[:, 1:] |= grown[:, :-1]
        wide[:, :-1] |= grown[:, 1:]
        fine = np.repeat(np.repeat(wide, self.k, axis=0), self.k, axis=1)
        return fine[:self.shape[0], :self.shape[1]]
