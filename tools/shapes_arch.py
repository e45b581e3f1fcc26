"""Architectural primitives for the asset builder: tiled roofs, wave façades and arched gates.

Same conventions as :mod:`tools.shapes`: local metres, origin at the bottom-centre of the
footprint, CCW triangles with per-vertex normals.
"""
from __future__ import annotations

import math

import numpy as np

from tools.shapes import Mesh, flat_polygon, grid, merge, prism, quad, transformed

ROOF_STYLES = ("hip", "gable", "hip_gable")
WAVE_PROFILES = ("sine", "arc", "linear")


def _flipped(mesh: Mesh, drop: float) -> Mesh:
    """The same surface lowered by ``drop`` and facing the other way (a roof's underside)."""
    return Mesh(mesh.positions - (0.0, 0.0, drop), -mesh.normals, mesh.faces[:, ::-1].copy())


def roof(size, style: str = "hip", curve: float = 1.0, upturn: float = 0.0,
         gable_at: float = 0.5, thickness: float = 0.3, segments: int = 4, spans: int | None = None,
         soffit: float | None = None) -> Mesh:
    """A pitched roof covering ``size`` [x, y, height] from its eaves (z=0) to its ridge.

    ``style``: ``hip`` (four slopes), ``gable`` (two slopes, vertical gable ends) or ``hip_gable``
    (Korean paljak roof: hipped up to ``gable_at`` of the height, gabled above).  ``curve`` > 1 makes
    the slopes concave, flat at the eaves and steep at the ridge, and ``upturn`` lifts the eave
    corners by that many metres, as on hanok and palace gates.  The ridge runs along the longer side.
    ``segments`` rows run up each slope and ``spans`` (default twice as many) along its eave, closer
    together towards the corners, where the upturn bends.

    The underside hangs ``thickness`` below the slopes.  With ``soffit`` it follows them only that
    many metres in from the eaves (the overhang a person can look up at) and a ceiling closes the
    roof there.  For a roof on closed walls: the rest of the underside is never seen, yet behind the
    near slope the far slope's underside faces the viewer and every pixel of it is rasterised.
    """
    sx, sy, h = size
    if sy > sx:  # build with the ridge along X, then turn it to lie along Y
        return transformed(roof((sy, sx, h), style, curve, upturn, gable_at, thickness, segments,
                                spans, soffit), (0, 0, 0), 90.0)
    big_x, big_y = sx / 2, sy / 2
    stop = {"hip": 1.0, "gable": 0.0, "hip_gable": float(gable_at)}[style]
    stop = min(stop, (big_x - 1e-3) / big_y)  # the hips may not cross on a square plan

    def z_at(s, t):
        return h * np.power(t, curve) + upturn * np.abs(s) ** 3 * (1 - t) ** 2

    def south_at(s, t):  # eave at y = -Y, ridge at y = 0; u (s) runs east so that u x v faces outward
        s, t = np.asarray(s, float)[:, None], np.asarray(t, float)[None, :]
        return np.stack(np.broadcast_arrays(s * (big_x - big_y * np.minimum(t, stop)), -big_y * (1 - t),
                                            z_at(s, t)), -1)

    def east_at(s, t):  # the hip end, from the eave at x = +X up to where the gable (if any) begins
        s, t = np.asarray(s, float)[:, None], np.asarray(t, float)[None, :]
        return np.stack(np.broadcast_arrays(big_x - big_y * t + 0 * s, s * big_y * (1 - t), z_at(s, t)), -1)

    u = np.linspace(-1.0, 1.0, (spans or 2 * segments) + 1)
    s = np.sign(u) * np.abs(u) ** 0.6
    rows = np.linspace(0.0, 1.0, segments + 1)
    south, east = south_at(s, rows), east_at(s, rows * stop)
    surface = _both_halves([south] + ([east] if stop > 0 else []))
    if soffit is None:
        parts = [surface, _flipped(surface, thickness)]
    elif style == "gable" or not 0 < soffit < big_y * stop:
        raise ValueError(f"soffit {soffit} m needs a hip or hip_gable roof and must be less than the "
                         f"hips' run, {big_y * stop:.2f} m")
    else:
        parts = [surface, *_soffit(soffit / big_y, stop, rows, s, south_at, east_at, thickness)]
    if stop < 1:
        parts += _gables(big_x - big_y * stop, big_y, stop, z_at, segments, s)
    parts += _fascia(south, thickness)
    if stop > 0:
        parts += _fascia(east, thickness)
    return merge(parts)


def _both_halves(grids) -> Mesh:
    """The south slope and east hip end as built, and turned half round for the north and west."""
    half = merge([grid(g) for g in grids])
    return merge([half, transformed(half, (0, 0, 0), 180.0)])


def _soffit(reach: float, stop: float, rows, s, south_at, east_at, thickness: float):
    """The underside out to ``reach`` (a fraction of the half-depth in from the eaves), and the ceiling.

    The underside rows end on the slopes' own rows, so each hangs inside one row of the slope above
    it and the chords of the concave slope cannot cross.  The ceiling is a fan from a centre point at
    the ring's lowest height; the slopes rise inwards from the ring, so the fan stays under them.
    """
    inner = [t for t in rows if t < reach] + [reach]
    ring = _flipped(_both_halves([south_at(s, inner), east_at(s, [t * stop for t in rows if t * stop < reach]
                                                                + [reach])]), thickness)
    half = np.concatenate([south_at(s, [reach])[:-1, 0], east_at(s, [reach])[:-1, 0]])
    loop = np.concatenate([half, half * (-1, -1, 1)]) - (0, 0, thickness)
    centre = (0.0, 0.0, loop[:, 2].min())
    n = len(loop)
    faces = np.array([(0, 1 + (i + 1) % n, 1 + i) for i in range(n)])  # facing down: CW seen from above
    positions = np.vstack([centre, loop])
    ceiling = Mesh(positions, np.tile((0.0, 0.0, -1.0), (n + 1, 1)), faces)
    return [ring, ceiling]


def _gables(x0: float, big_y: float, stop: float, z_at, segments: int, s) -> list[Mesh]:
    """Vertical triangular gable walls at x = ±x0 following the concave roof line."""
    t = np.linspace(stop, 1.0, segments + 1)
    rise = [(big_y * (1 - tt), float(z_at(1.0, tt))) for tt in t]       # north edge, going up
    fall = [(-big_y * (1 - tt), float(z_at(1.0, tt))) for tt in t[::-1]]  # south edge, going down
    # The bottom edge follows the hip slope's top row, which sags between its lifted corners.
    sill = [(ss * big_y * (1 - stop), float(z_at(ss, stop))) for ss in s]
    outline = rise + fall[1:] + sill[1:-1]  # CCW in (y, z) seen from +x
    east = flat_polygon([(x0, y, z) for y, z in outline], outline)
    return [east, transformed(east, (0, 0, 0), 180.0)]


def _fascia(surface: np.ndarray, thickness: float) -> list[Mesh]:
    """The visible thickness along a slope's eave row (v=0), on both mirrored copies."""
    edge = surface[:, 0, :]
    strips = []
    for i in range(len(edge) - 1):
        a, b = edge[i], edge[i + 1]
        strips.append(quad(a - (0, 0, thickness), b - (0, 0, thickness), b, a))
    one = merge(strips)
    return [one, transformed(one, (0, 0, 0), 180.0)]


def _lean(profile_name: str, t: np.ndarray) -> np.ndarray:
    """How far (0..1 of ``lean``) a wave façade has leaned forward at height fraction ``t``."""
    if profile_name == "sine":
        return 1.0 - np.cos(t * math.pi / 2)
    if profile_name == "arc":
        return 1.0 - np.sqrt(np.clip(1.0 - t * t, 0.0, 1.0))
    return t


def wave(size, lean: float, profile: str = "sine", bulge: float = 0.0, rear_height=None,
         thickness=None, segments=(12, 10), bands: int = 0, mullions: int = 0,
         rib=(0.35, 0.4)) -> Mesh:
    """A building mass (or, with ``thickness``, a sheet) whose south face curves forward as it rises.

    The footprint is ``size`` x by y, centred; the south face starts at y = -y/2 on the ground and
    leans ``lean`` metres further south at the top (``profile``: sine, arc or linear), bowing a
    further ``bulge`` metres at mid-length.  The mass has a roof sloping from that crest down to
    ``rear_height`` (default: full height) at the vertical north face.

    With ``bands`` and/or ``mullions`` it builds only that many horizontal floor ribs and vertical
    mullions lying on the same curved face, ``rib`` [depth, width] metres, so a second part in a
    frame material can draw the façade grid over the glass.
    """
    sx, sy, sz = size
    nx, nz = segments

    def face(x, t):
        y = -sy / 2 - _lean(profile, t) * (lean + bulge * (1 - (2 * x / sx) ** 2))
        return np.stack(np.broadcast_arrays(x, y, sz * t), -1)

    if bands or mullions:
        return _ribs(face, sx, sz, nx, nz, bands, mullions, rib)
    x = np.linspace(-sx / 2, sx / 2, nx + 1)[:, None]
    front = face(x, np.linspace(0.0, 1.0, nz + 1)[None, :])
    if thickness is not None:
        return _sheet(front, float(thickness))
    rear_h = sz if rear_height is None else float(rear_height)
    crest = front[:, -1, :]
    u = np.linspace(0.0, 1.0, 5)[None, :, None]
    rear_top = np.stack(np.broadcast_arrays(x[:, 0], sy / 2, rear_h), -1)[:, None, :]
    top = crest[:, None, :] * (1 - u) + rear_top * u
    back = quad((sx / 2, sy / 2, 0), (-sx / 2, sy / 2, 0), (-sx / 2, sy / 2, rear_h),
                (sx / 2, sy / 2, rear_h))
    side = [(float(py), float(pz)) for py, pz in zip(front[-1, :, 1], front[-1, :, 2])]
    side += [(sy / 2, rear_h), (sy / 2, 0.0)]
    east = flat_polygon([(sx / 2, py, pz) for py, pz in side[::-1]], side[::-1])
    west = flat_polygon([(-sx / 2, py, pz) for py, pz in side], side)
    return merge([grid(front), grid(top), back, east, west])


def _ribs(face, sx, sz, nx, nz, bands, mullions, rib) -> Mesh:
    """Floor ribs and mullions standing ``rib[0]`` proud of a wave face, ``rib[1]`` wide."""
    depth, width = rib
    out = (0.0, -depth, 0.0)  # "proud of the face" is toward the plaza, -Y
    parts = []
    x = np.linspace(-sx / 2, sx / 2, nx + 1)
    for k in range(1, bands + 1):
        t1 = k / bands
        t0 = t1 - width / sz
        lo, hi = face(x, np.full_like(x, t0)), face(x, np.full_like(x, t1))
        parts += [grid(np.stack([lo, hi], 1) + out),          # front
                  grid(np.stack([hi + out, hi], 1)),          # top lip, faces up
                  grid(np.stack([lo, lo + out], 1))]          # bottom lip, faces down
    t = np.linspace(0.0, 1.0, nz + 1)
    for j in range(1, mullions + 1):
        xc = -sx / 2 + j * sx / (mullions + 1)
        west = face(np.full_like(t, xc - width / 2), t)
        east = face(np.full_like(t, xc + width / 2), t)
        parts += [grid(np.stack([west, east], 0) + out),      # front
                  grid(np.stack([east, east + out], 1)),      # east lip
                  grid(np.stack([west + out, west], 1))]      # west lip
    return merge(parts)


def _sheet(face: np.ndarray, thickness: float) -> Mesh:
    """A curved sheet: the face, its back ``thickness`` metres north, and the rim between them."""
    back = face + (0.0, thickness, 0.0)
    parts = [grid(face), grid(back[::-1])]
    rims = [face[:, 0], face[-1, :], face[::-1, -1], face[0, ::-1]]  # bottom, east, top, west
    for rim in rims:
        for a, b in zip(rim[:-1], rim[1:]):
            parts.append(quad(a, a + (0, thickness, 0), b + (0, thickness, 0), b))
    return merge(parts)


def arch(size, opening, segments: int = 8) -> Mesh:
    """A wall block ``size`` [x, y, z] pierced along Y by a round-headed opening [width, spring].

    The opening is ``width`` wide with vertical jambs up to ``spring`` metres and a semicircular
    head above, as in gate passages and palace walls.
    """
    sx, sy, sz = size
    w, spring = opening
    r = w / 2
    if w >= sx or spring + r >= sz:
        raise ValueError(f"opening {w} m wide springing at {spring} m does not fit a {sx} x {sz} m block")
    head = [(r * math.cos(a), spring + r * math.sin(a))
            for a in np.linspace(math.pi, 0.0, segments + 1)]
    outline = [(-sx / 2, 0.0), (-r, 0.0), *head, (r, 0.0), (sx / 2, 0.0), (sx / 2, sz), (-sx / 2, sz)]
    return prism(outline, sy, "xz")



def _smooth_outline(points, segments: int) -> np.ndarray:
    """A closed Catmull-Rom curve through ``points``, ``segments`` samples per span, CCW."""
    p = np.asarray(points, float)
    from tools.shapes import signed_area
    if signed_area(p) < 0:
        p = p[::-1]
    n = len(p)
    out = []
    for i in range(n):
        p0, p1, p2, p3 = p[i - 1], p[i], p[(i + 1) % n], p[(i + 2) % n]
        for k in range(segments):
            t = k / segments
            out.append(0.5 * (2 * p1 + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t * t
                              + (-p0 + 3 * p1 - 3 * p2 + p3) * t ** 3))
    return np.array(out)


def shell(points, height: float, radius: float = 0.0, tilt=(1.0, 1.0), segments: int = 6,
          rounding: int = 4) -> Mesh:
    """A smooth free-form mass: a curved plan outline raised with rounded top edges (DDP's shell).

    ``points`` are control points of a closed Catmull-Rom outline in plan (``segments`` samples per
    span); the walls rise vertically, then bend over in a quarter circle of ``radius`` metres
    (``rounding`` steps) into the roof; keep ``radius`` below the outline's tightest curve or the
    roof folds over itself.  ``tilt`` [west, east] scales the height linearly from the
    outline's west end to its east end, so the roof can swoop up along its length.
    """
    plan = _smooth_outline(points, segments)
    lo_x, hi_x = plan[:, 0].min(), plan[:, 0].max()

    def top(x):
        f = (x - lo_x) / max(hi_x - lo_x, 1e-9)
        return height * (tilt[0] + (tilt[1] - tilt[0]) * f)

    nxt, prv = np.roll(plan, -1, axis=0), np.roll(plan, 1, axis=0)
    tangent = nxt - prv
    outward = np.stack([tangent[:, 1], -tangent[:, 0]], 1)
    outward /= np.linalg.norm(outward, axis=1, keepdims=True)
    h = top(plan[:, 0])
    r = np.minimum(radius, 0.9 * h)
    rings = [np.column_stack([plan, np.zeros(len(plan))]), np.column_stack([plan, h - r])]
    for k in range(1, rounding + 1):
        a = 0.5 * math.pi * k / rounding
        inset = (r * (1 - math.cos(a)))[:, None]
        xy = plan - outward * inset
        rings.append(np.column_stack([xy, h - r + r * math.sin(a)]))
    side = np.stack([np.vstack([ring, ring[:1]]) for ring in rings], 1)  # (n+1, rings, 3)
    roof_ring = rings[-1]
    cap = flat_polygon(roof_ring, roof_ring[:, :2])
    cap.normals[:] = (0.0, 0.0, 1.0)
    return merge([grid(side), cap])
