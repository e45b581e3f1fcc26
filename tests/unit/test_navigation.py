"""Walking: obstacles stop and slide the avatar, nothing is tunnelled through, paths go around walls."""
import math

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
