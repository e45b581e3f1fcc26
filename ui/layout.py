"""Screen geometry in aspect2d units, so every screen lays itself out inside the window at any UI scale."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Screen:
    left: float
    right: float
    bottom: float = -1.0
    top: float = 1.0

    @classmethod
    def of(cls, base) -> "Screen":
        aspect = base.get_aspect_ratio() if getattr(base, "win", None) is not None else 16 / 9
        return cls(-aspect, aspect)

    @property
    def width(self) -> float:
        return self.right - self.left

    def panel_width(self, wanted: float, margin: float = 0.05) -> float:
        """A panel as wide as wanted but never wider than the window less its margins."""
        return min(wanted, self.width - 2 * margin)
