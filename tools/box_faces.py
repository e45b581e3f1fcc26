"""Boxes without the faces nobody can see: the parts pressed against or buried in another box.

A hanok's plinth, walls and wall plate are boxes stacked on one another.  Drawn whole, every one of
their tops is rasterised under the roof, and from Bukchon's terrace that made 3.7 layers of
fragments per pixel where 0.6 are seen (software GL pays for each).  So a box part that stands
square in its node (a turn that is a multiple of 90 degrees) is built face by face, and from each
face the rectangles that lie inside another such box of the same node are cut away:

* a face whose plane runs through the inside of another box loses what lies within that box;
* a face lying on another box's face, back to back (the plinth's top under the wall's bottom),
  loses the part where they touch.  Faces that merely lie side by side, facing the same way, stay.

A face the other boxes hide entirely is left out.  One they hide in part is cut around its largest
hole when that hides at least half of it, and otherwise kept whole.  What is left around the hole is
split along the hole's edges, so the pieces around a hole meet the sides
of the box that made the hole vertex to vertex, without T-junctions that would let the background
sparkle through.  A recipe can also name faces that other, non-box parts cover (``covered: [top]``
on the wall plate under a roof); those are left out as well.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tools.shapes import Mesh, merge

_EPS = 1e-6
# A face is cut only around one hole that hides at least half of it, into at most 8 cells: cutting a
# wall around every window it holds multiplied Seoul Plaza's triangles by 2.2 for little fill saved,
# and on software GL each triangle has a cost of its own as well.
MIN_CUT = 0.5
# Face names in a part's own frame, before its turn: the axis (0 x, 1 y, 2 z) and the side.
FACES = {"east": (0, 1), "west": (0, -1), "north": (1, 1), "south": (1, -1), "top": (2, 1), "bottom": (2, -1)}


@dataclass(frozen=True)
class Block:
    """A placed box in its node's frame: corners ``lo`` and ``hi`` and the faces left out whatever happens."""

    lo: tuple[float, float, float]
    hi: tuple[float, float, float]
    covered: frozenset[tuple[int, int]] = frozenset()


def square_turn(deg: float) -> int | None:
    """The number of quarter turns in ``deg``, or None when the turn is not a multiple of 90 degrees."""
    quarters = deg / 90.0
    nearest = round(quarters)
    return nearest % 4 if abs(quarters - nearest) < 1e-9 else None


def place_block(size, pos, deg: float, covered=()) -> Block | None:
    """The box ``size`` standing at ``pos`` turned by ``deg``, or None when it does not stand square."""
    quarters = square_turn(deg)
    if quarters is None:
        return None
    sx, sy, sz = size
    half = (sy / 2, sx / 2) if quarters % 2 else (sx / 2, sy / 2)
    lo = (pos[0] - half[0], pos[1] - half[1], pos[2])
    hi = (pos[0] + half[0], pos[1] + half[1], pos[2] + sz)
    return Block(lo, hi, frozenset(_turned_face(FACES[name], quarters) for name in covered))


def _turned_face(face: tuple[int, int], quarters: int) -> tuple[int, int]:
    axis, side = face
    if axis == 2:
        return face
    # A quarter turn counter-clockwise takes +x to +y, +y to -x.
    for _ in range(quarters):
        axis, side = (1, side) if axis == 0 else (0, -side)
    return axis, side


def block_mesh(block: Block, others: list[Block]) -> Mesh:
    """The visible faces of ``block``, given the other square boxes of the same node."""
    pieces = []
    for axis in range(3):
        for side in (-1, 1):
            if (axis, side) in block.covered:
                continue
            u, v = [(1, 2), (2, 0), (0, 1)][axis]  # u x v = +axis
            plane = block.hi[axis] if side > 0 else block.lo[axis]
            rect = (block.lo[u], block.lo[v], block.hi[u], block.hi[v])
            holes = [h for h in (_hole(o, axis, side, plane, u, v) for o in others) if h is not None]
            for cell in _kept_cells(rect, holes):
                pieces.append(_quad(cell, axis, side, plane, u, v))
    return merge(pieces)


def _area(cells) -> float:
    return sum(max(c - a, 0.0) * max(d - b, 0.0) for a, b, c, d in cells)


def _kept_cells(rect, holes) -> list[tuple[float, float, float, float]]:
    """What to draw of a face: nothing when the holes hide all of it; the ring around its largest
    hole when that hides at least MIN_CUT of it; otherwise the whole face."""
    if not holes or not _remaining(rect, holes):
        return [] if holes else [rect]
    u0, v0, u1, v1 = rect
    clipped = [(max(a, u0), max(b, v0), min(c, u1), min(d, v1)) for a, b, c, d in holes]
    largest = max(clipped, key=lambda h: _area([h]))
    if _area([largest]) < MIN_CUT * _area([rect]):
        return [rect]
    return _remaining(rect, [largest])


def _hole(other: Block, axis: int, side: int, plane: float, u: int, v: int):
    """The rectangle (u0, v0, u1, v1) of a face on ``plane`` that ``other`` hides, or None."""
    lo, hi = other.lo[axis], other.hi[axis]
    inside = lo + _EPS < plane < hi - _EPS
    back_to_back = (side > 0 and abs(plane - lo) <= _EPS) or (side < 0 and abs(plane - hi) <= _EPS)
    if not (inside or back_to_back):
        return None
    return other.lo[u], other.lo[v], other.hi[u], other.hi[v]


def _remaining(rect, holes) -> list[tuple[float, float, float, float]]:
    """The cells of ``rect`` outside every hole, on the grid of all their edges."""
    u0, v0, u1, v1 = rect
    holes = [(max(a, u0), max(b, v0), min(c, u1), min(d, v1)) for a, b, c, d in holes]
    holes = [h for h in holes if h[2] - h[0] > _EPS and h[3] - h[1] > _EPS]
    if not holes:
        return [rect]
    us = _cuts(u0, u1, [x for h in holes for x in (h[0], h[2])])
    vs = _cuts(v0, v1, [y for h in holes for y in (h[1], h[3])])
    cells = []
    for a, c in zip(us, us[1:]):
        for b, d in zip(vs, vs[1:]):
            mid_u, mid_v = (a + c) / 2, (b + d) / 2
            if not any(h[0] < mid_u < h[2] and h[1] < mid_v < h[3] for h in holes):
                cells.append((a, b, c, d))
    return cells


def _cuts(start: float, end: float, inner: list[float]) -> list[float]:
    points = [start]
    for x in sorted(inner):
        if points[-1] + _EPS < x < end - _EPS:
            points.append(x)
    return points + [end]


def _quad(cell, axis: int, side: int, plane: float, u: int, v: int) -> Mesh:
    a, b, c, d = cell
    corners = [(a, b), (c, b), (c, d), (a, d)]  # counter-clockwise seen from +axis
    if side < 0:
        corners.reverse()
    points = np.zeros((4, 3))
    for i, (cu, cv) in enumerate(corners):
        points[i, axis], points[i, u], points[i, v] = plane, cu, cv
    normal = np.zeros(3)
    normal[axis] = side
    return Mesh(points, np.tile(normal, (4, 1)), np.array([[0, 1, 2], [0, 2, 3]], dtype=np.int64))


def box(size, covered=()) -> Mesh:
    """A box of ``size`` standing on z=0 at the origin, without the ``covered`` faces (the box primitive)."""
    return block_mesh(place_block(size, (0.0, 0.0, 0.0), 0.0, covered), [])


def visible_meshes(blocks: list[Block | None]) -> list[Mesh | None]:
    """Each block's visible faces given all the others (None stays None: that part is built as a shape)."""
    placed = [(i, b) for i, b in enumerate(blocks) if b is not None]
    out: list[Mesh | None] = [None] * len(blocks)
    if not placed:
        return out
    lo = np.array([b.lo for _, b in placed])
    hi = np.array([b.hi for _, b in placed])
    for k, (i, block) in enumerate(placed):
        # Only boxes that touch or overlap this one can hide any of it.
        near = np.all((lo <= hi[k] + _EPS) & (hi >= lo[k] - _EPS), axis=1)
        near[k] = False
        out[i] = block_mesh(block, [placed[j][1] for j in np.flatnonzero(near)])
    return out
