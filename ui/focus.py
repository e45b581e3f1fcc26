"""Keyboard focus on a screen's buttons and fields: a visible ring, Tab and the arrows to move it, Enter to press.

Service screens and the conversation panel keep their own lists (ui/service_kit.py, client/world/
conversation.py) and use the helpers here; the screens built from a chooser (menu, help, settings, map,
take me there) use FocusList whole.
"""
from __future__ import annotations

from typing import Callable

from panda3d.core import KeyboardButton


def draw_ring(ui, ring_id: str, button) -> None:
    """A ring in the text colour round ``button`` (or a text field), drawn under it so its own face stays as it is."""
    ui.remove(f"{ring_id}.gap")
    ui.remove(ring_id)
    s = button.get_scale()[0]  # a text field's frame is in its (text-scaled) units; a button's in the panel's
    l, r, b, t = (v * s for v in button["frameSize"])
    m = ui.theme.pad * 0.5  # 5 px on a 720 px window at 100%, 11 px at 200%
    ring = ui.panel(ring_id, (l - m, r + m, b - m, t + m), parent=button.get_parent(), color=ui.theme.palette.text)
    ring.set_pos(button.get_pos())
    ring.reparent_to(button.get_parent(), -1)
    if s != 1:
        # A text field is as pale as the ring: a dark gap between them keeps the ring visible.
        g = m * 0.5
        gap = ui.panel(f"{ring_id}.gap", (l - g, r + g, b - g, t + g), parent=button.get_parent())
        gap.set_pos(button.get_pos())
        gap.reparent_to(button.get_parent(), -1)


def set_entry_focus(ui, wid: str | None) -> None:
    """Give keyboard focus (typing) to the text field ``wid`` and take it from every other field."""
    for info in ui.widgets.values():
        if info.role == "entry" and not info.widget.is_empty():
            wanted = int(info.id == wid)
            if bool(info.widget.guiItem.get_focus()) != bool(wanted):
                info.widget["focus"] = wanted


class FocusList:
    """The buttons of one screen in order, with the index of the focused one (-1: none yet)."""

    def __init__(self, ui, ring_id: str, button_ids: list[str], focus: int = -1):
        self.ui, self.ring_id = ui, ring_id
        self.button_ids = [wid for wid in button_ids if wid in ui.widgets]
        self.focus = -1
        if 0 <= focus < len(self.button_ids):
            self.move(focus + 1)  # a screen drawn again keeps its focus where it was

    def move(self, step: int) -> None:
        """Tab / arrows: move the ring ``step`` buttons on, wrapping round."""
        if not self.button_ids:
            return
        self.focus = (self.focus + step) % len(self.button_ids)
        draw_ring(self.ui, self.ring_id, self.ui.widgets[self.button_ids[self.focus]].widget)

    def activate(self) -> bool:
        """Enter: press the focused button; False when none has the focus."""
        if not 0 <= self.focus < len(self.button_ids):
            return False
        command: Callable[[], None] = self.ui.widgets[self.button_ids[self.focus]].widget["command"]
        command()
        return True


def tab_step(base) -> int:
    """+1 for Tab, -1 for Shift-Tab.

    The app throws keys without modifiers (so holding Shift to run keeps "w" walking), which means a
    real keyboard's Shift-Tab arrives as "tab" with Shift held: ask the keyboard whether it is."""
    watcher = getattr(base, "mouseWatcherNode", None)
    if watcher is None:
        return 1
    # X11 reports the left and right keys; "shift" itself is only a name some platforms add.
    shifts = (KeyboardButton.shift(), KeyboardButton.lshift(), KeyboardButton.rshift())
    return -1 if any(watcher.is_button_down(button) for button in shifts) else 1


def bind_focus_keys(state, focus_of: Callable[[], FocusList]) -> None:
    """Tab/Shift-Tab and the up/down arrows move the focus, Enter presses it, on ``state``'s screen."""
    state.accept("tab", lambda: focus_of().move(tab_step(state.ctx.base)))
    state.accept("shift-tab", lambda: focus_of().move(-1))
    state.accept("arrow_down", lambda: focus_of().move(1))
    state.accept("arrow_up", lambda: focus_of().move(-1))
    state.accept("enter", lambda: focus_of().activate())
