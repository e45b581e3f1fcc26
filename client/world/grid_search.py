"""A* over a grid of open cells, as flat indices into a copy with a blocked border. Pure (numpy).

The border means a neighbour is just an offset and never needs a bounds check; costs are whole
numbers so that equally short ways tie exactly (see `search`).
"""
from __future__ import annotations

import heapq
import time

import numpy as np

# Step costs in thousandths of a cell: sums of floats differ in their last bits between equally
# short ways, which defeats the tie-break in `search` and floods every one of them.
STRAIGHT, DIAGONAL = 1000, 1414


class OpenCells:
    """The open cells of a (rows, cols) grid, ready for searches between them."""

    def __init__(self, open_: np.ndarray):
        """open_: (rows, cols) array, nonzero where a walker may stand."""
        rows, cols = open_.shape
        self.width = cols + 2
        padded = np.zeros((rows + 2, self.width), dtype=np.uint8)
        padded[1:-1, 1:-1] = open_ != 0
        self.passable = padded.tobytes()

    def index(self, cell: tuple[int, int]) -> int:
        """Flat index of (col, row)."""
        return (cell[1] + 1) * self.width + cell[0] + 1

    def cell(self, index: int) -> tuple[int, int]:
        """(col, row) of a flat index."""
        return index % self.width - 1, index // self.width - 1

    def search(self, start: int, goal: int) -> list[int] | None:
        """Flat indices from start to goal by A* over open cells, both ends included; None if cut off.

        Diagonal steps may not cut a blocked corner. The octile distance is exact on open ground,
        and among equal estimates the cell nearer the goal goes first, so an open stretch is
        followed straight instead of flooding every equally short way along it.
        """
        passable, width = self.passable, self.width
        steps = (1, -1, width, -width)
        diagonals = [(dx + dy, dx, dy) for dx in (1, -1) for dy in (width, -width)]
        gy, gx = divmod(goal, width)
        cost = {start: 0}
        came: dict[int, int] = {}
        closed = set()
        frontier = [(0, 0, start)]
        while frontier:
            _, _, cur = heapq.heappop(frontier)
            if cur == goal:
                break
            if cur in closed:
                continue
            closed.add(cur)
            if len(closed) % 256 == 0:
                # A long search runs on a worker thread; handing the GIL back now and then lets the
                # frame loop draw on time meanwhile.
                time.sleep(0)
            here = cost[cur]
            moves = [(cur + d, here + STRAIGHT) for d in steps if passable[cur + d]]
            moves += [(cur + d, here + DIAGONAL) for d, dx, dy in diagonals
                      if passable[cur + d] and passable[cur + dx] and passable[cur + dy]]
            for nxt, new_cost in moves:
                if new_cost < cost.get(nxt, new_cost + 1):
                    cost[nxt] = new_cost
                    came[nxt] = cur
                    y, x = divmod(nxt, width)
                    dx, dy = abs(x - gx), abs(y - gy)
                    h = STRAIGHT * (dx + dy) + (DIAGONAL - 2 * STRAIGHT) * min(dx, dy)
                    heapq.heappush(frontier, (new_cost + h, h, nxt))
        return trace_back(came, start, goal) if goal in cost else None


def trace_back(came: dict, start, goal) -> list:
    """The nodes from start to goal, both included, following a search's came-from links back."""
    path = [goal]
    while path[-1] != start:
        path.append(came[path[-1]])
    return path[::-1]
