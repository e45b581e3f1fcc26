"""Walk planning on a tower site fits the memory budget, and plans the same paths as before.

Lotte World Tower's grid is 240 x 3738 cells. Building its planner used to peak near 60 MiB of
Python allocations (int64 arrays the size of the grid, float64 heights of the whole site at once)
and keep 13 MiB; the budget for the busiest site's whole peak is 2.5 x an empty ShowBase's.
"""
import tracemalloc

import numpy as np

from client.world.coarse_paths import CoarseGraph
from client.world.heightfield import HeightField
from client.world.navigation import Box, WalkArea
from client.world.pathfinding import PathGrid

MIB = 2 ** 20


def quad(x0, y0, x1, y1, z=0.0):
    """Two upward-facing triangles covering a level rectangle at height z."""
    a, b, c, d = (x0, y0, z), (x1, y0, z), (x0, y1, z), (x1, y1, z)
    return [[a, b, d], [a, d, c]]


def tower_site() -> WalkArea:
    """A site the size of Lotte World Tower's (120 m x 1869 m): a terrace, a sunken court, a long
    fence, a kiosk and trees."""
    bounds = ((-60.0, -1905.0), (60.0, -36.0))
    tris = quad(-60, -1905, 60, -36) + quad(-40, -900, -10, -700, z=1.5) + quad(20, -300, 50, -250, z=-3.0)
    ground = HeightField(np.array(tris, dtype=float), bounds)
    boxes = [Box("fence", 10.85, -1850, 11.15, -160), Box("kiosk", 13.5, -1873.1, 15.3, -1870.9)]
    boxes += [Box(f"tree{i}", -50 + (i * 37) % 100, -1890 + i * 61, -49 + (i * 37) % 100, -1889 + i * 61)
              for i in range(30)]
    return WalkArea(bounds, boxes, radius=0.35, ground=ground)


def dotted_grid() -> np.ndarray:
    """A 3740 x 240 grid of free cells with a fence, a pond and 400 small obstacles."""
    free = np.ones((3740, 240), dtype=bool)
    free[:, 0] = free[:, -1] = False
    free[100:3600, 130] = False
    rng = np.random.default_rng(7)
    for y, x in zip(rng.integers(0, 3734, 400), rng.integers(0, 234, 400)):
        free[y:y + 5, x:x + 4] = False
    free[1000:1500, 20:100] = False
    return free


def traced(build):
    """(what build() returns, peak MiB while building, MiB still held with it alive)."""
    tracemalloc.start()
    try:
        made = build()
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return made, peak / MIB, held / MIB


def warm_up():
    # numpy and the planner load a few things the first time they run: not the planner's memory.
    bounds = ((0, 0), (30, 30))
    small = WalkArea(bounds, [Box("b", 10, 10, 12, 20)], ground=HeightField(np.array(quad(0, 0, 30, 30)), bounds))
    PathGrid(small).find_path((1, 1), (29, 29))


def test_a_tower_sites_planner_peaks_and_keeps_a_few_mib():
    area = tower_site()  # its heights (7 MiB of float64) are the ground's, alive with the site anyway
    warm_up()
    grid, peak, held = traced(lambda: PathGrid(area))
    assert (grid.cols, grid.rows) == (240, 3738)
    assert peak < 16, f"building the planner peaked at {peak:.1f} MiB (it was 59)"
    assert held < 6, f"the planner keeps {held:.1f} MiB (it was 13)"
    path = grid.find_path((-55.0, -1900.0), (0.0, -40.0))  # end to end: still plans
    assert max(abs(path[-1][0] - 0.0), abs(path[-1][1] + 40.0)) < 0.5


def test_a_coarse_graph_of_a_tower_grid_keeps_no_grid_sized_arrays():
    free = dotted_grid()
    warm_up()
    graph, peak, held = traced(lambda: CoarseGraph(free, 8))
    assert peak < 12, f"building the coarse graph peaked at {peak:.1f} MiB (it was 55)"
    assert held < 3, f"the coarse graph keeps {held:.1f} MiB (it was 11)"
    # Still exact: a piece left of the fence is not one right of it, and the way is round its end.
    assert graph.node_at((129, 2000)) != graph.node_at((131, 2000))
    route = graph.route((129, 2000), (131, 2000))
    rows = graph.block_of[route] // graph.blocks[1] * 8
    assert rows.max() >= 3600


def test_paths_are_the_ones_planned_before():
    # Waypoints planned by the code before its memory was cut (a kilometre-scale zigzag through
    # fences, round a raised terrace, on the coarse graph): the same to the last bit.
    bounds = ((-12, -60), (12, 60))
    tris = quad(-12, -60, 12, -20) + quad(-12, -20, 6, -10) + quad(6, -20, 12, -10, z=1.0) + quad(-12, -10, 12, 60)
    boxes = [Box("f1", -4.05, -60, -3.95, 50), Box("f2", 3.95, -50, 4.05, 60), Box("kiosk", -9, 10, -7, 12),
             Box("bench", 6, -30, 9, -29)]
    grid = PathGrid(WalkArea(bounds, boxes, radius=0.35, ground=HeightField(np.array(tris, dtype=float), bounds)))
    assert grid.find_path((-8.0, -55.0), (8.0, 55.0)) == [
        (-6.25, 20.25), (-4.75, 50.75), (-2.75, 50.25), (3.25, -50.75), (4.75, -50.75), (4.75, -9.75),
        (8.25, 54.75), (8.25, 55.25)]
    assert grid.find_path((8.0, -40.0), (-10.0, 30.0)) == [
        (4.75, -50.75), (3.25, -50.75), (-3.25, 50.75), (-4.75, 50.75), (-9.25, 30.75), (-9.75, 30.25)]
