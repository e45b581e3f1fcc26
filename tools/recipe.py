"""Reading and checking asset recipes (YAML, loaded with ``yaml.safe_load`` only).

A recipe describes one .glb::

    name: seoul_plaza                 # optional, defaults to the file's stem
    sources: ["where a dimension came from", ...]
    materials:
      grass: {color: "#5b8c3a", metallic: 0.0, roughness: 0.9}   # sRGB hex
      roof: {color: "#4a4f56", texture: {pattern: roof_tiles, size: [1.2, 1.2]}}  # tools/textures.py
    markers:                          # empty nodes marker_<name>; optional 4th value = heading°
      spawn: [0, -45, 0]
    nodes:                            # one glTF node each (or one per instance)
      - name: solid_old_city_hall     # solid_* = obstacle; its XY bounds are a collision footprint
        pos: [0, 0, 0]                # optional node offset, metres, and rot (degrees about Z)
        instances: [[x, y, z], ...]   # optional: copies named <name>_01, <name>_02, ...
        include: subway_entrance      # optional: parts from assets/recipes/parts/<name>.yaml
        far: {beyond: 40, segments: 1, spans: 2}  # optional: coarser curves beyond 40 m
        parts:
          - {shape: box, material: stone, pos: [0, 60, 0], rot: 0, size: [50, 14, 17],
             copies: [[dx, dy, dz], ...]}   # optional copies within the node
          - {shape: box, material: wood, size: [10, 7, 0.2], covered: [top]}  # a face a roof hides

Coordinates are Panda3D's (X east, Y north, Z up, metres).  ``shape`` is one of
:data:`tools.primitives.PRIMITIVES` (box, cylinder, sphere, ring, extrude, profile, roof, wave,
arch, shell); ``size`` is the part's local bounding box and ``pos`` its bottom-centre, turned by ``rot``
degrees about Z.  ``copies`` and ``instances`` also take
``{grid: {count: [nx, ny, nz], step: [dx, dy, dz]}}`` (centred in X and Y, stacked up from 0 in Z)
or ``{ring: {radii: [rx, ry], count: n, start: deg, step: deg, face_out: bool}}``.
A part file (``assets/recipes/parts/<name>.yaml``: ``sources``, ``materials``, ``parts``) holds a
prefab shared by several sites; a node that ``include``s it gets its parts first, and its materials
are added to the recipe's unless the recipe defines one of the same name (a site can recolour).
Boxes standing square in their node lose the faces the node's other boxes hide
(tools/box_faces.py).  A node with ``far`` also gets a coarser copy of each placement, named
``far<beyond>__<name>``: the same parts, with every part that takes one of the given tessellation
parameters built with that value instead; the client draws it from ``beyond`` metres out
(client/world/lod.py).  Every problem is reported as a :class:`RecipeError` naming the file and key.
"""
from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tools.primitives import PRIMITIVES, count, flag, fraction, number, positive, vector
from tools.textures import PATTERNS

NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
PART_KEYS = {"shape", "material", "pos", "rot", "copies"}
NODE_KEYS = {"name", "parts", "pos", "rot", "instances", "include", "far"}
FAR_KEYS = {"beyond", "segments", "spans", "rings"}  # how far out, and the coarser tessellation
PART_FILE_KEYS = {"sources", "materials", "parts"}
PARTS_DIR = Path(__file__).resolve().parent.parent / "assets" / "recipes" / "parts"
TOP_KEYS = {"name", "sources", "materials", "markers", "nodes"}


class RecipeError(ValueError):
    """A recipe that cannot be built; the message starts with the file and the offending key."""


@dataclass(frozen=True)
class TextureSpec:
    """A procedural texture (a pattern of tools/textures.py) and the metres one tile of it covers (u, v)."""

    pattern: str
    size: tuple[float, float]


@dataclass(frozen=True)
class Material:
    """A named PBR material; ``color`` is the sRGB hex base colour from the recipe."""

    name: str
    color: str
    metallic: float = 0.0
    roughness: float = 0.8
    texture: TextureSpec | None = None


@dataclass(frozen=True)
class Placement:
    """Where a copy goes: an offset in metres and a turn about Z in degrees."""

    offset: tuple[float, float, float] = (0.0, 0.0, 0.0)
    rot: float = 0.0


@dataclass
class Part:
    """One primitive with its checked parameters, material, placement and copies."""

    where: str
    shape: str
    material: str
    pos: tuple[float, float, float]
    rot: float
    params: dict
    copies: list[Placement]


@dataclass(frozen=True)
class FarLevel:
    """A node's coarser parts, drawn from ``beyond`` metres out."""

    beyond: int
    parts: list[Part]

    def node_name(self, name: str) -> str:
        """The glTF node name of ``name``'s far copy."""
        return f"far{self.beyond}__{name}"


@dataclass
class Node:
    """A named group of parts that becomes one glTF node per placement (and one more per far level)."""

    where: str
    name: str
    parts: list[Part]
    placements: list[tuple[str, Placement]]
    far: FarLevel | None = None


@dataclass
class Recipe:
    """A checked recipe, ready to build."""

    path: Path
    name: str
    sources: list[str]
    materials: dict[str, Material]
    markers: dict[str, tuple[float, float, float, float]]
    nodes: list[Node] = field(default_factory=list)


class _Checker:
    """Wraps the checks so every failure names the recipe file and the key path."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, where: str, message: str) -> RecipeError:
        return RecipeError(f"{self.path}: {where}: {message}")

    def value(self, where: str, check, raw):
        try:
            return check(raw)
        except ValueError as exc:
            raise self.fail(where, str(exc)) from None

    def mapping(self, where: str, raw, allowed: set[str] | None = None) -> dict:
        if not isinstance(raw, dict):
            raise self.fail(where, f"expected a mapping, got {type(raw).__name__}")
        if allowed is not None:
            extra = sorted(set(map(str, raw)) - allowed)
            if extra:
                raise self.fail(f"{where}.{extra[0]}",
                                f"unknown key; allowed here: {', '.join(sorted(allowed))}")
        return raw

    def name(self, where: str, raw) -> str:
        if not isinstance(raw, str) or not NAME_RE.match(raw):
            raise self.fail(where, f"expected a lower_snake_case name, got {raw!r}")
        return raw


def _texture(ck: _Checker, where: str, raw) -> TextureSpec:
    raw = ck.mapping(where, raw, {"pattern", "size"})
    pattern = raw.get("pattern")
    if pattern not in PATTERNS:
        raise ck.fail(f"{where}.pattern", f"expected one of {', '.join(sorted(PATTERNS))}, got {pattern!r}")
    if "size" not in raw:
        raise ck.fail(f"{where}.size", "missing ([u, v]: metres one tile of the pattern covers)")
    return TextureSpec(pattern, ck.value(f"{where}.size", vector(2, positive), raw["size"]))


def _material(ck: _Checker, where: str, name: str, raw) -> Material:
    raw = ck.mapping(where, raw, {"color", "metallic", "roughness", "texture"})
    if "color" not in raw:
        raise ck.fail(f"{where}.color", "missing (an sRGB hex colour like \"#7f8c8d\")")
    color = raw["color"]
    if not isinstance(color, str) or not COLOR_RE.match(color):
        raise ck.fail(f"{where}.color", f"expected an sRGB hex colour like \"#7f8c8d\", got {color!r}")
    return Material(name, color.lower(),
                    ck.value(f"{where}.metallic", fraction, raw.get("metallic", 0.0)),
                    ck.value(f"{where}.roughness", fraction, raw.get("roughness", 0.8)),
                    _texture(ck, f"{where}.texture", raw["texture"]) if "texture" in raw else None)


def _placements(ck: _Checker, where: str, raw) -> list[Placement]:
    """Parse a list of [x, y, z(, rot)] or a {grid: ...} / {ring: ...} generator."""
    if isinstance(raw, list):
        out = []
        for i, item in enumerate(raw):
            if not isinstance(item, list) or len(item) not in (3, 4):
                raise ck.fail(f"{where}[{i}]", f"expected [x, y, z] or [x, y, z, rot], got {item!r}")
            vals = [ck.value(f"{where}[{i}]", number, v) for v in item]
            out.append(Placement(tuple(vals[:3]), vals[3] if len(vals) == 4 else 0.0))
        return out
    raw = ck.mapping(where, raw, {"grid", "ring"})
    if len(raw) != 1:
        raise ck.fail(where, "expected exactly one of grid or ring")
    if "grid" in raw:
        g = ck.mapping(f"{where}.grid", raw["grid"], {"count", "step"})
        n = ck.value(f"{where}.grid.count", vector(3, count(1)), g.get("count"))
        step = ck.value(f"{where}.grid.step", vector(3), g.get("step"))
        # Centred in X and Y so a row of windows sits symmetrically about pos; Z stacks upward.
        return [Placement(((i - (n[0] - 1) / 2) * step[0], (j - (n[1] - 1) / 2) * step[1], k * step[2]))
                for k in range(n[2]) for j in range(n[1]) for i in range(n[0])]
    r = ck.mapping(f"{where}.ring", raw["ring"], {"radii", "count", "start", "step", "face_out"})
    radii = ck.value(f"{where}.ring.radii", vector(2, positive), r.get("radii"))
    n = ck.value(f"{where}.ring.count", count(1), r.get("count"))
    start = ck.value(f"{where}.ring.start", number, r.get("start", 0.0))
    step = ck.value(f"{where}.ring.step", number, r.get("step", 360.0 / n))
    face_out = ck.value(f"{where}.ring.face_out", flag, r.get("face_out", False))
    out = []
    for k in range(n):
        a = start + k * step
        x, y = radii[0] * math.cos(math.radians(a)), radii[1] * math.sin(math.radians(a))
        # face_out turns the copy's local +Y (its front) away from the ring's centre.
        out.append(Placement((x, y, 0.0), a - 90.0 if face_out else 0.0))
    return out


def _part(ck: _Checker, where: str, raw, materials: dict[str, Material]) -> Part:
    raw = ck.mapping(where, raw)
    shape = raw.get("shape")
    if shape not in PRIMITIVES:
        raise ck.fail(f"{where}.shape",
                      f"unknown primitive {shape!r}; known: {', '.join(sorted(PRIMITIVES))}")
    prim = PRIMITIVES[shape]
    ck.mapping(where, raw, PART_KEYS | set(prim.required) | set(prim.optional))
    mat = raw.get("material")
    if mat not in materials:
        raise ck.fail(f"{where}.material",
                      f"unknown material {mat!r}; defined: {', '.join(materials) or 'none'}")
    params = {}
    for key, check in prim.required.items():
        if key not in raw:
            raise ck.fail(f"{where}.{key}", f"missing (required for {shape})")
        params[key] = ck.value(f"{where}.{key}", check, raw[key])
    for key, (check, default) in prim.optional.items():
        params[key] = ck.value(f"{where}.{key}", check, raw[key]) if key in raw else default
    copies = _placements(ck, f"{where}.copies", raw["copies"]) if "copies" in raw else [Placement()]
    return Part(where, shape, mat,
                ck.value(f"{where}.pos", vector(3), raw.get("pos", [0, 0, 0])),
                ck.value(f"{where}.rot", number, raw.get("rot", 0)), params, copies)


def _read_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RecipeError(f"{path}: cannot read: {exc}") from None


def _part_file(ck: _Checker, where: str, name) -> tuple[Path, dict]:
    """The raw contents of the part file a node includes."""
    name = ck.name(where, name)
    path = PARTS_DIR / f"{name}.yaml"
    if not path.is_file():
        raise ck.fail(where, f"no part file {name!r} (looked for {path})")
    raw = _Checker(path).mapping("top level", _read_yaml(path), PART_FILE_KEYS)
    if not isinstance(raw.get("parts"), list) or not raw["parts"]:
        raise RecipeError(f"{path}: parts: expected a non-empty list of parts")
    return path, raw


def _node(ck: _Checker, where: str, raw, materials) -> Node:
    raw = ck.mapping(where, raw, NODE_KEYS)
    name = ck.name(f"{where}.name", raw.get("name"))
    where = f"{where} ({name})"
    if name.startswith("marker_"):
        raise ck.fail(f"{where}.name", "marker_ nodes come from the markers section")
    parts = raw.get("parts", [] if "include" in raw else None)
    if not isinstance(parts, list):
        raise ck.fail(f"{where}.parts", "expected a non-empty list of parts")
    checked = []
    if "include" in raw:
        path, included = _part_file(ck, f"{where}.include", raw["include"])
        checked = [_part(_Checker(path), f"parts[{i}] (in {where})", p, materials)
                   for i, p in enumerate(included["parts"])]
    if not parts and not checked:
        raise ck.fail(f"{where}.parts", "expected a non-empty list of parts")
    base = Placement(ck.value(f"{where}.pos", vector(3), raw.get("pos", [0, 0, 0])),
                     ck.value(f"{where}.rot", number, raw.get("rot", 0)))
    if "instances" in raw:
        inst = _placements(ck, f"{where}.instances", raw["instances"])
        width = max(2, len(str(len(inst))))
        placements = [(f"{name}_{i + 1:0{width}d}",
                       Placement(tuple(b + o for b, o in zip(base.offset, p.offset)), base.rot + p.rot))
                      for i, p in enumerate(inst)]
    else:
        placements = [(name, base)]
    checked += [_part(ck, f"{where}.parts[{i}]", p, materials) for i, p in enumerate(parts)]
    far = _far_level(ck, f"{where}.far", raw["far"], checked) if "far" in raw else None
    return Node(where, name, checked, placements, far)


def _far_level(ck: _Checker, where: str, raw, parts: list[Part]) -> FarLevel:
    raw = ck.mapping(where, raw, FAR_KEYS)
    if "beyond" not in raw:
        raise ck.fail(f"{where}.beyond", "missing (how many metres out the coarser parts take over)")
    beyond = ck.value(f"{where}.beyond", count(1), raw["beyond"])
    coarse = {key: value for key, value in raw.items() if key != "beyond"}
    far_parts = []
    for part in parts:
        takes = PRIMITIVES[part.shape].optional
        params = {**part.params, **{key: ck.value(f"{where}.{key}", takes[key][0], value)
                                    for key, value in coarse.items() if key in takes}}
        far_parts.append(dataclasses.replace(part, params=params))
    unused = sorted(key for key in coarse if not any(key in PRIMITIVES[p.shape].optional for p in parts))
    if unused or not coarse:
        raise ck.fail(f"{where}.{unused[0] if unused else 'beyond'}",
                      "no part of this node takes it" if unused else "give a coarser segments, spans or rings")
    return FarLevel(beyond, far_parts)


def load_recipe(path) -> Recipe:
    """Read and check one recipe file; raise :class:`RecipeError` on any problem."""
    path = Path(path)
    ck = _Checker(path)
    raw = ck.mapping("top level", _read_yaml(path), TOP_KEYS)
    name = ck.name("name", raw.get("name", path.stem))
    sources = raw.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise ck.fail("sources", "expected a list of strings")
    mats_raw = ck.mapping("materials", raw.get("materials"))
    materials = {ck.name(f"materials.{k}", k): _material(ck, f"materials.{k}", k, v)
                 for k, v in mats_raw.items()}
    markers = {}
    for key, value in ck.mapping("markers", raw.get("markers", {})).items():
        ck.name(f"markers.{key}", key)
        if not isinstance(value, list) or len(value) not in (3, 4):
            raise ck.fail(f"markers.{key}", f"expected [x, y, z] or [x, y, z, heading], got {value!r}")
        vals = [ck.value(f"markers.{key}", number, v) for v in value]
        markers[key] = (vals[0], vals[1], vals[2], vals[3] if len(vals) == 4 else 0.0)
    nodes_raw = raw.get("nodes")
    if not isinstance(nodes_raw, list) or not nodes_raw:
        raise ck.fail("nodes", "expected a non-empty list of nodes")
    for i, node_raw in enumerate(nodes_raw):  # prefabs bring their materials along
        if isinstance(node_raw, dict) and "include" in node_raw:
            path_i, included = _part_file(ck, f"nodes[{i}].include", node_raw["include"])
            ck_i = _Checker(path_i)
            for k, v in ck_i.mapping("materials", included.get("materials", {})).items():
                if k not in materials:
                    materials[ck_i.name(f"materials.{k}", k)] = _material(ck_i, f"materials.{k}", k, v)
    nodes = [_node(ck, f"nodes[{i}]", n, materials) for i, n in enumerate(nodes_raw)]
    seen: dict[str, str] = {}
    for node in nodes:
        for out_name, _ in node.placements:
            if out_name in seen:
                raise ck.fail(f"{node.where}.name",
                              f"node name {out_name!r} already used by {seen[out_name]}")
            seen[out_name] = node.where
    return Recipe(path, name, sources, materials, markers, nodes)
