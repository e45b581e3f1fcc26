"""The first-run guide: five short steps (walk, talk, map, help and menu, easy mode) in a small panel
at the side of the world.

It never traps anyone. The panel takes no keys at all, so walking, Esc, F1 and every other key go on
working while it shows; it has its own Back, Next and "Close guide" buttons, and the Esc menu closes
it or shows it again. It steps out of the way while a conversation runs (or a desk's caption would
meet it), and it comes back afterwards.

Once closed or finished it is not shown again: a marker file in the user's config folder says so,
written atomically. On a kiosk nothing is written: every visitor is new, so each session shows it
(``new_session`` starts it again for the next visitor).

The guide lives as long as the app. It hears the state machine enter the world and draws into that
world's UI root, so the world frees the panel with the rest of its widgets, and a paused world hides
it with the HUD.
"""
from __future__ import annotations

import logging
import os

from direct.showbase.DirectObject import DirectObject

from ui.easy_pages import text_width
from ui.layout import Screen

log = logging.getLogger(__name__)

STEPS = ("walk", "talk", "map", "help", "easy")
MARKER = "first_run_guide.done"
PREFIX = "guide."
SHOW_EVENT, CLOSE_EVENT = "guide-show", "guide-close"  # sent by the Esc menu


class FirstRunGuide:
    """Decides when the guide shows and draws it over whichever world is open."""

    def __init__(self, ctx, machine):
        self.ctx, self.machine = ctx, machine
        self.kiosk = ctx.settings.kiosk.enabled
        self.marker = ctx.dirs.config / MARKER
        self.closed = not ctx.settings.ui.first_run_guide or (not self.kiosk and self.marker.exists())
        self.step = 0
        self.world = None
        self._following = None  # the world whose task keeps the panel out of a conversation's way
        self._events = DirectObject()
        self._events.accept(SHOW_EVENT, self.show_again)
        self._events.accept(CLOSE_EVENT, self.close)
        machine.listeners.append(self._entered)
        self._unsubscribe = ctx.i18n.subscribe(lambda _lang: self._draw())

    # -- what a citizen does ------------------------------------------------------------------------
    @property
    def showing(self) -> bool:
        """Whether the panel is up in a live world (it may be hidden for a moment by a conversation)."""
        return self._world_alive() and f"{PREFIX}panel" in self.world.ui.widgets

    def go(self, step: int) -> None:
        """Show step ``step``; past the last one the guide is finished, like Close."""
        if step >= len(STEPS):
            self.close()
            return
        self.step = max(0, step)
        self._draw()

    def close(self) -> None:
        """Close the guide for good (for this session only, on a kiosk)."""
        self.closed = True
        if self._world_alive():
            self.world.ui.remove_prefix(PREFIX)
        if not self.kiosk:
            self._write_marker()

    def show_again(self) -> None:
        """From the menu: start again at the first step."""
        self.closed, self.step = False, 0
        self._draw()

    def new_session(self) -> None:
        """A new visitor at a kiosk: the guide shows again from the start the next time the world opens."""
        self.closed, self.step = False, 0

    def destroy(self) -> None:
        """Stop listening; take the panel down if it is up."""
        self._events.ignore_all()
        self._unsubscribe()
        if self._entered in self.machine.listeners:
            self.machine.listeners.remove(self._entered)
        if self._world_alive():
            self.world.ui.remove_prefix(PREFIX)
        self.world = None

    # -- drawing --------------------------------------------------------------------------------------
    def _entered(self, name: str) -> None:
        if name != "world":
            return
        self.world = self.machine.find("world")
        self._draw()

    def _world_alive(self) -> bool:
        return self.world is not None and self.world in self.machine.stack

    def _draw(self) -> None:
        if self.closed or not self._world_alive():
            return
        ui, theme, t = self.world.ui, self.world.ui.theme, self.ctx.i18n.t
        ui.remove_prefix(PREFIX)
        if self._following is not self.world:  # the world's own task: it goes when the world goes
            self._following = self.world
            self.world.add_task(self._follow, "guide")
        screen = Screen.of(self.ctx.base)
        width = screen.panel_width(0.85 + 0.55 * theme.scale, margin=0.05)
        inner = width - theme.pad * 2
        topic = STEPS[self.step]
        last = self.step == len(STEPS) - 1
        buttons = [("close", t("guide.close"), self.close),
                   ("next", t("guide.finish" if last else "guide.next"), lambda: self.go(self.step + 1))]
        if self.step > 0:
            buttons.insert(0, ("back", t("guide.back"), lambda: self.go(self.step - 1)))
        panel = ui.panel(f"{PREFIX}panel", (0, width, 0, 1))  # sized below, once the text is measured
        heading = ui.label(f"{PREFIX}heading", t("guide.heading", step=self.step + 1, steps=len(STEPS),
                                                 title=t(f"guide.{topic}.title")),
                           (theme.pad, 0), parent=panel, bold=True, wrap=inner)
        text = ui.label(f"{PREFIX}text", t(f"guide.{topic}.text"), (theme.pad, 0), parent=panel, wrap=inner)
        rows = self._button_rows(buttons, inner)
        y = -theme.pad
        for label in (heading, text):
            _l, _r, bottom, top = label.getBounds()
            label.set_z(y - top)
            y -= top - bottom + theme.pad * 0.5
        y -= theme.pad * 0.5
        for row in rows:
            each = (inner - theme.pad * (len(row) - 1)) / len(row)
            for index, (wid, label, action) in enumerate(row):
                x = theme.pad + each / 2 + index * (each + theme.pad)
                ui.button(f"{PREFIX}{wid}", label, action, (x, y - theme.button_height / 2), each, parent=panel,
                          primary=wid == "next")
            y -= theme.button_height + theme.pad * 0.5
        panel["frameSize"] = (0, width, y - theme.pad * 0.5, 0)
        panel.set_pos(screen.right - 0.05 - width, 0, self._top(screen))

    def _button_rows(self, buttons, inner: float) -> list[list]:
        """One row if every label fits its share; otherwise Back and Next, with Close on a row of its own."""
        theme = self.world.ui.theme
        each = (inner - theme.pad * (len(buttons) - 1)) / len(buttons)
        if all(text_width(theme, label, theme.text_size) + theme.pad <= each for _w, label, _a in buttons):
            return [buttons]
        return [[b for b in buttons if b[0] != "close"], [b for b in buttons if b[0] == "close"]]

    def _top(self, screen: Screen) -> float:
        """Just under the HUD's key hints (top right), or where they would be."""
        theme = self.world.ui.theme
        keys = self.world.ui.widgets.get("hud.keys")
        if keys is None:
            return screen.top - 0.3 * theme.scale
        _l, _r, bottom, _t = keys.widget.getBounds()
        return keys.widget.get_z() + bottom - theme.pad

    def _follow(self, task):
        """Hide the panel while a conversation runs or a desk's caption would run into it."""
        if not self._world_alive():
            return task.done
        panel = self.world.ui.widgets.get(f"{PREFIX}panel")
        if panel is not None:
            wanted = getattr(self.world, "conversation", None) is None and not self._meets_caption(panel.widget)
            if wanted and panel.widget.is_hidden():
                panel.widget.show()
            elif not wanted and not panel.widget.is_hidden():
                panel.widget.hide()
        return task.cont

    def _meets_caption(self, panel) -> bool:
        bottom = panel.get_z() + panel["frameSize"][2]
        for wid in ("hud.caption", "hud.prompt"):
            info = self.world.ui.widgets.get(wid)
            if info is not None:
                _l, _r, _b, top = info.widget.getBounds()
                if info.widget.get_z() + top > bottom:
                    return True
        return False

    def _write_marker(self) -> None:
        try:
            self.marker.parent.mkdir(parents=True, exist_ok=True)
            partial = self.marker.with_name(self.marker.name + ".partial")
            partial.write_text("closed\n", encoding="utf-8")
            os.replace(partial, self.marker)  # a crash half-way leaves no half-written marker
        except OSError as exc:
            log.warning("could not note that the guide was closed (%s); it may show again", exc)
