"""The tiled roof primitive (tools/shapes_arch.py): a soffit roof stays closed and under its slopes."""
from __future__ import annotations

import numpy as np
import pytest

from tools.shapes_arch import roof

HANOK = dict(size=(12.0, 8.8, 2.7), style="hip_gable", curve=1.7, upturn=0.55, gable_at=0.5, thickness=0.25)


def _vertical_hits(mesh, x: float, y: float):
    """Heights where the vertical line through (x, y) crosses the mesh, split by which way each face looks."""
    p = mesh.positions[mesh.faces]  # (m, 3, 3)
    a, b, c = p[:, 0, :2], p[:, 1, :2], p[:, 2, :2]
    q = np.array([x, y])

    def cross(u, v):
        return u[:, 0] * v[:, 1] - u[:, 1] * v[:, 0]
    d = cross(b - a, c - a)
    ok = np.abs(d) > 1e-12
    w1 = cross(q - a, c - a) / np.where(ok, d, 1)
    w2 = cross(b - a, q - a) / np.where(ok, d, 1)
    inside = ok & (w1 >= 0) & (w2 >= 0) & (w1 + w2 <= 1)
    z = (p[:, 0, 2] + w1 * (p[:, 1, 2] - p[:, 0, 2]) + w2 * (p[:, 2, 2] - p[:, 0, 2]))[inside]
    facing = np.sign(d[inside])  # CCW seen from above: the face looks up
    return z[facing > 0], z[facing < 0]


def _plan_points(half_x: float, half_y: float, n: int = 23):
    # Off the sample grid's lines, so no vertical line runs exactly along an edge.
    xs = np.linspace(-half_x, half_x, n)[1:-1] + 0.0137
    ys = np.linspace(-half_y, half_y, n)[1:-1] + 0.0071
    return [(x, y) for x in xs for y in ys]


@pytest.mark.parametrize("soffit", [None, 1.2])
def test_looking_up_under_the_roof_always_meets_its_underside_below_the_tiles(soffit):
    # Anywhere inside the eaves, the line up from the ground first meets the underside (or, with a
    # soffit, the ceiling that closes it) and only then the tiles, a clear part of the thickness higher.
    mesh = roof(**HANOK, segments=3, spans=4, soffit=soffit)
    for x, y in _plan_points(5.9, 4.3):
        up, down = _vertical_hits(mesh, x, y)
        assert len(up) and len(down), f"open roof at ({x:.2f}, {y:.2f})"
        assert down.max() < up.max() - 0.1, f"the underside pokes through the tiles at ({x:.2f}, {y:.2f})"


def test_a_soffit_roof_draws_less_underside_and_fewer_triangles():
    full = roof(**HANOK, segments=3, spans=4)
    closed = roof(**HANOK, segments=3, spans=4, soffit=1.2)

    def underside_seen_from_above(mesh):
        """Most projected area of down-facing triangles facing an eye 8 degrees above, from any side."""
        p = mesh.positions[mesh.faces]
        n = np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0])
        n = n[n[:, 2] < 0]
        elev = np.radians(8.0)
        return max(0.5 * np.clip(n @ (np.cos(a) * np.cos(elev), np.sin(a) * np.cos(elev), np.sin(elev)),
                                 0, None).sum() for a in np.radians(np.arange(0, 360, 15)))
    # Behind the near slope the far slope's underside faces an eye looking over the roof, and
    # software GL rasterises all of it though none shows; the ceiling faces away from that eye.
    assert underside_seen_from_above(closed) < 0.5 * underside_seen_from_above(full)
    assert closed.triangle_count < full.triangle_count
    # The underside still reaches past the walls: the hanok's wall plate stands 0.8 m in from the eave.
    for x, y in [(0.013, -3.65), (0.013, 3.65), (5.15, 0.007), (-5.15, 0.007)]:
        _up, down = _vertical_hits(closed, x, y)
        assert len(down) == 1


@pytest.mark.parametrize("soffit", [None, 1.2])
def test_every_triangle_faces_where_its_normals_point(soffit):
    mesh = roof(**HANOK, segments=2, spans=3, soffit=soffit)
    p, f = mesh.positions, mesh.faces
    cross = np.cross(p[f[:, 1]] - p[f[:, 0]], p[f[:, 2]] - p[f[:, 0]])
    assert (np.linalg.norm(cross, axis=1) > 0).all()
    assert ((cross * mesh.normals[f].mean(axis=1)).sum(axis=1) > 0).all()


@pytest.mark.parametrize("changes", [{"style": "gable"}, {"soffit": 2.3}, {"soffit": 0.0}])
def test_a_soffit_the_roof_cannot_close_is_refused_by_name(changes):
    params = {**HANOK, "soffit": 1.2, **changes}
    with pytest.raises(ValueError, match="soffit"):
        roof(**params)
