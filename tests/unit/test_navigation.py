"""Walking: obstacles stop and slide the avatar, nothing is tunnelled through, paths go around walls."""
import math

import numpy as np
import pytest

from client.world.navigation import Box, WalkArea
from client.world.pathfinding import NoPath, PathGrid

WALL = Box("solid_wall", -10, 4, 10, 5)


def area(*boxes):
    return WalkArea(((-20, -20), (20, 20)), list(boxes), radius=0.35)


def test_free_walk_moves_the_full_distance():
    assert area().move((0, 0), (3, 4)) == pytest.approx((3, 4))


def test_wall_stops_the_avatar_at_its_radius():
    x, y = area(WALL).move((0, 0), (0, 10))
    assert y == pytest.approx(4 - 0.35, abs=1e-6) and x == pytest.approx(0)


def test_fast_move_does_not_tunnel_through_a_thin_wall():
    thin = Box("solid_fence", -10, 4, 10, 4.05)
    _, y = area(thin).move((0, 0), (0, 30))
    assert y < 4


def test_diagonal_into_wall_slides_along_it():
    x, y = area(WALL).move((0, 3), (3, 3))
    assert y == pytest.approx(4 - 0.35, abs=1e-6) and x > 2.5


def test_site_bounds_keep_the_avatar_inside():
    x, y = area().move((0, 0), (100, -100))
    assert (x, y) == pytest.approx((20 - 0.35, -20 + 0.35))


def test_camera_ray_hits_the_wall():
    assert area(WALL).clear_distance((0, 0), (0, 1), 50) == pytest.approx(4)
    assert area(WALL).clear_distance((0, 0), (0, -1), 50) == 50


def test_path_goes_around_the_wall_and_every_leg_is_clear():
    a = area(WALL)
    grid = PathGrid(a)
    path = grid.find_path((0, 0), (0, 10))
    assert math.dist(path[-1], (0, 10)) < 0.5
    points = [(0, 0)] + path
    for p, q in zip(points, points[1:]):
        assert grid.line_clear(p, q)
    # Walking the path with the real collision arrives: the path never asks for the impossible.
    pos = (0.0, 0.0)
    for target in path:
        pos = a.move(pos, (target[0] - pos[0], target[1] - pos[1]))
    assert math.dist(pos, (0, 10)) < 0.5


def test_unreachable_goal_is_reported():
    box = [Box("n", -3, 2, 3, 3), Box("s", -3, -3, 3, -2), Box("w", -3, -3, -2, 3), Box("e", 2, -3, 3, 3)]
    with pytest.raises(NoPath):
        PathGrid(area(*box)).find_path((10, 10), (0, 0))


def test_grid_never_marks_a_blocked_spot_free():
    boxes = [Box(f"b{i}", -15 + i * 3.1, -12 + (i % 5) * 4.7, -13 + i * 3.1, -10.5 + (i % 5) * 4.7) for i in range(10)]
    a = area(*boxes)
    grid = PathGrid(a, cell=0.5)
    for row in range(grid.rows):
        for col in range(grid.cols):
            if grid.is_free((col, row)):
                assert a.blocked_at(grid.centre((col, row))) is None


def test_a_click_ray_meets_the_ground_where_it_is_seen():
    from client.world.navigation import ray_to_ground

    flat = lambda p: 0.0  # noqa: E731
    x, y = ray_to_ground((0, 0, 10), (0, 1, -1), flat)
    assert (x, y) == pytest.approx((0, 10), abs=1e-3)
    terrace = lambda p: 2.0 if p[1] > 5 else 0.0  # noqa: E731  a 2 m terrace from y = 5
    x, y = ray_to_ground((0, 0, 10), (0, 1, -1), terrace)
    assert y == pytest.approx(8, abs=1e-2)
    assert ray_to_ground((0, 0, 10), (0, 1, 0.2), flat) is None  # pointing at the sky


def quad(x0, y0, x1, y1, z=0.0):
    """Two upward-facing triangles covering a level rectangle at height z."""
    a, b, c, d = (x0, y0, z), (x1, y0, z), (x0, y1, z), (x1, y1, z)
    return [[a, b, d], [a, d, c]]


def walk(a, start, path):
    """Where the real collision and step rule take an avatar that follows path from start."""
    pos = start
    for target in path:
        pos = a.move(pos, (target[0] - pos[0], target[1] - pos[1]))
    return pos


def samples(start, path, spacing=0.1):
    """Points every `spacing` metres along the path."""
    points = [start] + list(path)
    for p, q in zip(points, points[1:]):
        n = max(1, int(math.dist(p, q) / spacing))
        for i in range(n + 1):
            yield p[0] + (q[0] - p[0]) * i / n, p[1] + (q[1] - p[1]) * i / n


def test_path_keeps_off_a_hole_in_the_ground():
    from client.world.heightfield import HeightField

    # Ground everywhere but a 12 x 4 m pit across the straight way from (0, -6) to (0, 6).
    hole = (-6.0, -2.0, 6.0, 2.0)
    tris = quad(-20, -20, 20, -2) + quad(-20, 2, 20, 20) + quad(-20, -2, -6, 2) + quad(6, -2, 20, 2)
    a = WalkArea(((-20, -20), (20, 20)), [], radius=0.35, ground=HeightField(np.array(tris), ((-20, -20), (20, 20))))
    grid = PathGrid(a)
    path = grid.find_path((0, -6), (0, 6))
    assert math.dist(path[-1], (0, 6)) < 0.5
    over = [p for p in samples((0, -6), path) if hole[0] < p[0] < hole[2] and hole[1] < p[1] < hole[3]]
    assert not over, f"the path crosses the hole at {over[0]}"
    end = grid.find_path((0, -6), (0, 0))[-1]  # a click into the pit walks to its rim
    assert not (hole[0] < end[0] < hole[2] and hole[1] < end[1] < hole[3])


def test_path_goes_round_a_wall_of_ground_it_could_not_climb():
    from client.world.heightfield import HeightField

    # A 1 m high platform across the way, open at its east end: the avatar can neither climb it nor
    # (the planner decides) drop off it, so the way is round its end.
    tris = quad(-10, -10, 10, -2) + quad(-10, 2, 10, 10) + quad(6, -2, 10, 2) + quad(-10, -2, 6, 2, z=1.0)
    bounds = ((-10, -10), (10, 10))
    a = WalkArea(bounds, [], radius=0.35, ground=HeightField(np.array(tris), bounds, cell=0.25))
    path = PathGrid(a).find_path((0, -6), (0, 6))
    assert math.dist(walk(a, (0, -6), path), (0, 6)) < 0.5  # the real step rule lets it arrive
    assert all(a.height(p) < 0.5 for p in samples((0, -6), path))  # and it never stood on the platform


def test_a_ramp_is_walked_up_but_a_wall_is_not():
    from client.world.heightfield import HeightField

    # Upper terrace (z = 2) reached by a gentle ramp in the west and a 2 m wall of ground in the east.
    tris = quad(-10, -10, 10, 0) + quad(-10, 5, 10, 10, z=2.0) + quad(0, 0, 10, 5)
    a, b, c, d = (-10, 0, 0), (0, 0, 0), (-10, 5, 2), (0, 5, 2)
    tris += [[a, b, d], [a, d, c]]  # the ramp: 2 m over 5 m
    bounds = ((-10, -10), (10, 10))
    area = WalkArea(bounds, [], radius=0.35, ground=HeightField(np.array(tris), bounds, cell=0.25))
    path = PathGrid(area).find_path((6, -3), (6, 8))
    assert math.dist(walk(area, (6, -3), path), (6, 8)) < 0.5
    assert min(p[0] for p in path) < 0  # by the ramp


def test_a_long_way_through_fences_stays_on_free_cells_and_arrives():
    # 1.2 km of promenade split by fences into lanes that join only at their far ends (a long
    # zigzag): the coarse plan must not slip through a fence, and the refined path must arrive.
    fences = [Box("f1", -4.05, -600, -3.95, 590), Box("f2", 3.95, -590, 4.05, 600)]
    a = WalkArea(((-12, -600), (12, 600)), fences, radius=0.35)
    grid = PathGrid(a)
    start, goal = (-8.0, -595.0), (8.0, 595.0)
    path = grid.find_path(start, goal)
    assert math.dist(path[-1], goal) < 0.5
    points = [start] + path
    for p, q in zip(points, points[1:]):
        assert grid.line_clear(p, q)
    for p in samples(start, path, spacing=0.25):
        assert a.blocked_at(p) is None, f"the path runs through a fence at {p}"
    length = sum(math.dist(p, q) for p, q in zip(points, points[1:]))
    assert length < 3 * 1190 + 50  # up the west lane, down the middle, up the east lane: no detours
    assert math.dist(walk(a, start, path), goal) < 0.5


def test_coarse_graph_splits_a_block_a_wall_runs_through():
    from client.world.coarse_paths import CoarseGraph

    free = np.ones((16, 32), dtype=bool)
    free[:, 11] = False  # a wall down the middle of the second block column, open nowhere
    graph = CoarseGraph(free, k=8)
    assert graph.node_at((10, 3)) != graph.node_at((12, 3))  # one block, two pieces
    assert graph.route((0, 0), (31, 15)) is None  # and no way round: reachability is exact
    free[15, 11] = True  # a gap at the bottom
    graph = CoarseGraph(free, k=8)
    route = graph.route((0, 0), (31, 15))
    assert route is not None and route[0] == graph.node_at((0, 0)) and route[-1] == graph.node_at((31, 15))
    assert graph.corridor(route)[15, 11]
