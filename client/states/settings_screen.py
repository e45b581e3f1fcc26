"""Settings from the Esc menu: language, text size, contrast, captions, motion, volume, graphics and keys.

Each row is one large button that steps through its values (so it works with one finger, a mouse or
Enter alike). Every change applies at once (the screen and the world behind it redraw at the new
size or contrast) except the graphics profile, which the GPU pipeline only takes at start; Save
writes them to the user's settings file (the same file ``--ui-scale`` and the rest override).
"""
from __future__ import annotations

import logging
from typing import Any

from client.settings import SettingsError, save_user_settings, with_value
from client.states.base import State
from ui.chooser import show_chooser
from ui.focus import FocusList, bind_focus_keys
from ui.layout import Screen

log = logging.getLogger(__name__)
USER_FILE = "settings.yaml"

# (dotted key, the values it steps through)
ROWS: tuple[tuple[str, tuple[Any, ...]], ...] = (
    ("ui.lang", ("ko", "en")),
    ("ui.scale", (1.0, 1.25, 1.5, 1.75, 2.0)),
    ("ui.high_contrast", (False, True)),
    ("ui.captions", (True, False)),
    ("ui.reduced_motion", (False, True)),
    ("audio.volume", (0.0, 0.25, 0.5, 0.8, 1.0)),
    ("graphics.profile", ("auto", "basic", "full")),
)


class SettingsState(State):
    name = "settings"

    def on_enter(self, **_) -> None:
        settings = self.ctx.settings
        self.values = {key: getattr(getattr(settings, key.split(".")[0]), key.split(".")[1]) for key, _ in ROWS}
        self.values["ui.lang"] = self.ctx.i18n.lang
        self.message = ""
        self.focus: FocusList | None = None
        self._show()
        self._unsubscribe_theme = self.ctx.theme.subscribe(self._show)
        bind_focus_keys(self, lambda: self.focus)
        self.accept("escape", self.machine.pop)

    def on_resume(self) -> None:
        self._show()  # back from the keys screen, which may have changed the language or size

    def on_exit(self) -> None:
        self._unsubscribe_theme()

    def _show(self) -> None:
        t = self.ctx.i18n.t
        self.ui.remove_prefix("settings.")
        choices = [(key.replace(".", "_"), f"{t(f'settings.{key}')}: {self._shown(key)}",
                    lambda k=key: self._step(k)) for key, _ in ROWS]
        if not self.ctx.settings.kiosk.enabled:
            # On a shared kiosk a visitor's choices last for the visit (the wipe puts the kiosk's back),
            # and its keys are the operator's to set.
            choices.append(("keys", t("settings.keys"), lambda: self.machine.push("keys")))
            choices.append(("save", t("settings.save"), self._save))
        message = self.message or (t("settings.this_visit") if self.ctx.settings.kiosk.enabled else "")
        heading = t("settings.heading") + (f" · {message}" if message else "")
        buttons = show_chooser(self.ui, Screen.of(self.ctx.base), "settings", heading, choices, t("common.close"),
                               self.machine.pop)
        # Drawn again after every step: the ring stays on the row a keyboard user is changing.
        self.focus = FocusList(self.ui, "settings.focus", buttons, self.focus.focus if self.focus else -1)

    def _shown(self, key: str) -> str:
        value = self.values[key]
        if key in ("ui.scale", "audio.volume"):
            return self.ctx.i18n.t("settings.off") if value == 0 else f"{round(value * 100)}%"
        if isinstance(value, bool):
            return self.ctx.i18n.t("settings.on" if value else "settings.off")
        return self.ctx.i18n.t(f"settings.value.{value}")

    def _step(self, key: str) -> None:
        options = dict(ROWS)[key]
        current = options.index(self.values[key]) if self.values[key] in options else -1
        self.values[key] = options[(current + 1) % len(options)]
        self.message = self.ctx.i18n.t("settings.next_start") if key == "graphics.profile" else ""
        self._apply(key)
        if key not in ("ui.scale", "ui.high_contrast"):  # a restyle has drawn the screen already
            self._show()

    def _apply(self, key: str) -> None:
        """Make one change felt now: everything but the graphics profile takes effect at once."""
        ctx, value = self.ctx, self.values[key]
        if key == "graphics.profile":
            return
        ctx.settings = with_value(ctx.settings, key, value)
        if key == "ui.lang":
            ctx.i18n.set_lang(value)  # at once, the world behind included
        elif key == "audio.volume" and ctx.sounds is not None:
            ctx.sounds.set_volume(value)
        elif key in ("ui.scale", "ui.high_contrast"):
            ctx.theme.restyle(self.values["ui.scale"], self.values["ui.high_contrast"])

    def _save(self) -> None:
        path = self.ctx.dirs.config / USER_FILE
        try:
            save_user_settings(path, self.values)
            self.message = self.ctx.i18n.t("settings.saved")
        except (SettingsError, OSError) as exc:
            log.error("settings not saved: %s", exc)
            self.message = self.ctx.i18n.t("settings.not_saved")
        self._show()
