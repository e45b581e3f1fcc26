"""Boot: show that the app is starting while the first site is prepared, then enter the world (or easy
mode, when the settings ask for it: ``ui.easy_mode`` or ``--easy``; a kiosk's attract loop in kiosk mode)."""
from __future__ import annotations

from client.states.base import State


class BootState(State):
    name = "boot"

    def on_enter(self, **world_args) -> None:
        t = self.ctx.i18n.t
        self.ui.label("boot.title", t("app.title"), (0, 0.1), size="heading", align="center")
        self.ui.label("boot.loading", t("boot.loading"), (0, -0.05), align="center")
        self.world_args = world_args
        # One frame with the splash is drawn before the world (and its loading) takes over.
        self.add_task(self._go, "go")

    def _go(self, task):
        if task.frame < 1:
            return task.cont
        settings = self.ctx.settings
        # A kiosk waits for its next visitor in the attract loop; each visitor chooses the city or easy mode.
        first = "attract" if settings.kiosk.enabled else "easy" if settings.ui.easy_mode else "world"
        self.machine.switch(first, **self.world_args)
        return task.done
