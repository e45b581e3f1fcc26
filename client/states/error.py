"""Shown when a site or screen cannot open: says what and why, and offers a way back. Never a crash."""
from __future__ import annotations

from client.states.base import State
from ui.layout import Screen


class ErrorState(State):
    name = "error"

    def on_enter(self, message: str, retry: dict | None = None, **_) -> None:
        t, theme = self.ctx.i18n.t, self.ctx.theme
        screen = Screen.of(self.ctx.base)
        width = screen.panel_width(2.6)
        panel = self.ui.panel("error.panel", (-width / 2, width / 2, -0.6, 0.6))
        x = -width / 2 + theme.pad * 2
        self.ui.label("error.heading", t("error.heading"), (x, 0.6 - theme.pad - theme.heading_size), parent=panel,
                      size="heading")
        self.ui.label("error.message", message, (x, 0.3), parent=panel, wrap=width - theme.pad * 4)
        self.retry = retry or {}
        self.ui.button("error.home", t("error.go_home"), self._home, (0, -0.6 + theme.pad + theme.button_height / 2),
                       width - theme.pad * 4, parent=panel, primary=True)

    def _home(self) -> None:
        self.machine.switch("world", site=self.ctx.settings.world.site)
