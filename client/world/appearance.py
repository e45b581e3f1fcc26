"""How a citizen's avatar looks: a frozen, validated value with a stable dict form (pure Python).

The first city app gave everyone the same avatar; here a citizen chooses height and build, skin
tone, hair style and colour, outfit colours, an age appearance (child, adult, senior) and, as a
mobility choice equal to walking, a wheelchair.  :mod:`client.world.avatar` applies the value to the
rigged model; this module only describes it, checks it, derives the body proportions, and saves it
for guests in the user's config folder (accounts will keep it on the server as the same dict).
"""
from __future__ import annotations

import json
import math
import os
import re
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any, Mapping

# The choices and the height rule are the server's (what it will store), shared, not copied.
from server.avatar_options import AGES, BUILDS, FORMAT_VERSION, HAIR_STYLES, HEIGHT_RANGES, MOBILITY

FILE_NAME = "appearance.json"
DEFAULT_HEIGHTS = {"child": 1.25, "adult": 1.7, "senior": 1.62}
# Choices offered first by a customisation screen; any "#rrggbb" colour is accepted.
SKIN_TONES = ("#f6d7c3", "#e8b996", "#d19a6c", "#a86b45", "#7a4a2e", "#4b2e1f")
HAIR_COLOURS = ("#1b1512", "#2b2118", "#5a3a22", "#a0703e", "#d9c09a", "#b9b9b9", "#eeeeee")

_HEX = re.compile(r"^#[0-9a-f]{6}$")
# The model's proportions: 1.7 m adult, head 0.23 m of it (7.3 heads).
MODEL_HEIGHT = 1.7
MODEL_HEAD = 0.23
_BUILD_WIDTH = {"slim": 0.9, "average": 1.0, "broad": 1.15}
# A child's head is about a fifth of its height rather than a seventh, so the head grows relative
# to the body; that, more than size alone, is what reads as "child" at a distance.
_HEAD_SCALE = {"child": 1.3, "adult": 1.0, "senior": 1.0}
_STOOP_DEG = {"child": 0.0, "adult": 0.0, "senior": 12.0}


class AppearanceError(ValueError):
    """An appearance value or dict is invalid; the message names the field."""


@dataclass(frozen=True)
class Appearance:
    """Everything that makes one avatar look like its citizen.  Colours are sRGB "#rrggbb"."""

    age: str = "adult"
    height_m: float = 1.7
    build: str = "average"
    skin_tone: str = "#e8b996"
    hair_style: str = "short"
    hair_color: str = "#2b2118"
    top_color: str = "#d9534f"
    bottom_color: str = "#34495e"
    shoes_color: str = "#f2f2f2"
    mobility: str = "walking"

    def __post_init__(self):
        for name, allowed in (("age", AGES), ("build", BUILDS), ("hair_style", HAIR_STYLES),
                              ("mobility", MOBILITY)):
            value = getattr(self, name)
            if value not in allowed:
                raise AppearanceError(f"{name}: {value!r} is not one of {', '.join(allowed)}")
        for name in ("skin_tone", "hair_color", "top_color", "bottom_color", "shoes_color"):
            value = getattr(self, name)
            if not isinstance(value, str) or not _HEX.match(value):
                raise AppearanceError(f"{name}: expected a lower-case \"#rrggbb\" colour, got {value!r}")
        height = self.height_m
        if isinstance(height, bool) or not isinstance(height, (int, float)) or not math.isfinite(height):
            raise AppearanceError(f"height_m: expected metres, got {height!r}")
        lo, hi = HEIGHT_RANGES[self.age]
        if not lo <= height <= hi:
            raise AppearanceError(f"height_m: {height} m is outside {lo}-{hi} m for a {self.age}")

    @classmethod
    def for_age(cls, age: str, **changes: Any) -> "Appearance":
        """A typical appearance for an age (a senior gets grey hair), with ``changes`` applied."""
        base: dict[str, Any] = {"age": age, "height_m": DEFAULT_HEIGHTS.get(age, 1.7)}
        if age == "senior":
            base.update(hair_color="#b9b9b9", hair_style="bun")
        if age == "child":
            base.update(build="slim")
        base.update(changes)
        return cls(**base)

    def with_changes(self, **changes: Any) -> "Appearance":
        """A copy with some fields changed (validated again)."""
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with a format version, for the local file and the account."""
        return {"version": FORMAT_VERSION, **asdict(self)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Appearance":
        """Rebuild from :meth:`to_dict` output; missing fields take their defaults.

        Unknown fields are an error (a typo must not silently become the default), except that a
        newer ``version`` may carry fields this client does not know yet."""
        if not isinstance(data, Mapping):
            raise AppearanceError(f"expected a mapping, got {type(data).__name__}")
        version = data.get("version", FORMAT_VERSION)
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise AppearanceError(f"version: expected a whole number >= 1, got {version!r}")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known - {"version"})
        if unknown and version <= FORMAT_VERSION:
            raise AppearanceError(f"{unknown[0]}: unknown field")
        values = {k: v for k, v in data.items() if k in known}
        for name in ("skin_tone", "hair_color", "top_color", "bottom_color", "shoes_color"):
            if isinstance(values.get(name), str):
                values[name] = values[name].lower()
        if "age" in values and "height_m" not in values:
            values["height_m"] = DEFAULT_HEIGHTS.get(values["age"], 1.7)
        try:
            return cls(**values)
        except TypeError as exc:
            raise AppearanceError(str(exc)) from None


@dataclass(frozen=True)
class Proportions:
    """Scales and poses that turn the 1.7 m model into a given appearance."""

    height_scale: float  # uniform scale of the whole avatar
    width: float         # extra X/Y scale of the whole avatar for the build
    head_scale: float    # the head joint's scale (after undoing the build's widening)
    stoop_deg: float     # forward bend of the spine joint; the neck takes back most of it


def proportions(appearance: Appearance) -> Proportions:
    """Body proportions for ``appearance``: its top of head lands at ``height_m``."""
    head = _HEAD_SCALE[appearance.age]
    # A bigger head adds its growth to the model's height; scale so the total is still height_m.
    model_height = MODEL_HEIGHT + MODEL_HEAD * (head - 1.0)
    return Proportions(appearance.height_m / model_height, _BUILD_WIDTH[appearance.build], head,
                       _STOOP_DEG[appearance.age])


# -------------------------------------------------------------------- the local copy (guests)


def local_path(config_dir: Path) -> Path:
    """Where a guest's appearance is kept inside the user's config folder."""
    return Path(config_dir) / FILE_NAME


def save_local(appearance: Appearance, config_dir: Path) -> Path:
    """Write the appearance as JSON, atomically (a crash never leaves half a file)."""
    path = local_path(config_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(appearance.to_dict(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def load_local(config_dir: Path) -> Appearance:
    """The saved appearance, or the default one when none is saved or the file is unreadable.

    A broken file must not keep anyone out of the world, so it is ignored rather than raised."""
    path = local_path(config_dir)
    try:
        return Appearance.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):  # missing, unreadable, bad JSON, or an invalid appearance
        return Appearance()
