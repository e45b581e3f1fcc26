"""The preview's stats overlay: what the scene costs to draw, each figure against its budget, graded.

Frame time is the median of the last frames (one slow frame should not make the line flicker red);
the scene figures come from client/world/scene_stats.measure and are worked out again only when the
scene changes, since walking the scene graph every frame would itself cost frame time.
"""
from __future__ import annotations

import statistics
from collections import deque

from client.preview.budgets import BUDGETS, grade

GRADE_COLOURS = {"green": (0.45, 0.9, 0.45, 1), "yellow": (1.0, 0.85, 0.25, 1), "red": (1.0, 0.45, 0.4, 1)}
ROWS = ("frame_ms", "geoms", "triangles", "materials", "texture_px", "texture_mb", "file_bytes")
FRAMES = 60


def format_figure(name: str, value: float) -> str:
    """A figure as a creator reads it: ms with one decimal, MB for bytes, px as a square."""
    if name == "frame_ms":
        return f"{value:.1f} ms"
    if name == "file_bytes":
        return f"{value / (1024 * 1024):.1f} MB"
    if name == "texture_mb":
        return f"{value:.1f} MB"
    if name == "texture_px":
        return f"{int(value)}²"
    return f"{int(value):,}"


def format_budget(name: str) -> str:
    """The yellow and red lines of a figure's budget, in the figure's own units."""
    if name not in BUDGETS:
        return ""
    yellow, red = BUDGETS[name]
    return f"{format_figure(name, yellow)} / {format_figure(name, red)}"


class StatsOverlay:
    """Rows of figures in the top-right corner, made through a state's UiRoot (so the state frees them)."""

    def __init__(self, ui, i18n, theme, top: float = 0.95, right: float = 1.7):
        self.ui, self.i18n, self.theme = ui, i18n, theme
        self.top, self.right = top, right
        self.frame_ms: deque[float] = deque(maxlen=FRAMES)
        self.figures: dict[str, float] = {}
        self.showing = False

    def add_frame(self, dt: float) -> None:
        """Remember one frame's duration (seconds)."""
        self.frame_ms.append(dt * 1000.0)

    def set_scene(self, figures: dict[str, float]) -> None:
        """The scene figures (from PreviewScene.figures), after a load or reload."""
        self.figures = dict(figures)
        if self.showing:
            self.refresh()

    def current(self) -> dict[str, float]:
        """Every figure now, frame time included."""
        median = statistics.median(self.frame_ms) if self.frame_ms else 0.0
        return {"frame_ms": median, **self.figures}

    def grades(self) -> dict[str, str]:
        """green / yellow / red for each figure that has a budget."""
        return {name: grade(name, value) for name, value in self.current().items() if name in BUDGETS}

    def toggle(self) -> bool:
        """Show or hide the overlay; returns whether it shows now."""
        if self.showing:
            self.hide()
        else:
            self.showing = True
            self.refresh()
        return self.showing

    def refresh(self) -> None:
        """Draw the rows anew with the current figures."""
        self.ui.remove_prefix("stats.")
        if not self.showing:
            return
        t, theme = self.i18n.t, self.theme
        scale = theme.small_size
        width = scale * 30
        rows = [r for r in ROWS if r in self.current()]
        height = (len(rows) + 1.6) * scale * 1.5
        left = self.right - width
        panel = self.ui.panel("stats.panel", (left, self.right, self.top - height, self.top),
                              color=(0, 0, 0, 0.72))
        self.ui.label("stats.heading", t("preview.stats.heading"), (left + scale, self.top - scale * 1.3),
                      parent=panel, size="small", bold=True)
        values, grades = self.current(), self.grades()
        for i, name in enumerate(rows):
            z = self.top - scale * 1.3 - (i + 1) * scale * 1.5
            colour = GRADE_COLOURS[grades[name]] if name in grades else theme.palette.text
            mark = {"green": "●", "yellow": "▲", "red": "■"}.get(grades.get(name, ""), " ")
            budget = format_budget(name)
            text = t(f"preview.stats.{name}", value=format_figure(name, values[name]))
            if budget:
                text = f"{mark} {text}  ({t('preview.stats.budget', lines=budget)})"
            self.ui.label(f"stats.{name}", text, (left + scale, z), parent=panel, size="small", color=colour)

    def hide(self) -> None:
        self.showing = False
        self.ui.remove_prefix("stats.")
