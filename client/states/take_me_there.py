"""'Take me there': every desk, place and exit of the current site as a button; the avatar walks there
by itself (any movement key takes the controls back), so nobody has to learn to steer."""
from __future__ import annotations

from client.states.base import State
from ui.layout import Screen


class TakeMeThereState(State):
    name = "take_me_there"

    def on_enter(self, **_) -> None:
        ctx = self.ctx
        t, theme, i18n = ctx.i18n.t, ctx.theme, ctx.i18n
        self.world = self.machine.find("world")
        destinations = self.world.destinations() if self.world is not None else []
        screen = Screen.of(ctx.base)
        width = screen.panel_width(2.6)
        columns = 1 if len(destinations) <= 4 else 2
        rows = max(1, (len(destinations) + columns - 1) // columns)
        gap = theme.pad * 0.4
        button_h = min(theme.button_height, (1.9 - theme.heading_size * 2.5 - theme.button_height * 1.5) / rows - gap)
        height = min(1.96, theme.heading_size * 2.5 + rows * (button_h + gap) + theme.button_height * 1.6)
        panel = self.ui.panel("goto.panel", (-width / 2, width / 2, -height / 2, height / 2))
        top = height / 2 - theme.pad - theme.heading_size
        self.ui.label("goto.heading", t("goto.heading"), (-width / 2 + theme.pad * 2, top), parent=panel,
                      size="heading")
        inner = width - theme.pad * 4
        column_w = (inner - theme.pad * (columns - 1)) / columns
        y0 = top - theme.heading_size * 0.9 - button_h / 2
        for index, (item_id, name, point) in enumerate(destinations):
            row, col = divmod(index, columns)
            x = -inner / 2 + column_w / 2 + col * (column_w + theme.pad)
            button = self.ui.button(f"goto.{item_id}", i18n.pick(name), lambda p=point: self._go(p),
                                    (x, y0 - row * (button_h + gap)), column_w, parent=panel)
            button["frameSize"] = (-column_w / 2, column_w / 2, -button_h / 2, button_h / 2)
        self.ui.button("goto.close", t("common.close"), self.machine.pop,
                       (0, -height / 2 + theme.pad + theme.button_height / 2), inner / 2, parent=panel)
        self.accept("escape", self.machine.pop)
        self.accept("t", self.machine.pop)

    def _go(self, point) -> None:
        self.machine.pop()
        self.world.walk_to(point)
