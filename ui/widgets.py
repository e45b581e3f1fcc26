"""Widgets with stable ids and accessible names, made through a per-state UiRoot that frees them all.

The same id and name serve scenario steps (`press`, `type`), captions and screen readers. A state
creates every widget through its UiRoot, and `destroy()` releases DirectGUI's event bindings too
(removing the nodes alone would leave them behind).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from direct.gui import DirectGuiGlobals as DGG
from direct.gui.DirectGui import DirectButton, DirectEntry, DirectFrame, DirectLabel
from panda3d.core import TextNode


@dataclass
class WidgetInfo:
    id: str
    role: str  # "button", "entry", "label", "panel"
    name: str  # accessible name: the visible label
    widget: Any

    def is_visible(self) -> bool:
        return not self.widget.is_empty() and not self.widget.is_hidden()


class UiRoot:
    """Creates and tracks the widgets of one state."""

    def __init__(self, parent, theme, i18n):
        self.parent = parent
        self.theme = theme
        self.i18n = i18n
        self.widgets: dict[str, WidgetInfo] = {}

    def _register(self, wid: str, role: str, name: str, widget: Any) -> Any:
        if wid in self.widgets:
            raise ValueError(f"widget id '{wid}' is already used on this screen")
        self.widgets[wid] = WidgetInfo(wid, role, name, widget)
        return widget

    def panel(self, wid: str, frame: tuple[float, float, float, float], parent=None, color=None) -> DirectFrame:
        """A filled rectangle (left, right, bottom, top) that holds other widgets."""
        widget = DirectFrame(
            parent=parent or self.parent,
            frameSize=frame,
            frameColor=color or self.theme.palette.panel_bg,
            state=DGG.NORMAL,  # swallows clicks so they don't reach the world behind the panel
        )
        return self._register(wid, "panel", wid, widget)

    def label(
        self,
        wid: str,
        text: str,
        pos: tuple[float, float],
        parent=None,
        size: str = "body",
        wrap: float | None = None,
        align: str = "left",
        color=None,
        bold: bool = False,
    ) -> DirectLabel:
        """Text; wrap is the line width in aspect2d units."""
        theme = self.theme
        scale = {"body": theme.text_size, "heading": theme.heading_size, "small": theme.small_size}[size]
        widget = DirectLabel(
            parent=parent or self.parent,
            text=text,
            text_font=theme.bold_font if bold or size == "heading" else theme.font,
            text_scale=scale,
            text_fg=color or theme.palette.text,
            text_align={"left": TextNode.A_left, "center": TextNode.A_center, "right": TextNode.A_right}[align],
            text_wordwrap=(wrap / scale) if wrap else None,
            frameColor=(0, 0, 0, 0),
            pos=(pos[0], 0, pos[1]),
        )
        return self._register(wid, "label", text, widget)

    def button(
        self,
        wid: str,
        text: str,
        command: Callable[[], None],
        pos: tuple[float, float],
        width: float,
        parent=None,
        primary: bool = False,
    ) -> DirectButton:
        """A button at least the theme's touch-target height; pos is its centre."""
        theme, pal = self.theme, self.theme.palette
        bg, fg = (pal.accent_bg, pal.accent_text) if primary else (pal.button_bg, pal.button_text)
        half_h = theme.button_height / 2
        widget = DirectButton(
            parent=parent or self.parent,
            text=text,
            text_font=theme.bold_font,
            text_scale=theme.text_size,
            text_fg=fg,
            text_pos=(0, -theme.text_size * 0.35),
            frameSize=(-width / 2, width / 2, -half_h, half_h),
            frameColor=(bg, _shade(bg, 0.85), _shade(bg, 1.1), _shade(bg, 0.6)),
            relief=DGG.FLAT,
            command=command,
            pos=(pos[0], 0, pos[1]),
        )
        return self._register(wid, "button", text, widget)

    def entry(
        self,
        wid: str,
        label: str,
        pos: tuple[float, float],
        width: float,
        lines: int = 1,
        parent=None,
        max_chars: int = 0,
    ) -> DirectEntry:
        """A labelled text field; pos is the top-left of its label, width in aspect2d units."""
        theme, pal = self.theme, self.theme.palette
        parent = parent or self.parent
        self.label(f"{wid}.label", label, pos, parent=parent, bold=True)
        size = theme.text_size
        top = pos[1] - theme.line_height * 0.6
        widget = DirectEntry(
            parent=parent,
            initialText="",
            entryFont=theme.font,
            scale=size,
            width=width / size,
            numLines=lines,
            text_fg=pal.entry_text,
            frameColor=pal.entry_bg,
            # frameSize is in the entry's own (text-scaled) units.
            # Baselines sit at z=0, -1, -2… in the entry's units; the frame covers ascenders and descenders.
            frameSize=(-0.3, width / size - 0.3, -(lines - 1) * 1.0 - 0.45, 1.05),
            pos=(pos[0] + size * 0.3, 0, top - size * 1.05),
            focus=0,
        )
        if max_chars:
            widget.guiItem.set_max_chars(max_chars)
        return self._register(wid, "entry", label, widget)

    # -- lookup for automation and accessibility ---------------------------------------------
    def find(self, key: str, role: str | None = None) -> WidgetInfo | None:
        """A visible widget by id or accessible name (exact, then case-insensitive)."""
        candidates = [w for w in self.widgets.values() if (role is None or w.role == role) and w.is_visible()]
        for match in (lambda w: w.id == key, lambda w: w.name == key, lambda w: w.name.lower() == key.lower()):
            found = [w for w in candidates if match(w)]
            if found:
                return found[0]
        return None

    def remove(self, wid: str) -> None:
        """Destroy one widget (and its label, for entries)."""
        for key in (wid, f"{wid}.label"):
            info = self.widgets.pop(key, None)
            if info is not None:
                info.widget.destroy()

    def remove_prefix(self, prefix: str) -> None:
        """Destroy every widget whose id starts with prefix (one screen inside a state)."""
        for wid in [w for w in self.widgets if w.startswith(prefix)]:
            self.remove(wid)

    def destroy(self) -> None:
        """Destroy every widget this root made, children before parents."""
        for info in reversed(list(self.widgets.values())):
            if not info.widget.is_empty():
                info.widget.destroy()
        self.widgets.clear()


def _shade(color, factor: float):
    return tuple(min(1.0, c * factor) for c in color[:3]) + (color[3],)
