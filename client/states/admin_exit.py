"""The technician's way out of a kiosk: Ctrl-Shift-F10 (or five taps on the top-left corner) opens a PIN pad.

The PIN is checked against ``kiosk.admin_pin_hash`` (argon2id, made by ``python -m tools.kiosk_pin``) on
the worker, never on the frame. A right PIN asks the app to exit with code 0, which also stops the
watchdog. A wrong one is refused with a wait that grows (2 s, 5 s, then 30 s locked after the third);
the count lives in memory only, in the app's :class:`AdminGesture`, so closing the pad does not reset
it. With no hash configured the pad says the exit is disabled: there is never a default PIN. Nothing
here logs or keeps the digits typed.
"""
from __future__ import annotations

import logging
import math
import time
from typing import Any, Callable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from panda3d.core import KeyboardButton

from client.states.base import State
from ui.layout import Screen

log = logging.getLogger(__name__)

MAX_DIGITS = 12
WAITS_S = (2.0, 5.0, 30.0)  # after the 1st, 2nd and 3rd (and every later) wrong PIN in a row
CORNER_TAPS, CORNER_WINDOW_S = 5, 3.0


class PinGuard:
    """Counts wrong PINs in a row and says how long the pad stays shut (in memory only)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.failures = 0
        self.locked_until = 0.0

    def wait_s(self) -> float:
        """Seconds before another PIN may be tried (0 when it may now)."""
        return max(0.0, self.locked_until - self.clock())

    def failed(self) -> float:
        """Record a wrong PIN; returns the wait it earns."""
        self.failures += 1
        wait = WAITS_S[min(self.failures, len(WAITS_S)) - 1]
        self.locked_until = self.clock() + wait
        return wait

    def succeeded(self) -> None:
        self.failures, self.locked_until = 0, 0.0


def check_pin(pin_hash: str, pin: str) -> bool:
    """True when ``pin`` matches the argon2id ``pin_hash``; raises ValueError for a hash that is not one."""
    if not pin_hash.startswith("$argon2id$"):
        raise ValueError("kiosk.admin_pin_hash is not an argon2id hash")
    try:
        return PasswordHasher().verify(pin_hash, pin)
    except VerifyMismatchError:
        return False
    except (InvalidHashError, VerificationError) as exc:
        raise ValueError("kiosk.admin_pin_hash cannot be checked") from exc


class AdminGesture:
    """App-wide: Ctrl-Shift-F10 or five quick taps on the top-left corner open the PIN pad on a kiosk."""

    def __init__(self, base: Any, states: Any, settings_of: Callable[[], Any], clock: Callable[[], float] = time.monotonic):
        self.base, self.states, self.settings_of, self.clock = base, states, settings_of, clock
        self.guard = PinGuard(clock)
        self._taps: list[float] = []
        base.accept("f10", self.key)
        base.accept("mouse1", self.tap)

    def key(self) -> None:
        """F10 arrives without modifiers (the app clears them): ask the keyboard whether Ctrl and Shift are held."""
        watcher = getattr(self.base, "mouseWatcherNode", None)
        if watcher is None:
            return
        held = lambda *buttons: any(watcher.is_button_down(b) for b in buttons)  # noqa: E731
        if held(KeyboardButton.control(), KeyboardButton.lcontrol(), KeyboardButton.rcontrol()) and held(
                KeyboardButton.shift(), KeyboardButton.lshift(), KeyboardButton.rshift()):
            self.open()

    def tap(self) -> None:
        """A touch or click: five within three seconds in the top-left corner open the pad."""
        watcher = getattr(self.base, "mouseWatcherNode", None)
        if watcher is None or not watcher.has_mouse():
            return
        x, y = watcher.get_mouse_x(), watcher.get_mouse_y()  # -1..1 across the window
        if x > -0.9 or y < 0.85:
            self._taps.clear()
            return
        now = self.clock()
        self._taps = [t for t in self._taps if now - t <= CORNER_WINDOW_S] + [now]
        if len(self._taps) >= CORNER_TAPS:
            self._taps.clear()
            self.open()

    def open(self) -> None:
        """Push the PIN pad over whatever is showing (kiosk only; once)."""
        if not self.settings_of().kiosk.enabled:
            return
        if self.states.current is not None and self.states.current.name == "admin_exit":
            return
        log.info("admin exit pad opened")
        self.states.push("admin_exit", guard=self.guard)

    def close(self) -> None:
        self.base.ignore("f10")
        self.base.ignore("mouse1")


class AdminExitState(State):
    """The PIN pad: digits as touch buttons (and the keyboard's), Clear, OK, Cancel."""

    name = "admin_exit"

    def on_enter(self, guard: PinGuard | None = None, **_) -> None:
        ctx = self.ctx
        self.guard = guard or PinGuard()
        self.pin = ""
        self.checking = False  # also stays True once the right PIN is in: the pad takes nothing more
        self.pin_hash = ctx.settings.kiosk.admin_pin_hash.strip()
        self._draw()
        self.accept("escape", self.cancel)
        if self.pin_hash:
            for digit in "0123456789":
                self.accept(digit, self.press, [digit])
            self.accept("backspace", self.clear)
            self.accept("enter", self.submit_pin)
            self.add_task(self._tick, "lock")
            self._tick(None)

    # -- drawing ---------------------------------------------------------------------------------
    def _draw(self) -> None:
        t, theme = self.ctx.i18n.t, self.ctx.theme
        screen = Screen.of(self.ctx.base)
        width, height = screen.panel_width(3.2), 1.8
        opaque = (*theme.palette.panel_bg[:3], 1.0)  # the screen behind must not show through the digits
        panel = self.ui.panel("admin.panel", (-width / 2, width / 2, -height / 2, height / 2), color=opaque)
        left = -width / 2 + theme.pad * 2
        column = width / 2 - theme.pad * 3 if self.pin_hash else width - theme.pad * 4
        top = height / 2 - theme.pad - theme.heading_size
        self.ui.label("admin.heading", t("admin.heading"), (left, top), parent=panel, size="heading", wrap=column)
        bottom = -height / 2 + theme.pad + theme.button_height / 2
        self.ui.button("admin.cancel", t("admin.cancel"), self.cancel, (left + column / 2, bottom), column, parent=panel)
        if not self.pin_hash:
            self.ui.label("admin.message", t("admin.disabled"), (left, top - theme.line_height * 2), parent=panel,
                          wrap=column)
            return
        self.ui.label("admin.prompt", t("admin.enter_pin"), (left, top - theme.line_height * 2), parent=panel,
                      wrap=column)
        self.ui.label("admin.dots", "", (left, top - theme.line_height * 4.5), parent=panel, size="heading")
        self.ui.label("admin.message", "", (left, top - theme.line_height * 6.5), parent=panel, wrap=column)
        self._draw_keys(panel, width, height)

    def _draw_keys(self, panel, width: float, height: float) -> None:
        t, theme = self.ctx.i18n.t, self.ctx.theme
        rows = ("123", "456", "789", "C0K")
        gap = theme.pad
        key_h = min(theme.button_height, (height - gap * 5) / 4)
        key_w = min(key_h * 1.6, (width / 2 - gap * 5) / 3)
        centre_x = width / 4
        for r, row in enumerate(rows):
            z = (1.5 - r) * (key_h + gap)
            for c, key in enumerate(row):
                x = centre_x + (c - 1) * (key_w + gap)
                if key == "C":
                    self.ui.button("admin.clear", t("admin.clear"), self.clear, (x, z), key_w, parent=panel)
                elif key == "K":
                    self.ui.button("admin.ok", t("admin.ok"), self.submit_pin, (x, z), key_w, parent=panel, primary=True)
                else:
                    self.ui.button(f"admin.key.{key}", key, lambda d=key: self.press(d), (x, z), key_w, parent=panel)

    def _say(self, text: str) -> None:
        info = self.ui.widgets.get("admin.message")
        if info is not None:
            info.widget["text"] = text
            info.name = text

    def _show_dots(self) -> None:
        self.ui.widgets["admin.dots"].widget["text"] = " ".join("●" * len(self.pin))

    # -- input -----------------------------------------------------------------------------------
    def press(self, digit: str) -> None:
        """One digit (ignored while checking, locked or full)."""
        if self.checking or self.guard.wait_s() > 0 or len(self.pin) >= MAX_DIGITS:
            return
        self.pin += digit
        self._show_dots()

    def clear(self) -> None:
        if not self.checking:
            self.pin = ""
            self._show_dots()

    def cancel(self) -> None:
        if not self.checking:
            self.pin = ""
            self.machine.pop()

    def submit_pin(self) -> None:
        """Check the PIN on the worker; the digits are dropped from the screen at once."""
        if self.checking or not self.pin or self.guard.wait_s() > 0:
            return
        pin, self.pin = self.pin, ""
        self._show_dots()
        self.checking = True
        self._say(self.ctx.i18n.t("admin.checking"))
        self.submit(check_pin, self.pin_hash, pin, on_done=self._checked, on_error=self._broken)

    def _checked(self, right: bool) -> None:
        t = self.ctx.i18n.t
        if right:
            self.checking = True
            self.guard.succeeded()
            log.warning("admin exit: PIN accepted, the app exits")
            self._say(t("admin.exiting"))
            self.ctx.base.request_exit(0)
            return
        self.checking = False
        wait = self.guard.failed()
        log.warning("admin exit: wrong PIN (%d in a row), next try in %.0f s", self.guard.failures, wait)
        self._tick(None)

    def _broken(self, error: BaseException) -> None:
        self.checking = False
        log.error("admin exit: %s", error)
        self._say(self.ctx.i18n.t("admin.bad_hash"))

    def _tick(self, task):
        """Count down a wait on screen; the message clears when the pad opens again."""
        if self.checking:
            return task.cont if task is not None else None
        wait = self.guard.wait_s()
        t = self.ctx.i18n.t
        if wait > 0:
            key = "admin.locked" if self.guard.failures >= len(WAITS_S) else "admin.wrong"
            text = t(key, seconds=math.ceil(wait))
        else:
            text = ""
        if self.ui.widgets["admin.message"].name != text:
            self._say(text)
        return task.cont if task is not None else None
