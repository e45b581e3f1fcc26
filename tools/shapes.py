"""Basic mesh primitives for the asset builder, in Panda3D's frame (X east, Y north, Z up, metres).

Every primitive returns a :class:`Mesh` in local coordinates whose origin is the bottom-centre of
its bounding box, so a recipe's ``pos`` is where the thing stands on the ground.  Triangles wind
counter-clockwise seen from outside and every vertex carries a normal: flat faces get their own
vertices (hard edges), curved surfaces share vertices with analytic or accumulated normals.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

_EPS = 1e-9


@dataclass
class Mesh:
    """Triangles with per-vertex normals: positions (n, 3), normals (n, 3), faces (m, 3)."""

    positions: np.ndarray
    normals: np.ndarray
    faces: np.ndarray

    @property
    def triangle_count(self) -> int:
        """Number of triangles."""
        return len(self.faces)


def empty() -> Mesh:
    """Return a mesh with no vertices."""
    return Mesh(np.zeros((0, 3)), np.zeros((0, 3)), np.zeros((0, 3), dtype=np.int64))


def merge(meshes: list[Mesh]) -> Mesh:
    """Concatenate meshes into one, re-indexing faces."""
    meshes = [m for m in meshes if len(m.faces)]
    if not meshes:
        return empty()
    offsets = np.cumsum([0] + [len(m.positions) for m in meshes[:-1]])
    return Mesh(
        np.concatenate([m.positions for m in meshes]),
        np.concatenate([m.normals for m in meshes]),
        np.concatenate([m.faces + off for m, off in zip(meshes, offsets)]).astype(np.int64),
    )


def rot_z(deg: float) -> np.ndarray:
    """3x3 matrix rotating counter-clockwise about +Z (seen from above) by ``deg`` degrees."""
    r = math.radians(deg)
    c, s = math.cos(r), math.sin(r)
    return np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])


def transformed(mesh: Mesh, offset, deg: float = 0.0) -> Mesh:
    """Rotate ``mesh`` about Z by ``deg`` degrees, then translate it by ``offset``."""
    m = rot_z(deg)
    return Mesh(mesh.positions @ m.T + np.asarray(offset, float), mesh.normals @ m.T, mesh.faces)


def remapped(mesh: Mesh, matrix) -> Mesh:
    """Apply a proper rotation matrix (det +1, so winding is kept) to positions and normals."""
    m = np.asarray(matrix, float)
    return Mesh(mesh.positions @ m.T, mesh.normals @ m.T, mesh.faces)


def _unit(v: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.where(n < _EPS, 1.0, n)


# ---------------------------------------------------------------- polygons


def signed_area(poly) -> float:
    """Shoelace area of a 2D polygon: positive when counter-clockwise."""
    p = np.asarray(poly, float)
    x, y = p[:, 0], p[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y))


def _cross2(o, a, b) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _in_triangle(p, a, b, c) -> bool:
    # Points on an edge count as inside: a vertex touching the candidate ear blocks it,
    # which keeps U-shaped outlines (arches) from being bridged across their opening.
    return _cross2(a, b, p) >= -_EPS and _cross2(b, c, p) >= -_EPS and _cross2(c, a, p) >= -_EPS


def triangulate(poly) -> list[tuple[int, int, int]]:
    """Ear-clip a simple 2D polygon; triangles index ``poly`` and wind counter-clockwise."""
    pts = [tuple(map(float, p)) for p in poly]
    idx = list(range(len(pts)))
    if len(idx) < 3:
        raise ValueError("a polygon needs at least 3 points")
    if signed_area(pts) < 0:
        idx.reverse()
    tris = []
    while len(idx) > 3:
        for k in range(len(idx)):
            a, b, c = idx[k - 1], idx[k], idx[(k + 1) % len(idx)]
            if _cross2(pts[a], pts[b], pts[c]) <= _EPS:
                continue
            if any(_in_triangle(pts[p], pts[a], pts[b], pts[c])
                   for p in idx if p not in (a, b, c) and pts[p] not in (pts[a], pts[b], pts[c])):
                continue
            tris.append((a, b, c))
            idx.pop(k)
            break
        else:
            # No ear: drop a collinear vertex if there is one, otherwise the outline crosses itself.
            flat = [k for k in range(len(idx))
                    if abs(_cross2(pts[idx[k - 1]], pts[idx[k]], pts[idx[(k + 1) % len(idx)]])) <= _EPS]
            if not flat:
                raise ValueError("polygon outline crosses itself")
            idx.pop(flat[0])
    if abs(_cross2(*(pts[i] for i in idx))) > _EPS:
        tris.append(tuple(idx))
    return tris


def flat_polygon(points3d, uv) -> Mesh:
    """A planar polygon in 3D; its point order gives the front (CCW seen from the front).

    ``uv`` is any 2D projection of the same outline, used only to find the triangles.
    """
    p3 = np.asarray(points3d, float)
    front = np.sum(np.cross(p3, np.roll(p3, -1, axis=0)), axis=0)  # vector area: right-hand rule
    tris = np.array(triangulate(uv), dtype=np.int64)
    wound = np.sum(np.cross(p3[tris[:, 1]] - p3[tris[:, 0]], p3[tris[:, 2]] - p3[tris[:, 0]]), axis=0)
    if np.dot(wound, front) < 0:
        tris = tris[:, ::-1]
    return Mesh(p3, np.tile(_unit(front), (len(p3), 1)), tris)


def quad(a, b, c, d) -> Mesh:
    """A flat quad a-b-c-d, counter-clockwise seen from its front."""
    p = np.array([a, b, c, d], float)
    n = _unit(np.cross(p[1] - p[0], p[2] - p[0]))
    return Mesh(p, np.tile(n, (4, 1)), np.array([[0, 1, 2], [0, 2, 3]], dtype=np.int64))


def grid(points, normals=None) -> Mesh:
    """Quads between a (nu, nv, 3) grid of points, CCW when u × v points outward.

    Without ``normals`` each vertex gets the area-weighted mean of its cells' normals, so the
    surface shades smoothly.  Zero-area triangles (poles, cone tips) are dropped.
    """
    pts = np.asarray(points, float)
    nu, nv = pts.shape[:2]
    ids = np.arange(nu * nv).reshape(nu, nv)
    a, b = ids[:-1, :-1].ravel(), ids[1:, :-1].ravel()
    c, d = ids[1:, 1:].ravel(), ids[:-1, 1:].ravel()
    faces = np.concatenate([np.stack([a, b, c], 1), np.stack([a, c, d], 1)])
    flat = pts.reshape(-1, 3)
    cross = np.cross(flat[faces[:, 1]] - flat[faces[:, 0]], flat[faces[:, 2]] - flat[faces[:, 0]])
    keep = np.linalg.norm(cross, axis=1) > 1e-10
    faces, cross = faces[keep], cross[keep]
    if normals is None:
        acc = np.zeros_like(flat)
        for k in range(3):
            np.add.at(acc, faces[:, k], cross)
        vn = _unit(acc)
    else:
        vn = _unit(np.asarray(normals, float).reshape(-1, 3))
    # Drop vertices that only served dropped triangles (a pole's extra copies): they would
    # carry zero normals into the file.
    used = np.unique(faces)
    remap = np.full(len(flat), -1, dtype=np.int64)
    remap[used] = np.arange(len(used))
    return Mesh(flat[used], vn[used], remap[faces])


# ---------------------------------------------------------------- solids

# Proper rotations (det +1) taking a shape built along +Z onto the other axes.
AXIS_Y = np.array([[1, 0, 0], [0, 0, -1], [0, 1, 0]], float)   # (x, y, z) -> (x, -z, y)
AXIS_X = np.array([[0, 0, 1], [0, 1, 0], [-1, 0, 0]], float)   # (x, y, z) -> (z, y, -x)


def prism(poly, length: float, plane: str = "xy") -> Mesh:
    """Extrude a 2D outline: caps plus one flat quad per edge.

    ``plane`` says where the outline lies: ``xy`` (plan, extruded up Z from 0), ``yz`` (a
    side profile, extruded along X, centred) or ``xz`` (a front profile, extruded along Y, centred).
    """
    poly = [tuple(map(float, p)) for p in poly]
    if signed_area(poly) < 0:
        poly = poly[::-1]
    n = len(poly)
    lo, hi = (0.0, length) if plane == "xy" else (-length / 2, length / 2)
    bottom = [(u, v, lo) for u, v in poly]
    top = [(u, v, hi) for u, v in poly]
    parts = [flat_polygon(top, poly), flat_polygon(bottom[::-1], poly[::-1])]
    for i in range(n):
        j = (i + 1) % n
        if math.dist(poly[i], poly[j]) > _EPS:
            parts.append(quad(bottom[i], bottom[j], top[j], top[i]))
    mesh = merge(parts)
    if plane == "xy":
        return mesh
    if plane == "yz":   # (u, v, w) -> (w, u, v)
        return remapped(mesh, [[0, 0, 1], [1, 0, 0], [0, 1, 0]])
    if plane == "xz":   # (u, v, w) -> (u, -w, v)
        return remapped(mesh, [[1, 0, 0], [0, 0, -1], [0, 1, 0]])
    raise ValueError(f"unknown plane {plane!r}")


def cylinder(size, segments: int = 24, top_scale: float = 1.0, axis: str = "z") -> Mesh:
    """An elliptic cylinder, frustum or cone filling the box ``size``; ``axis`` is x, y or z.

    ``top_scale`` shrinks the far end (0 makes a cone); few ``segments`` make prisms (6 = hexagon).
    """
    sx, sy, sz = size
    a, b, length = {"z": (sx, sy, sz), "y": (sx, sz, sy), "x": (sz, sy, sx)}[axis]
    rx, ry, s = a / 2, b / 2, float(top_scale)
    th = np.linspace(0.0, 2 * math.pi, segments + 1)
    c, sn = np.cos(th), np.sin(th)
    ring0 = np.stack([rx * c, ry * sn, np.zeros_like(c)], 1)
    ring1 = np.stack([s * rx * c, s * ry * sn, np.full_like(c, length)], 1)
    # Normal of the side (from the cross product of its two tangents), exact for frustums too.
    side_n = np.stack([length * ry * c, length * rx * sn, np.full_like(c, rx * ry * (1 - s))], 1)
    parts = [grid(np.stack([ring0, ring1], 1), np.stack([side_n, side_n], 1))]
    ring = [(rx * math.cos(t), ry * math.sin(t)) for t in th[:-1]]
    parts.append(flat_polygon([(x, y, 0.0) for x, y in ring[::-1]], ring[::-1]))
    if s > 0:
        parts.append(flat_polygon([(s * x, s * y, length) for x, y in ring], ring))
    mesh = merge(parts)
    if axis == "y":
        mesh = remapped(mesh, AXIS_Y)
        mesh.positions += (0.0, length / 2, b / 2)
    elif axis == "x":
        mesh = remapped(mesh, AXIS_X)
        mesh.positions += (-length / 2, 0.0, a / 2)
    return mesh


def sphere(size, segments: int = 16, rings: int = 8, dome: bool = False, lumps: float = 0.0) -> Mesh:
    """An ellipsoid filling ``size``; ``dome`` keeps the upper half (its full height is size z).

    ``lumps`` (0..0.3) ripples the radius with a fixed pattern so tree canopies look less like
    balls while staying deterministic.
    """
    rx, ry = size[0] / 2, size[1] / 2
    rz, cz = (size[2], 0.0) if dome else (size[2] / 2, size[2] / 2)
    th = np.linspace(0.0, 2 * math.pi, segments + 1)
    ph = np.linspace(0.0 if dome else -math.pi / 2, math.pi / 2, rings + 1)
    t, p = np.meshgrid(th, ph, indexing="ij")
    # cos(p) fades the ripple out at the poles so each pole stays a single point
    k = 1.0 + lumps * np.cos(p) * np.sin(3 * t + 2 * p) if lumps else 1.0
    pts = np.stack([k * rx * np.cos(p) * np.cos(t), k * ry * np.cos(p) * np.sin(t),
                    cz + k * rz * np.sin(p)], -1)
    nrm = np.stack([np.cos(p) * np.cos(t) / rx, np.cos(p) * np.sin(t) / ry, np.sin(p) / rz], -1)
    if lumps:
        return grid(pts)  # accumulated normals follow the ripples
    return grid(pts, nrm)


def extrude(points, height: float) -> Mesh:
    """A plan outline [[x, y], ...] extruded from z=0 up to ``height``."""
    return prism(points, height, "xy")


def profile(points, length: float) -> Mesh:
    """A side outline [[y, z], ...] extruded along X, centred on x=0 (stairs, copings, ramps)."""
    return prism(points, length, "yz")


def _ray_exit(origin, d, outline: str, half) -> float:
    """Distance along unit direction ``d`` from ``origin`` (inside) to the outer outline."""
    hx, hy = half
    if outline == "rect":
        hits = [(s * h - o) / c for o, c, h in ((origin[0], d[0], hx), (origin[1], d[1], hy))
                for s in (-1, 1) if abs(c) > _EPS and (s * h - o) / c > 0]
        return min(hits)
    # ellipse centred on the origin: solve |(o + t d) / r|^2 = 1 for the positive root
    a = (d[0] / hx) ** 2 + (d[1] / hy) ** 2
    b = 2 * (origin[0] * d[0] / hx ** 2 + origin[1] * d[1] / hy ** 2)
    c = (origin[0] / hx) ** 2 + (origin[1] / hy) ** 2 - 1
    return (-b + math.sqrt(b * b - 4 * a * c)) / (2 * a)


def ring(size, hole, hole_at=(0.0, 0.0), outline: str = "ellipse", segments: int = 48) -> Mesh:
    """A slab of ``size`` (ellipse or rect outline) with an elliptical hole [dx, dy] at ``hole_at``.

    Lets ground tiles meet edge to edge at the same height instead of being stacked, which would
    z-fight in the distance: the paving around an oval lawn, a curb band, a block around a plaza.
    """
    sx, sy, sz = size
    a, b = hole[0] / 2, hole[1] / 2
    c = np.array(hole_at, float)
    if abs(c[0]) + a >= sx / 2 or abs(c[1]) + b >= sy / 2:
        raise ValueError("the hole must lie inside the outline")
    thetas = list(np.linspace(0.0, 2 * math.pi, segments + 1)[:-1])
    if outline == "rect":  # put a ray through every corner so the corners stay sharp
        for cx, cy in ((1, 1), (-1, 1), (-1, -1), (1, -1)):
            phi = math.atan2(cy * sy / 2 - c[1], cx * sx / 2 - c[0])
            thetas.append(math.atan2(a * math.sin(phi), b * math.cos(phi)) % (2 * math.pi))
    thetas = sorted(set(round(t, 12) for t in thetas))
    thetas.append(thetas[0] + 2 * math.pi)
    inner, outer = [], []
    for t in thetas:
        p = c + (a * math.cos(t), b * math.sin(t))
        d = (p - c) / np.linalg.norm(p - c)
        inner.append(p)
        outer.append(c + d * _ray_exit(c, d, outline, (sx / 2, sy / 2)))

    def lift(pts, z):
        return np.array([(x, y, z) for x, y in pts])

    top = grid(np.stack([lift(outer, sz), lift(inner, sz)], 1))
    outer_wall = grid(np.stack([lift(outer, 0.0), lift(outer, sz)], 1))
    inner_wall = grid(np.stack([lift(inner, sz), lift(inner, 0.0)], 1))
    return merge([top, outer_wall, inner_wall])
