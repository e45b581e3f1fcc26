"""Ground heights follow ramps and stairs; a wall-high step is not walkable."""
import numpy as np
import pytest

from client.world.heightfield import HeightField
from client.world.navigation import WalkArea

BOUNDS = ((-10.0, -10.0), (10.0, 10.0))


def quad(x0, y0, x1, y1, z00, z10, z01, z11):
    """Two triangles covering a rectangle with the given corner heights."""
    a, b, c, d = (x0, y0, z00), (x1, y0, z10), (x0, y1, z01), (x1, y1, z11)
    return [[a, b, d], [a, d, c]]


def ramp_site():
    tris = quad(-10, -10, 10, 0, 0, 0, 0, 0)           # level street, y < 0
    tris += quad(-10, 0, 10, 5, 0, 0, 2, 2)            # a ramp rising 2 m over 5 m (about 22°)
    tris += quad(-10, 5, 10, 10, 2, 2, 2, 2)           # an upper terrace
    tris += quad(5, -10, 10, 0, 1, 1, 1, 1)            # a 1 m high platform on the street (a wall)
    return HeightField(np.array(tris), BOUNDS, cell=0.25)


def test_heights_follow_the_ramp():
    field = ramp_site()
    assert field.height(0, -5) == pytest.approx(0, abs=1e-6)
    assert field.height(0, 2.5) == pytest.approx(1.0, abs=0.05)
    assert field.height(0, 8) == pytest.approx(2.0, abs=1e-6)


def test_walking_up_the_ramp_reaches_the_terrace():
    area = WalkArea(BOUNDS, [], ground=ramp_site())
    x, y = area.move((0, -5), (0, 12))
    assert y == pytest.approx(7, abs=1e-6) and area.height((x, y)) == pytest.approx(2.0)


def test_a_metre_high_edge_stops_the_avatar():
    area = WalkArea(BOUNDS, [], ground=ramp_site())
    x, _ = area.move((0, -5), (8, 0))
    assert x < 5.0  # the platform edge at x = 5 is a wall, not a step


def test_stairs_of_small_steps_are_walkable():
    tris = []
    for i in range(8):  # 8 steps of 0.17 m, 0.3 m deep
        tris += quad(-2, i * 0.3, 2, (i + 1) * 0.3, i * 0.17, i * 0.17, i * 0.17, i * 0.17)
    tris += quad(-2, -5, 2, 0, 0, 0, 0, 0)
    field = HeightField(np.array(tris), ((-2, -5), (2, 2.4)), cell=0.1)
    area = WalkArea(((-2, -5), (2, 2.4)), [], ground=field)
    _, y = area.move((0, -2), (0, 4))
    assert y == pytest.approx(2.0, abs=1e-6) and area.height((0, y)) > 0.9  # climbed six steps


def test_flat_site():
    assert HeightField.flat(BOUNDS).height(3, 3) == 0.0
