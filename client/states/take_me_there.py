"""'Take me there': every desk, place and exit of the current site as a button; the avatar walks there
by itself (any movement key takes the controls back), so nobody has to learn to steer."""
from __future__ import annotations

from client.states.base import State
from ui.chooser import show_chooser
from ui.focus import FocusList, bind_focus_keys
from ui.layout import Screen


class TakeMeThereState(State):
    name = "take_me_there"

    def on_enter(self, **_) -> None:
        ctx = self.ctx
        self.world = self.machine.find("world")
        destinations = self.world.destinations() if self.world is not None else []
        choices = [(item_id, ctx.i18n.pick(name), lambda p=point: self._go(p)) for item_id, name, point in destinations]
        buttons = show_chooser(self.ui, Screen.of(ctx.base), "goto", ctx.i18n.t("goto.heading"), choices,
                               ctx.i18n.t("common.close"), self.machine.pop)
        self.focus = FocusList(self.ui, "goto.focus", buttons)
        bind_focus_keys(self, lambda: self.focus)
        self.accept("escape", self.machine.pop)
        self.accept("t", self.machine.pop)

    def _go(self, point) -> None:
        self.machine.pop()
        self.world.request_walk(point)
