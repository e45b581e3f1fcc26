"""The recipe vocabulary: which primitive shapes exist, which parameters each takes, how to check them.

A part in a recipe names a ``shape`` from :data:`PRIMITIVES`; its other keys (besides the common
``material``, ``pos``, ``rot``, ``copies``) must be that primitive's parameters.  Each parameter has
a checker that returns the cleaned value or raises ``ValueError`` with a short reason, which the
recipe loader turns into an error naming the file and the key.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from tools import box_faces, shapes, shapes_arch
from tools.shapes import Mesh


def number(value) -> float:
    """A real number (YAML int or float, not bool)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"expected a number, got {value!r}")
    return float(value)


def positive(value) -> float:
    """A number > 0."""
    v = number(value)
    if v <= 0:
        raise ValueError(f"expected a positive number, got {value!r}")
    return v


def fraction(value) -> float:
    """A number in [0, 1]."""
    v = number(value)
    if not 0.0 <= v <= 1.0:
        raise ValueError(f"expected a number from 0 to 1, got {value!r}")
    return v


def vector(n: int, item=number) -> Callable[[Any], tuple]:
    """Checker for a list of exactly ``n`` items, each passed through ``item``."""
    def check(value):
        if not isinstance(value, (list, tuple)) or len(value) != n:
            raise ValueError(f"expected a list of {n} numbers, got {value!r}")
        return tuple(item(v) for v in value)
    return check


def count(minimum: int) -> Callable[[Any], int]:
    """Checker for an integer >= ``minimum``."""
    def check(value):
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise ValueError(f"expected an integer >= {minimum}, got {value!r}")
        return value
    return check


def choice(*options: str) -> Callable[[Any], str]:
    """Checker for one of a few words."""
    def check(value):
        if value not in options:
            raise ValueError(f"expected one of {', '.join(options)}, got {value!r}")
        return value
    return check


def flag(value) -> bool:
    """A YAML boolean."""
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


def points(value) -> tuple:
    """An outline: at least three [a, b] pairs."""
    if not isinstance(value, (list, tuple)) or len(value) < 3:
        raise ValueError("expected a list of at least 3 [a, b] points")
    return tuple(vector(2)(p) for p in value)


def face_names(value) -> tuple:
    """A list of box faces: top, bottom, north, south, east, west (the part's own frame)."""
    if not isinstance(value, (list, tuple)) or not all(v in box_faces.FACES for v in value):
        raise ValueError(f"expected a list of faces from {', '.join(box_faces.FACES)}, got {value!r}")
    return tuple(value)


def optional(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Let ``check`` also accept null."""
    return lambda value: None if value is None else check(value)


@dataclass(frozen=True)
class Primitive:
    """One shape of the vocabulary: a mesh builder and its parameter checkers."""

    build: Callable[..., Mesh]
    required: dict[str, Callable[[Any], Any]]
    optional: dict[str, tuple[Callable[[Any], Any], Any]] = field(default_factory=dict)
    doc: str = ""


SIZE = vector(3, positive)

PRIMITIVES: dict[str, Primitive] = {
    "box": Primitive(box_faces.box, {"size": SIZE}, {"covered": (face_names, ())},
                     doc="axis-aligned block; faces hidden by other boxes of its node are left out"),
    "cylinder": Primitive(
        shapes.cylinder, {"size": SIZE},
        {"segments": (count(3), 24), "top_scale": (fraction, 1.0), "axis": (choice("x", "y", "z"), "z")},
        doc="elliptic cylinder/prism/cone; an oval disc when flat"),
    "sphere": Primitive(
        shapes.sphere, {"size": SIZE},
        {"segments": (count(3), 16), "rings": (count(2), 8), "dome": (flag, False),
         "lumps": (fraction, 0.0)},
        doc="ellipsoid or dome; tree canopies with lumps"),
    "ring": Primitive(
        shapes.ring, {"size": SIZE, "hole": vector(2, positive)},
        {"hole_at": (vector(2), (0.0, 0.0)), "outline": (choice("ellipse", "rect"), "ellipse"),
         "segments": (count(3), 48)},
        doc="ellipse or rectangle slab with an elliptical hole, for tiles that meet edge to edge"),
    "extrude": Primitive(shapes.extrude, {"points": points, "height": positive},
                         doc="plan outline [[x, y]...] raised by height"),
    "profile": Primitive(shapes.profile, {"points": points, "length": positive},
                         doc="side outline [[y, z]...] extruded along X"),
    "roof": Primitive(
        shapes_arch.roof, {"size": SIZE},
        {"style": (choice(*shapes_arch.ROOF_STYLES), "hip"), "curve": (positive, 1.0),
         "upturn": (number, 0.0), "gable_at": (fraction, 0.5), "thickness": (positive, 0.3),
         "segments": (count(1), 4), "spans": (optional(count(1)), None), "soffit": (optional(positive), None)},
        doc="hip, gable or hip-and-gable roof with concave slopes and upturned eaves"),
    "wave": Primitive(
        shapes_arch.wave, {"size": SIZE, "lean": number},
        {"profile": (choice(*shapes_arch.WAVE_PROFILES), "sine"), "bulge": (number, 0.0),
         "rear_height": (optional(positive), None), "thickness": (optional(positive), None),
         "segments": (vector(2, count(1)), (12, 10)), "bands": (count(0), 0),
         "mullions": (count(0), 0), "rib": (vector(2, positive), (0.35, 0.4))},
        doc="mass or sheet whose south face curves forward as it rises; or its façade ribs"),
    "shell": Primitive(
        shapes_arch.shell, {"points": points, "height": positive},
        {"radius": (number, 0.0), "tilt": (vector(2, positive), (1.0, 1.0)), "segments": (count(1), 6),
         "rounding": (count(1), 4)},
        doc="free-form mass: smooth plan outline, vertical walls bending into the roof (DDP)"),
    "arch": Primitive(shapes_arch.arch, {"size": SIZE, "opening": vector(2, positive)},
                      {"segments": (count(2), 8)}, doc="wall block with a round-headed passage"),
}


def build_primitive(shape: str, params: dict) -> Mesh:
    """Build the local-space mesh of a checked part (``params`` holds every parameter)."""
    return PRIMITIVES[shape].build(**params)
