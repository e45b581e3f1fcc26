"""Skeletons and procedural animation clips for skinned characters (the rig files).

A recipe ``assets/recipes/<name>.yaml`` becomes a skinned, animated model when a rig file
``assets/recipes/rigs/<name>.yaml`` exists beside it (the comment at the top of
``rigs/avatar_citizen.yaml`` documents the format).  The recipe keeps describing the geometry in the
ordinary way; the rig adds joints, which recipe part follows which joint, and looping clips written
as sums of sines so a gait is a handful of readable numbers rather than hundreds of keyframes.

Everything here is pure numpy in Panda3D's frame; :mod:`tools.rig_gltf` writes the glTF.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from tools.primitives import build_primitive
from tools.recipe import NAME_RE, Recipe, RecipeError
from tools.shapes import Mesh, transformed

RIGS_DIR = Path(__file__).resolve().parent.parent / "assets" / "recipes" / "rigs"
TOP_KEYS = {"fps", "joints", "bind", "poses", "animations"}
ROTATIONS = ("pitch", "roll", "turn")       # degrees about +X, +Y, +Z
TRANSLATIONS = ("x", "y", "z")              # metres added to the joint's rest offset
CHANNEL_KEYS = set(ROTATIONS) | set(TRANSLATIONS)


@dataclass(frozen=True)
class Joint:
    """One joint: its parent's index (-1 for the root), rest head and bone tail (Panda frame)."""

    name: str
    parent: int
    head: tuple[float, float, float]
    tail: tuple[float, float, float] | None


@dataclass(frozen=True)
class Wave:
    """``base + sum(amp * sin(2 pi (harmonic t / T + phase)))``, optionally keeping the positive half."""

    base: float = 0.0
    terms: tuple[tuple[float, int, float, bool], ...] = ()

    def sample(self, u: np.ndarray) -> np.ndarray:
        """Values at clip fractions ``u`` (0..1)."""
        out = np.full(len(u), self.base, float)
        for amp, harmonic, phase, positive in self.terms:
            s = np.sin(2 * math.pi * (harmonic * u + phase))
            out += amp * (np.maximum(s, 0.0) if positive else s)
        return out


@dataclass(frozen=True)
class Clip:
    """A looping animation: its length, its stride (metres per cycle, 0 when standing) and channels."""

    name: str
    duration: float
    stride: float
    channels: dict[str, dict[str, Wave]]


@dataclass(frozen=True)
class Rig:
    """A checked rig file."""

    path: Path
    fps: int
    joints: list[Joint]
    bind: dict[str, str]
    clips: list[Clip] = field(default_factory=list)

    def index(self, name: str) -> int:
        """Index of the joint called ``name``."""
        return next(i for i, j in enumerate(self.joints) if j.name == name)


def rig_path_for(recipe_path) -> Path | None:
    """The rig file that makes ``recipe_path`` a skinned model, or None for a static one."""
    path = RIGS_DIR / f"{Path(recipe_path).stem}.yaml"
    return path if path.is_file() else None


def _fail(path: Path, where: str, message: str) -> RecipeError:
    return RecipeError(f"{path}: {where}: {message}")


def _vec3(path, where, raw) -> tuple[float, float, float]:
    if not isinstance(raw, list) or len(raw) != 3 or not all(isinstance(v, (int, float)) for v in raw):
        raise _fail(path, where, f"expected [x, y, z], got {raw!r}")
    return tuple(float(v) for v in raw)


def _wave(path, where, raw) -> Wave:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return Wave(float(raw))
    if not isinstance(raw, dict) or set(raw) - {"base", "waves"}:
        raise _fail(path, where, "expected a number or {base: n, waves: [[amp, harmonic, phase], ...]}")
    terms = []
    for i, term in enumerate(raw.get("waves", [])):
        ok = (isinstance(term, list) and len(term) in (3, 4) and isinstance(term[1], int)
              and term[1] >= 1 and all(isinstance(v, (int, float)) for v in term[:3])
              and (len(term) == 3 or term[3] == "pos"))
        if not ok:
            raise _fail(path, f"{where}.waves[{i}]",
                        f"expected [amplitude, whole harmonic >= 1, phase] (+ \"pos\"), got {term!r}")
        terms.append((float(term[0]), int(term[1]), float(term[2]), len(term) == 4))
    return Wave(float(raw.get("base", 0.0)), tuple(terms))


def _joints(path, raw) -> list[Joint]:
    if not isinstance(raw, dict) or not raw:
        raise _fail(path, "joints", "expected a mapping of joint names")
    joints: list[Joint] = []
    for name, spec in raw.items():
        where = f"joints.{name}"
        if not isinstance(name, str) or not NAME_RE.match(name):
            raise _fail(path, where, "expected a lower_snake_case name")
        if not isinstance(spec, dict) or set(spec) - {"parent", "at", "tail"}:
            raise _fail(path, where, "expected {parent, at, tail}")
        parent = spec.get("parent")
        if parent is None and joints:
            raise _fail(path, f"{where}.parent", "only the first joint may be the root")
        known = [j.name for j in joints]
        if parent is not None and parent not in known:
            raise _fail(path, f"{where}.parent", f"{parent!r} is not a joint listed above")
        tail = _vec3(path, f"{where}.tail", spec["tail"]) if "tail" in spec else None
        joints.append(Joint(name, known.index(parent) if parent else -1,
                            _vec3(path, f"{where}.at", spec.get("at")), tail))
    return joints


def _clips(path, raw, joint_names) -> list[Clip]:
    if not isinstance(raw, dict) or not raw:
        raise _fail(path, "animations", "expected a mapping of clip names")
    clips = []
    for name, spec in raw.items():
        where = f"animations.{name}"
        if not isinstance(spec, dict) or set(spec) - {"duration", "stride", "channels"}:
            raise _fail(path, where, "expected {duration, stride, channels}")
        duration, stride = spec.get("duration"), spec.get("stride", 0.0)
        if not isinstance(duration, (int, float)) or duration <= 0:
            raise _fail(path, f"{where}.duration", "expected seconds > 0")
        if not isinstance(stride, (int, float)) or stride < 0:
            raise _fail(path, f"{where}.stride", "expected metres >= 0")
        channels = {}
        for joint, chans in (spec.get("channels") or {}).items():
            if joint not in joint_names:
                raise _fail(path, f"{where}.channels.{joint}", "not a joint")
            if not isinstance(chans, dict) or set(chans) - CHANNEL_KEYS:
                raise _fail(path, f"{where}.channels.{joint}",
                            f"expected a mapping of {', '.join(sorted(CHANNEL_KEYS))}")
            channels[joint] = {k: _wave(path, f"{where}.channels.{joint}.{k}", v) for k, v in chans.items()}
        clips.append(Clip(name, float(duration), float(stride), channels))
    return clips


def load_rig(path) -> Rig:
    """Read and check a rig file; raise :class:`tools.recipe.RecipeError` naming file and key."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RecipeError(f"{path}: cannot read: {exc}") from None
    if not isinstance(raw, dict) or set(raw) - TOP_KEYS:
        raise _fail(path, "top level", f"expected a mapping with keys from {', '.join(sorted(TOP_KEYS))}")
    fps = raw.get("fps", 30)
    if not isinstance(fps, int) or fps < 1:
        raise _fail(path, "fps", "expected a whole number of frames per second")
    joints = _joints(path, raw.get("joints"))
    names = {j.name for j in joints}
    bind = raw.get("bind") or {}
    for node, joint in bind.items():
        if joint not in names:
            raise _fail(path, f"bind.{node}", f"{joint!r} is not a joint")
    return Rig(path, fps, joints, dict(bind), _clips(path, raw.get("animations"), names))


# ------------------------------------------------------------------------ binding parts to joints


def _segment_distance(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
    ab = b - a
    t = float(np.clip(np.dot(p - a, ab) / max(np.dot(ab, ab), 1e-12), 0.0, 1.0))
    return float(np.linalg.norm(p - (a + t * ab)))


def nearest_joint(rig: Rig, point) -> int:
    """The joint whose bone segment passes nearest ``point`` (ties go to the earlier joint)."""
    p = np.asarray(point, float)
    best, best_d = -1, math.inf
    for i, joint in enumerate(rig.joints):
        if joint.tail is None:
            continue
        d = _segment_distance(p, np.asarray(joint.head), np.asarray(joint.tail))
        if d < best_d - 1e-9:
            best, best_d = i, d
    return best


@dataclass
class SkinnedNode:
    """One output node: its meshes by material, each vertex following one joint (Panda frame)."""

    name: str
    meshes: list[tuple[object, Mesh, np.ndarray]]   # (recipe Material, mesh, joint index per vertex)


def skinned_nodes(recipe: Recipe, rig: Rig) -> list[SkinnedNode]:
    """Place the recipe's parts like the static builder does and bind each part to a joint."""
    out = []
    for node in recipe.nodes:
        bound = rig.bind.get(node.name)
        by_material: dict[str, list[tuple[Mesh, int]]] = {}
        for part in node.parts:
            try:
                local = build_primitive(part.shape, part.params)
            except ValueError as exc:
                raise RecipeError(f"{recipe.path}: {part.where}: {exc}") from None
            for copy in part.copies:
                placed = transformed(local, np.add(part.pos, copy.offset), part.rot + copy.rot)
                centre = (placed.positions.min(axis=0) + placed.positions.max(axis=0)) / 2
                joint = rig.index(bound) if bound else nearest_joint(rig, centre)
                by_material.setdefault(part.material, []).append((placed, joint))
        for out_name, where in node.placements:
            meshes = []
            for mat_name in recipe.materials:  # recipe order, as the static builder uses
                pieces = by_material.get(mat_name, [])
                if not pieces:
                    continue
                moved = [transformed(m, where.offset, where.rot) for m, _ in pieces]
                offsets = np.cumsum([0] + [len(m.positions) for m in moved[:-1]])
                mesh = Mesh(np.concatenate([m.positions for m in moved]),
                            np.concatenate([m.normals for m in moved]),
                            np.concatenate([m.faces + o for m, o in zip(moved, offsets)]).astype(np.int64))
                joints = np.concatenate([np.full(len(m.positions), j) for m, (_, j) in zip(moved, pieces)])
                meshes.append((recipe.materials[mat_name], mesh, joints))
            out.append(SkinnedNode(out_name, meshes))
    return out


# ------------------------------------------------------------------------ sampling clips


def _axis_quat(axis: np.ndarray, degrees: np.ndarray) -> np.ndarray:
    half = np.radians(degrees) / 2
    return np.column_stack([np.outer(np.sin(half), axis), np.cos(half)])


def quat_mul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Hamilton product of (n, 4) quaternions stored (x, y, z, w)."""
    ax, ay, az, aw = a.T
    bx, by, bz, bw = b.T
    return np.column_stack([aw * bx + ax * bw + ay * bz - az * by,
                            aw * by - ax * bz + ay * bw + az * bx,
                            aw * bz + ax * by - ay * bx + az * bw,
                            aw * bw - ax * bx - ay * by - az * bz])


def sample_clip(rig: Rig, clip: Clip) -> tuple[np.ndarray, dict[str, dict[str, np.ndarray]]]:
    """Key times (a whole number of frames, last key = first) and per-joint channel values.

    Returns ``(times, {joint: {"rotation": (n, 4) quats in Panda axes, "translation": (n, 3)}})``;
    rotation applies roll, then pitch, then turn."""
    frames = max(1, round(clip.duration * rig.fps))
    u = np.arange(frames + 1) / frames
    times = u * frames / rig.fps
    out: dict[str, dict[str, np.ndarray]] = {}
    for joint, chans in clip.channels.items():
        entry = {}
        if any(k in chans for k in ROTATIONS):
            zero = Wave()
            quats = [_axis_quat(np.array(axis, float), chans.get(k, zero).sample(u))
                     for k, axis in (("turn", (0, 0, 1)), ("pitch", (1, 0, 0)), ("roll", (0, 1, 0)))]
            entry["rotation"] = quat_mul(quat_mul(quats[0], quats[1]), quats[2])
        if any(k in chans for k in TRANSLATIONS):
            entry["translation"] = np.column_stack([chans[k].sample(u) if k in chans else np.zeros(len(u))
                                                    for k in TRANSLATIONS])
        if entry:
            out[joint] = entry
    return times, out
