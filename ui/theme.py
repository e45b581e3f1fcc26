"""Colours, sizes and fonts shared by every screen; all sizes follow the UI scale (100–200%).

Colour pairs are chosen to meet WCAG's 4.5:1 contrast for text; `contrast_ratio` lets a test hold
the theme to that.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

RGBA = tuple[float, float, float, float]


def _hex(value: str, alpha: float = 1.0) -> RGBA:
    value = value.lstrip("#")
    return (int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255, alpha)


def relative_luminance(color: RGBA) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in color[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(fg: RGBA, bg: RGBA) -> float:
    """WCAG contrast ratio between two opaque colours (1 to 21)."""
    a, b = sorted((relative_luminance(fg), relative_luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


@dataclass(frozen=True)
class Palette:
    panel_bg: RGBA
    text: RGBA
    muted: RGBA
    accent_bg: RGBA
    accent_text: RGBA
    button_bg: RGBA
    button_text: RGBA
    entry_bg: RGBA
    entry_text: RGBA
    error: RGBA
    caption_bg: RGBA

    def text_pairs(self) -> dict[str, tuple[RGBA, RGBA]]:
        """Every foreground/background pair the screens draw text with."""
        return {
            "panel": (self.text, self.panel_bg),
            "muted": (self.muted, self.panel_bg),
            "accent": (self.accent_text, self.accent_bg),
            "button": (self.button_text, self.button_bg),
            "entry": (self.entry_text, self.entry_bg),
            "error": (self.error, self.panel_bg),
            "caption": (self.text, self.caption_bg),
        }


STANDARD = Palette(
    panel_bg=_hex("#12233d", 0.94),
    text=_hex("#ffffff"),
    muted=_hex("#c5d3e8"),
    accent_bg=_hex("#0b5cad"),  # Seoul blue
    accent_text=_hex("#ffffff"),
    button_bg=_hex("#e8eef7"),
    button_text=_hex("#0d1b2e"),
    entry_bg=_hex("#ffffff"),
    entry_text=_hex("#111111"),
    error=_hex("#ffb4a8"),
    caption_bg=_hex("#000000", 0.78),
)

HIGH_CONTRAST = Palette(
    panel_bg=_hex("#000000"),
    text=_hex("#ffffff"),
    muted=_hex("#ffff00"),
    accent_bg=_hex("#ffff00"),
    accent_text=_hex("#000000"),
    button_bg=_hex("#ffffff"),
    button_text=_hex("#000000"),
    entry_bg=_hex("#ffffff"),
    entry_text=_hex("#000000"),
    error=_hex("#ff9e9e"),
    caption_bg=_hex("#000000"),
)


class Theme:
    """Sizes in aspect2d units (the window is 2 units high), multiplied by the UI scale.

    One Theme serves every screen for the life of the app; `restyle` changes its scale and palette
    in place (from the settings screen) and tells the subscribers, which draw themselves again.
    """

    def __init__(self, scale: float = 1.0, high_contrast: bool = False, font=None, bold_font=None):
        self.font = font
        self.bold_font = bold_font or font
        self._listeners: list[Callable[[], None]] = []
        self._set(scale, high_contrast)

    def _set(self, scale: float, high_contrast: bool) -> None:
        self.scale = scale
        self.high_contrast = high_contrast
        self.palette = HIGH_CONTRAST if high_contrast else STANDARD
        self.text_size = 0.05 * scale
        self.heading_size = 0.068 * scale
        self.small_size = 0.042 * scale
        self.pad = 0.03 * scale
        # 0.12 units is 43 px on a 720 px window: WCAG's 44 px target at 100%, larger beyond.
        self.button_height = 0.125 * scale
        self.line_height = self.text_size * 1.3

    def restyle(self, scale: float, high_contrast: bool) -> None:
        """Change the UI scale and contrast now; subscribers (open screens, the HUD) draw again."""
        if (scale, high_contrast) == (self.scale, self.high_contrast):
            return
        self._set(scale, high_contrast)
        for listener in list(self._listeners):
            listener()

    def subscribe(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call listener after every restyle; returns the function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None
