"""Key bindings from the settings screen: choose an action, press the new key, and it is saved.

Each action keeps its other keys (the arrows beside W A S D); the new key replaces its first one.
Keys the app needs everywhere (Esc, Tab, F12, the number keys that pick an answer) and keys another
action already uses are refused with a message that says why, so no action is ever left without a
key and no key does two things. Changes apply to the world at once and are saved to the user's
settings file straight away.
"""
from __future__ import annotations

import logging

from client.settings import ControlsSettings, SettingsError, save_user_settings, with_value
from client.states.base import State
from client.states.settings_screen import USER_FILE
from ui.chooser import show_chooser
from ui.focus import FocusList, bind_focus_keys
from ui.layout import Screen

log = logging.getLogger(__name__)
ACTIONS = ("forward", "back", "left", "right", "run", "interact", "customise", "help", "map", "take_me_there")
RESERVED = {"escape", "tab", "f12", "enter"} | {str(n) for n in range(10)}
CAPTURE_EVENT = "keys-screen-capture"
KEY_NAMES = {"escape": "Esc", "arrow_up": "↑", "arrow_down": "↓", "arrow_left": "←", "arrow_right": "→", "space": "Space",
             "shift": "Shift", "control": "Ctrl", "alt": "Alt", "enter": "Enter", "backspace": "Backspace"}


def key_label(key: str) -> str:
    """How a Panda3D key name is shown: W, ↑, Shift, F1."""
    return KEY_NAMES.get(key, key.upper() if len(key) == 1 or key.startswith("f") else key.replace("_", " ").title())


class KeysState(State):
    name = "keys"

    def on_enter(self, **_) -> None:
        controls = self.ctx.settings.controls
        self.bindings = {action: list(getattr(controls, action)) for action in ACTIONS}
        self.listening: str | None = None
        self.message = ""
        self.focus: FocusList | None = None
        self._thrower = self._button_thrower()
        self._thrower_event = self._thrower.get_button_down_event() if self._thrower is not None else ""
        self._show()
        bind_focus_keys(self, lambda: self.focus)
        self.accept("escape", self._escape)
        self.accept(CAPTURE_EVENT, self._captured)

    def _button_thrower(self):
        throwers = getattr(self.ctx.base, "buttonThrowers", None) or []
        return throwers[0].node() if throwers else None

    def _show(self) -> None:
        t = self.ctx.i18n.t
        self.ui.remove_prefix("keys.")
        if self.listening is not None:
            heading = t("keys.press_now", action=t(f"keys.action.{self.listening}"))
            choices = []
        else:
            heading = t("keys.heading") + (f" · {self.message}" if self.message else "")
            choices = [(action, f"{t(f'keys.action.{action}')}: {', '.join(map(key_label, self.bindings[action]))}",
                        lambda a=action: self._listen(a)) for action in ACTIONS]
            choices.append(("reset", t("keys.reset"), self._reset))
        close = t("common.cancel") if self.listening is not None else t("common.close")
        buttons = show_chooser(self.ui, Screen.of(self.ctx.base), "keys", heading, choices, close, self._escape)
        self.focus = FocusList(self.ui, "keys.focus", buttons, self.focus.focus if self.focus else -1)

    def _listen(self, action: str) -> None:
        """Wait for the next key; every key goes to CAPTURE_EVENT while waiting."""
        self.listening = action
        if self._thrower is not None:
            self._thrower.set_button_down_event(CAPTURE_EVENT)
        self._show()

    def _stop_listening(self) -> None:
        self.listening = None
        if self._thrower is not None:
            self._thrower.set_button_down_event(self._thrower_event)

    def _captured(self, key: str) -> None:
        if self.listening is None or key.startswith(("mouse", "wheel")):
            return  # clicks are how a mouse user presses Cancel
        t, action = self.ctx.i18n.t, self.listening
        if key == "escape":
            return  # Esc's own handler cancels
        if key in RESERVED:
            self.message = t("keys.reserved", name=key_label(key))
        else:
            user = next((a for a in ACTIONS if key in self.bindings[a]), None)
            if user == action:
                self.message = ""
            elif user is not None:
                self.message = t("keys.taken", name=key_label(key), action=t(f"keys.action.{user}"))
            else:
                self.bindings[action] = [key] + self.bindings[action][1:]
                self.message = self._commit({action: self.bindings[action]})
        self._stop_listening()
        self._show()

    def _reset(self) -> None:
        defaults = ControlsSettings()
        self.bindings = {action: list(getattr(defaults, action)) for action in ACTIONS}
        self.message = self._commit(dict(self.bindings))
        self._show()

    def _commit(self, changed: dict[str, list[str]]) -> str:
        """Apply to this run and save to the user's file; returns what to tell the citizen."""
        ctx = self.ctx
        for action, keys in changed.items():
            ctx.settings = with_value(ctx.settings, f"controls.{action}", keys)
        try:
            save_user_settings(ctx.dirs.config / USER_FILE, {f"controls.{a}": k for a, k in changed.items()})
        except (SettingsError, OSError) as exc:
            log.error("key bindings not saved: %s", exc)
            return ctx.i18n.t("keys.not_saved")
        return ctx.i18n.t("keys.saved")

    def _escape(self) -> None:
        if self.listening is not None:
            self._stop_listening()
            self.message = ""
            self._show()
        else:
            self.machine.pop()

    def on_exit(self) -> None:
        self._stop_listening()
