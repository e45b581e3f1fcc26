"""A coarse graph over a fine grid of free cells, to plan long walks quickly. Pure (numpy).

The fine grid is cut into square blocks of k x k cells. Inside each block the free cells are split
into their connected pieces (side-by-side cells, as a walker moves without cutting corners); each
piece is a node, and two pieces are joined where they touch across a block border. So the graph
is exact about reachability: a way between two fine cells exists if and only if one exists
between their pieces, and a chain of pieces always holds a fine path through its own cells.

A long search then runs over a few thousand pieces instead of a million cells, and the fine search
only looks inside the blocks of the coarse path and their neighbours (the corridor).

Memory: a tower site's grid has about a million cells, so nothing the size of the grid is kept,
and while building only a padded bool copy of it is made (int64 labels for every cell once
peaked at 50 MiB). A block is all free (one piece, numbered and placed by arithmetic), all
blocked, or mixed (along obstacle edges, about a tenth of a site's blocks): only mixed blocks get
piece numbers per cell.
"""
from __future__ import annotations

import heapq
import math
from array import array

import numpy as np

from client.world.grid_search import trace_back

MIXED_BATCH = 512  # mixed blocks whose cells are looked at together (at most 32768 cells at k = 8)


def _uint_for(largest: int):
    """The smallest unsigned numpy type that holds 0..largest."""
    for kind in (np.uint8, np.uint16, np.uint32):
        if largest <= np.iinfo(kind).max:
            return kind
    raise ValueError(f"{largest} pieces or cells: too many for a coarse graph")


class CoarseGraph:
    """Pieces of free cells per k x k block, joined where they touch across block borders."""

    def __init__(self, free: np.ndarray, k: int = 8):
        """free: (rows, cols) array of the fine grid, nonzero where free; k: fine cells per block side."""
        rows, cols = free.shape
        self.k, self.shape = k, (rows, cols)
        self.blocks = (-(-rows // k), -(-cols // k))
        br, bc = self.blocks
        padded = np.zeros((br * k, bc * k), dtype=bool)  # cells past the grid's edge are blocked
        padded[:rows, :cols] = free
        cells = padded.reshape(br, k, bc, k).transpose(0, 2, 1, 3)  # (block row, block col, y, x): a view
        count = cells.sum(axis=(2, 3))
        full = count == k * k
        mixed = (count > 0) & ~full
        open_ = cells[mixed]  # (m, k, k): only the mixed blocks' cells are looked at one by one
        del padded, cells, count
        local = self._spread(open_)
        # Pieces are numbered 1..n in order of their first cell, block by block (row-major blocks,
        # row-major cells within one): a full block's piece, or each mixed block's pieces in turn.
        root = local == np.arange(k * k).reshape(k, k)
        pieces = full.astype(np.int64).ravel()
        mixed_blocks = np.flatnonzero(mixed)
        pieces[mixed_blocks] = root.sum(axis=(1, 2))
        first = np.cumsum(pieces) - pieces + 1  # the number of each block's first piece
        n = int(pieces.sum())
        m = len(mixed_blocks)
        # A mixed cell's piece: its block's first number plus the rank of its piece's root there.
        rank = np.cumsum(root.reshape(m, k * k), axis=1)
        del root
        at_root = np.take_along_axis(rank, np.minimum(local.reshape(m, k * k), k * k - 1), axis=1)
        del rank, local
        label_type = _uint_for(n)
        self._mixed = np.where(open_.reshape(m, k * k), first[mixed_blocks, None] - 1 + at_root, 0)
        self._mixed = self._mixed.astype(label_type).reshape(m, k, k)
        del at_root
        # Per block: the piece of a full block (0 otherwise), and where a mixed block's cells are.
        self._full_node = np.where(full.ravel(), first, 0).astype(label_type)
        self._slot = np.full(br * bc, -1, dtype=np.int32)
        self._slot[mixed_blocks] = np.arange(m, dtype=np.int32)
        self._place(n, full, mixed_blocks, open_)
        self._link(n, full, mixed_blocks)

    def _spread(self, open_: np.ndarray) -> np.ndarray:
        """(m, k, k): for each open cell of the mixed blocks, the smallest cell index (row-major within
        its block) of its piece; k * k where blocked.

        Spreads the smallest index through each piece until nothing changes. Pieces never cross a
        block's border, so indices within the block order cells as the whole grid's would; and a
        piece's width in cells bounds the passes.
        """
        k = self.k
        unset = k * k  # a blocked cell: never the smallest
        kind = _uint_for(unset)
        part = np.where(open_, np.arange(k * k, dtype=kind).reshape(k, k), kind(unset))
        while part.size:
            spread = part.copy()
            np.minimum(spread[:, 1:, :], part[:, :-1, :], out=spread[:, 1:, :])
            np.minimum(spread[:, :-1, :], part[:, 1:, :], out=spread[:, :-1, :])
            np.minimum(spread[:, :, 1:], part[:, :, :-1], out=spread[:, :, 1:])
            np.minimum(spread[:, :, :-1], part[:, :, 1:], out=spread[:, :, :-1])
            spread[~open_] = unset
            if np.array_equal(spread, part):
                break
            part = spread
        return part

    def _place(self, n: int, full: np.ndarray, mixed_blocks: np.ndarray, open_: np.ndarray) -> None:
        """Each piece's centre (the mean of its cells), block and anchor cell.

        Coordinates are whole numbers, so the sums are exact in float64 whatever their order: the
        centres come out bit for bit as a sum over every cell of the grid would give them.
        """
        k, (_, bc) = self.k, self.blocks
        size, sum_x, sum_y = np.zeros(n + 1), np.zeros(n + 1), np.zeros(n + 1)
        self.block_of = np.zeros(n + 1, dtype=np.int32)
        self._anchor = np.zeros((n + 1, 2), dtype=np.int32)
        # Full blocks: k * k cells in a square, worked out per block.
        full_blocks = np.flatnonzero(full)
        node = self._full_node[full_blocks].astype(np.int64)
        by, bx = np.divmod(full_blocks, bc)
        size[node] = k * k
        sum_x[node] = (bx * k * k * k + k * k * (k - 1) // 2).astype(np.float64)
        sum_y[node] = (by * k * k * k + k * k * (k - 1) // 2).astype(np.float64)
        self.block_of[node] = full_blocks
        for cell_node, xs, ys, block in self._mixed_cells(mixed_blocks, open_):
            size += np.bincount(cell_node, minlength=n + 1)
            sum_x += np.bincount(cell_node, xs, minlength=n + 1)
            sum_y += np.bincount(cell_node, ys, minlength=n + 1)
            self.block_of[cell_node] = block
        size[0] = 1.0
        # A piece's place is the mean of its cells: hops between pieces then cost about what walking does.
        self.centre_x = sum_x / size
        self.centre_y = sum_y / size
        del size, sum_x, sum_y
        # Each piece's cell nearest its centre: where a refined path passes through it (the centre
        # itself may lie outside a piece that is not convex). Ties go to the first cell in row-major
        # order. A full block's is the same cell of every block: found once on one block.
        grid_y, grid_x = np.divmod(np.arange(k * k), k)
        half = (k - 1) / 2
        best = int(np.argmin((grid_x - half) ** 2 + (grid_y - half) ** 2))
        self._anchor[node, 0] = bx * k + best % k
        self._anchor[node, 1] = by * k + best // k
        for cell_node, xs, ys, _ in self._mixed_cells(mixed_blocks, open_):
            order = np.lexsort(((xs - self.centre_x[cell_node]) ** 2 + (ys - self.centre_y[cell_node]) ** 2, cell_node))
            pick = order[np.r_[True, cell_node[order][1:] != cell_node[order][:-1]]]
            self._anchor[cell_node[pick], 0] = xs[pick]
            self._anchor[cell_node[pick], 1] = ys[pick]

    def _mixed_cells(self, mixed_blocks: np.ndarray, open_: np.ndarray):
        """(piece, col, row, block) of the mixed blocks' open cells, as int64 arrays, a batch of
        blocks at a time: a grid dotted with obstacles has a hundred thousand such cells, and a
        dozen arrays of them alive at once came to 10 MiB.

        Cells come in row-major order within each block, and a piece never leaves its block, so
        each batch holds whole pieces in the order a pass over the whole grid would meet them.
        """
        k, bc = self.k, self.blocks[1]
        for lo in range(0, len(mixed_blocks), MIXED_BATCH):
            which, ly, lx = np.nonzero(open_[lo:lo + MIXED_BATCH])
            which += lo
            block = mixed_blocks[which]
            by, bx = np.divmod(block, bc)
            yield self._mixed[which, ly, lx].astype(np.int64), bx * k + lx, by * k + ly, block

    def _sides(self, full: np.ndarray, mixed_blocks: np.ndarray) -> dict[str, np.ndarray]:
        """(block rows, block cols, k) pieces along each block's left, right, top and bottom edge."""
        k, (br, bc) = self.k, self.blocks
        cuts = {"left": (slice(None), 0), "right": (slice(None), k - 1),
                "top": (0, slice(None)), "bottom": (k - 1, slice(None))}
        sides = {}
        for name, (y, x) in cuts.items():
            side = np.zeros((br * bc, k), dtype=self._mixed.dtype)
            side[full.ravel()] = self._full_node[full.ravel(), None]
            side[mixed_blocks] = self._mixed[:, y, x]
            sides[name] = side.reshape(br, bc, k)
        return sides

    def _link(self, n: int, full: np.ndarray, mixed_blocks: np.ndarray) -> None:
        """Join pieces that touch across a block border, as a flat list of neighbours with offsets."""
        sides = self._sides(full, mixed_blocks)
        pairs = [self._touching(sides["right"][:, :-1], sides["left"][:, 1:]),  # across block columns
                 self._touching(sides["bottom"][:-1], sides["top"][1:])]  # across block rows
        del sides
        a = np.concatenate([pairs[0][0], pairs[1][0]])
        b = np.concatenate([pairs[0][1], pairs[1][1]])
        # One number per (from, to) pair: a plain sort, where unique over columns sorts records slowly.
        one_way = np.unique(a * (n + 1) + b)
        del a, b, pairs
        src, dst = np.divmod(one_way, n + 1)
        keys = np.unique(np.concatenate([one_way, dst * (n + 1) + src]))
        src, dst = np.divmod(keys, n + 1)
        # Flat arrays instead of a list per piece: a tower site's ten thousand little lists (and an
        # int object per entry) cost two megabytes; slicing an array in the search costs little more
        # than taking a list. C ints, as array's "i" holds them.
        self._targets = array("i", dst.astype(np.intc).tobytes())
        self._offsets = array("i", np.searchsorted(src, np.arange(n + 2)).astype(np.intc).tobytes())

    @staticmethod
    def _touching(near: np.ndarray, far: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(from, to) int64 piece pairs facing each other along block borders, both free.

        near and far are (..., k) pieces along the two sides of each border. Along most borders the
        same two pieces face each other k times: only the first of a run is kept, so the pairs come
        to a few per border before they are widened to int64 and sorted.
        """
        new = np.ones(near.shape, dtype=bool)
        new[..., 1:] = (near[..., 1:] != near[..., :-1]) | (far[..., 1:] != far[..., :-1])
        new &= (near > 0) & (far > 0)
        return near[new].astype(np.int64), far[new].astype(np.int64)

    def node_at(self, cell: tuple[int, int]) -> int:
        """The piece holding fine cell (col, row), or 0 if it is blocked."""
        col, row = cell
        k = self.k
        block = (row // k) * self.blocks[1] + col // k
        slot = self._slot[block]
        if slot < 0:
            return int(self._full_node[block])
        return int(self._mixed[slot, row % k, col % k])

    def neighbours(self, node: int) -> array:
        """The pieces that touch this one across a block border, in increasing order."""
        return self._targets[self._offsets[node]:self._offsets[node + 1]]

    def anchor(self, node: int) -> tuple[int, int]:
        """A free fine cell (col, row) of the piece, the one nearest its centre."""
        col, row = self._anchor[node]
        return int(col), int(row)

    def route(self, start: tuple[int, int], goal: tuple[int, int]) -> list[int] | None:
        """Pieces from the start cell's to the goal cell's (A* by the pieces' centres), or None."""
        s, g = self.node_at(start), self.node_at(goal)
        if not s or not g:
            return None
        # Read through memoryviews: an item is then a plain float, where indexing the array makes a
        # numpy scalar, slower to make and to do sums with (the same sums either way).
        cx, cy = memoryview(self.centre_x), memoryview(self.centre_y)
        targets, offsets = self._targets, self._offsets
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
            for nxt in targets[offsets[cur]:offsets[cur + 1]]:
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
