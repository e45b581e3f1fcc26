"""Site manifests (scenes/<site>.yaml): what a site is made of, parsed and checked without Panda3D.

A manifest names the site's model, where citizens appear, where they may walk and which service
desks stand where. Paths inside a manifest are relative to the manifest file, so creators can keep
their own scenes anywhere.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from client.paths import SCENES_DIR
from client.schema import DataError, Reader, load_yaml_file

_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
SERVICES = ("proposal_form", "proposal_list", "dasan_chat", "documents", "document_verify", "tax_bills",
            "tax_calculator", "youth_counselling", "youth_chat",
            # One name per centre, not one per kind: easy mode opens a service with no desk to tell them apart.
            "business_chat", "fintech_chat", "business_exhibits", "fintech_exhibits")
PORTAL_KINDS = ("world_map",)
BOARD_KINDS = ("petitions",)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Npc:
    model: Path
    name: dict[str, str]


@dataclass(frozen=True)
class Desk:
    id: str
    name: dict[str, str]
    position: tuple[float, float, float]
    heading: float
    npc: Npc
    dialogue: Path
    model: Path | None


@dataclass(frozen=True)
class Place:
    """A point of interest: something to look at, with a short text about it."""

    id: str
    name: dict[str, str]
    position: tuple[float, float, float]
    info: dict[str, str]
    last_verified: str  # ISO date the facts were last checked


@dataclass(frozen=True)
class Portal:
    """A spot that takes the citizen elsewhere (the subway entrance opens the world map)."""

    id: str
    name: dict[str, str]
    position: tuple[float, float, float]
    kind: str


@dataclass(frozen=True)
class Board:
    """A sign in the world that shows live data: "petitions" lists those that passed an agree threshold."""

    id: str
    position: tuple[float, float, float]
    heading: float  # the way its face looks, like a desk's
    kind: str


@dataclass(frozen=True)
class Spawn:
    position: tuple[float, float, float]
    heading: float


@dataclass(frozen=True)
class Manifest:
    path: Path
    id: str
    name: dict[str, str]
    model: Path
    spawn: Spawn
    bounds: tuple[tuple[float, float], tuple[float, float]]
    sky_color: str
    sun_direction: tuple[float, float, float]
    desks: tuple[Desk, ...] = field(default_factory=tuple)
    places: tuple[Place, ...] = field(default_factory=tuple)
    portals: tuple[Portal, ...] = field(default_factory=tuple)
    boards: tuple[Board, ...] = field(default_factory=tuple)

    def desk(self, desk_id: str) -> Desk:
        for desk in self.desks:
            if desk.id == desk_id:
                return desk
        raise KeyError(desk_id)


def desk_local_to_world(desk: Desk | Board, local: tuple[float, float]) -> tuple[float, float]:
    """A point given in a desk's (or board's) own frame (+Y is where the citizen stands) in site coordinates."""
    h = math.radians(desk.heading)
    x, y = local
    return (desk.position[0] + x * math.cos(h) - y * math.sin(h), desk.position[1] + x * math.sin(h) + y * math.cos(h))


def approach_point(desk: Desk, distance: float = 1.6) -> tuple[float, float]:
    """Where a citizen stands to talk to a desk: in front of its counter."""
    return desk_local_to_world(desk, (0.0, distance))


def _file(reader: Reader, name: str, base: Path, suffixes: tuple[str, ...], default=...) -> Path | None:
    value = reader.raw(name, default)
    if value is None:
        return None
    rel = reader.string(name, default)
    path = (base / rel).resolve()
    if path.suffix.lower() not in suffixes:
        raise reader.error(name, f"must be a {' or '.join(suffixes)} file, not '{rel}'")
    if not path.is_file():
        raise reader.error(name, f"refers to '{rel}', which does not exist (looked for {path})")
    return path


def _identifier(reader: Reader, name: str) -> str:
    value = reader.string(name)
    if not _ID.match(value):
        raise reader.error(name, f"'{value}' must be lower-case letters, digits and _ (starting with a letter)")
    return value


def _color(reader: Reader, name: str, default: str) -> str:
    value = reader.string(name, default)
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise reader.error(name, f"must be a colour like #87ceeb, not '{value}'")
    return value


def _desk(r: Reader, base: Path) -> Desk:
    r.allow_only("id", "name", "position", "heading", "npc", "dialogue", "model")
    npc = r.mapping("npc")
    npc.allow_only("model", "name")
    return Desk(
        id=_identifier(r, "id"),
        name=r.text("name", max_len=60),
        position=r.vector("position", 3),
        heading=r.number("heading", 0.0, -360, 360),
        npc=Npc(model=_file(npc, "model", base, (".glb", ".gltf", ".bam")), name=npc.text("name", max_len=60)),
        dialogue=_file(r, "dialogue", base, (".yaml", ".yml")),
        model=_file(r, "model", base, (".glb", ".gltf", ".bam"), None),
    )


def _place(r: Reader) -> Place:
    r.allow_only("id", "name", "position", "info", "last_verified")
    verified = r.raw("last_verified")
    verified = verified.isoformat() if hasattr(verified, "isoformat") else verified
    if not isinstance(verified, str) or not _DATE.match(verified):
        raise r.error("last_verified", f"must be a date like 2026-11-01, not {verified!r}")
    return Place(_identifier(r, "id"), r.text("name", max_len=60), r.vector("position", 3),
                 r.text("info", max_len=600), verified)


def _portal(r: Reader) -> Portal:
    r.allow_only("id", "name", "position", "kind")
    kind = r.string("kind", "world_map")
    if kind not in PORTAL_KINDS:
        raise r.error("kind", f"unknown portal kind '{kind}' (known: {', '.join(PORTAL_KINDS)})")
    return Portal(_identifier(r, "id"), r.text("name", max_len=60), r.vector("position", 3), kind)


def _board(r: Reader) -> Board:
    r.allow_only("id", "position", "heading", "kind")
    kind = r.string("kind", "petitions")
    if kind not in BOARD_KINDS:
        raise r.error("kind", f"unknown board kind '{kind}' (known: {', '.join(BOARD_KINDS)})")
    return Board(_identifier(r, "id"), r.vector("position", 3), r.number("heading", 0.0, -360, 360), kind)


def parse_manifest(data: object, path: Path) -> Manifest:
    """Check parsed YAML against the manifest schema; raise DataError naming file and key."""
    r = Reader(data, path)
    r.allow_only("id", "name", "model", "spawn", "bounds", "sky", "sun", "desks", "places", "portals",
                  "boards")
    site_id, site_name = _identifier(r, "id"), r.text("name", max_len=60)  # top-level mistakes first
    base = path.parent
    spawn = r.mapping("spawn")
    spawn.allow_only("position", "heading")
    bounds_raw = r.raw("bounds")
    if not (isinstance(bounds_raw, list) and len(bounds_raw) == 2):
        raise r.error("bounds", "must be [[min_x, min_y], [max_x, max_y]]")
    lo = Reader({"min": bounds_raw[0]}, path, "bounds").vector("min", 2)
    hi = Reader({"max": bounds_raw[1]}, path, "bounds").vector("max", 2)
    if not (lo[0] < hi[0] and lo[1] < hi[1]):
        raise r.error("bounds", "min must be below max on both axes")
    sky = r.mapping("sky", {})
    sky.allow_only("color")
    sun = r.mapping("sun", {})
    sun.allow_only("direction")
    desks = tuple(_desk(d, base) for d in r.items("desks", [], max_items=64))
    places = tuple(_place(p) for p in r.items("places", [], max_items=64))
    portals = tuple(_portal(p) for p in r.items("portals", [], max_items=16))
    boards = tuple(_board(b) for b in r.items("boards", [], max_items=4))
    for section, items in (("desks", desks), ("places", places), ("portals", portals), ("boards", boards)):
        seen: set[str] = set()
        for index, item in enumerate(items):
            if item.id in seen:
                raise DataError(path, f"{section}[{index}].id", f"'{item.id}' is used by another entry")
            seen.add(item.id)
    spawn_pos = spawn.vector("position", 3)
    manifest = Manifest(
        path=path,
        id=site_id,
        name=site_name,
        model=_file(r, "model", base, (".glb", ".gltf", ".bam")),
        spawn=Spawn(spawn_pos, spawn.number("heading", 0.0, -360, 360)),
        bounds=(lo, hi),
        sky_color=_color(sky, "color", "#a7c8e8"),
        sun_direction=sun.vector("direction", 3, (-0.4, 0.6, -0.7)),
        desks=desks,
        places=places,
        portals=portals,
        boards=boards,
    )
    located = [("spawn.position", spawn_pos)] + [
        (f"{section}[{i}].position", item.position)
        for section, items in (("desks", desks), ("places", places), ("portals", portals), ("boards", boards))
        for i, item in enumerate(items)
    ]
    for key, (x, y, _) in located:
        if not (lo[0] <= x <= hi[0] and lo[1] <= y <= hi[1]):
            raise DataError(path, key, f"({x:g}, {y:g}) lies outside the site's bounds")
    return manifest


def load_manifest(path: Path) -> Manifest:
    """Load and check one manifest file."""
    path = Path(path).resolve()
    return parse_manifest(load_yaml_file(path), path)


def site_path(site_id: str, scenes_dir: Path = SCENES_DIR) -> Path:
    """The manifest file of a site shipped with the project."""
    if not _ID.match(site_id):
        raise DataError(scenes_dir, "site", f"'{site_id}' is not a valid site id")
    path = scenes_dir / f"{site_id}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in scenes_dir.glob("*.yaml")))
        raise DataError(path, "", f"no such site '{site_id}' (known sites: {known})")
    return path
