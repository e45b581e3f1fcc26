"""What the customisation screen offers for each part of an appearance, and how a choice steps.

Pure Python (no Panda3D): the screen shows one row per field and steps its value with Enter or the
left/right arrows; this module says what the values are, in what order, and what they are called
(catalog keys), so the stepping can be tested without a window.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from client.world.appearance import (
    AGES,
    BUILDS,
    DEFAULT_HEIGHTS,
    HAIR_COLOURS,
    HAIR_STYLES,
    HEIGHT_RANGES,
    MOBILITY,
    SKIN_TONES,
    Appearance,
)

HEIGHT_STEP = 0.05
HAIR_COLOUR_NAMES = ("black", "dark_brown", "brown", "light_brown", "blonde", "grey", "white")
# Clothes colours; the appearance's defaults are among them so a new citizen starts on a named one.
OUTFIT_COLOURS = (("red", "#d9534f"), ("orange", "#e67e22"), ("yellow", "#f1c40f"), ("green", "#2e7d32"),
                  ("sky", "#3498db"), ("navy", "#34495e"), ("purple", "#8e44ad"), ("pink", "#e88fb4"),
                  ("grey", "#7f8c8d"), ("black", "#1b1b1b"), ("white", "#f2f2f2"), ("brown", "#5a3a22"))


@dataclass(frozen=True)
class Choice:
    """One row of the screen: the field it changes and its values with their catalog keys."""

    field: str
    values: tuple
    names: tuple[str, ...]  # catalog keys, one per value
    swatch: bool = False    # colours also show a square of the colour itself

    def index(self, value) -> int:
        """Where value stands among the offered ones, or -1 for a value not offered (a custom colour)."""
        for i, offered in enumerate(self.values):
            if offered == value or (isinstance(value, float) and abs(offered - value) < 1e-6):
                return i
        return -1

    def name_key(self, value) -> str:
        """The catalog key that names value ("avatar.custom" for one that is not offered)."""
        i = self.index(value)
        return self.names[i] if i >= 0 else "avatar.custom"


def _named(prefix: str, values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"avatar.{prefix}.{v}" for v in values)


def _outfit(field: str) -> Choice:
    return Choice(field, tuple(c for _, c in OUTFIT_COLOURS), _named("colour", tuple(n for n, _ in OUTFIT_COLOURS)),
                  swatch=True)


def heights(age: str) -> tuple[float, ...]:
    """The heights offered for an age, every 5 cm across its plausible range."""
    low, high = HEIGHT_RANGES[age]
    count = int(round((high - low) / HEIGHT_STEP)) + 1
    return tuple(round(low + i * HEIGHT_STEP, 2) for i in range(count))


def choices(appearance: Appearance) -> tuple[Choice, ...]:
    """The rows for appearance, in screen order (the heights depend on its age)."""
    offered = heights(appearance.age)
    return (
        Choice("age", AGES, _named("age", AGES)),
        Choice("mobility", MOBILITY, _named("mobility", MOBILITY)),
        Choice("height_m", offered, tuple("avatar.height" for _ in offered)),
        Choice("build", BUILDS, _named("build", BUILDS)),
        Choice("skin_tone", SKIN_TONES, tuple(f"avatar.skin.{i + 1}" for i in range(len(SKIN_TONES))), swatch=True),
        Choice("hair_style", HAIR_STYLES, _named("hair", HAIR_STYLES)),
        Choice("hair_color", HAIR_COLOURS, _named("colour", HAIR_COLOUR_NAMES), swatch=True),
        _outfit("top_color"),
        _outfit("bottom_color"),
        _outfit("shoes_color"),
    )


def step(appearance: Appearance, field: str, by: int) -> Appearance:
    """The appearance with field moved by ``by`` places among its choices (wrapping round).

    A new age brings that age's typical height, since the old height may not fit it, and its typical
    hair and build where those were still the old age's typical ones (a citizen's own choice stays)."""
    if field == "height_m":
        return appearance.with_changes(height_m=_step_height(appearance.age, appearance.height_m, by))
    choice = next(c for c in choices(appearance) if c.field == field)
    here = choice.index(getattr(appearance, field))
    start = here if here >= 0 else (-1 if by > 0 else 0)
    value = choice.values[(start + by) % len(choice.values)]
    if field == "age":
        was, becomes = Appearance.for_age(appearance.age), Appearance.for_age(value)
        follow = {name: getattr(becomes, name) for name in ("hair_style", "hair_color", "build")
                  if getattr(appearance, name) == getattr(was, name)}
        return appearance.with_changes(age=value, height_m=DEFAULT_HEIGHTS[value], **follow)
    return appearance.with_changes(**{field: value})


def _step_height(age: str, height: float, by: int) -> float:
    """5 cm taller or shorter from wherever the height is (a typical 1.62 m is not on the grid),
    wrapping from one end of the age's range to the other."""
    low, high = HEIGHT_RANGES[age]
    moved = round(height + by * HEIGHT_STEP, 2)
    if moved > high + 1e-9:
        return low
    if moved < low - 1e-9:
        return high
    return moved


def value_text(t: Callable[..., str], choice: Choice, value) -> str:
    """The value in words, e.g. "Wheelchair" or "1.65 m"."""
    if choice.field == "height_m":
        return t("avatar.height", metres=f"{value:.2f}")
    return t(choice.name_key(value))


def rgba(colour: str) -> tuple[float, float, float, float]:
    """"#rrggbb" as an opaque RGBA tuple (0-1), for drawing a swatch."""
    return (int(colour[1:3], 16) / 255, int(colour[3:5], 16) / 255, int(colour[5:7], 16) / 255, 1.0)
