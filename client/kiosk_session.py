"""The kiosk's idle timer (WCAG 2.2.1 "Timing Adjustable"): pure Python, no Panda3D, clock injected.

A session is ``active`` while someone uses the kiosk. After ``idle_timeout_s`` without input it enters
``warning``: a countdown of ``warning_s`` seconds that any input ends (the timer starts again). When
the countdown runs out the session is ``expired`` and the kiosk wipes it. ``idle`` is the attract
loop: nobody is there, so nothing counts down.
"""
from __future__ import annotations

import math
from typing import Callable

IDLE, ACTIVE, WARNING, EXPIRED = "idle", "active", "warning", "expired"
# The event a ButtonThrower throws (with the button's name) for every key, click and touch; the kiosk
# glue installs it on the window's throwers, and the attract loop listens to it too.
INPUT_EVENT = "kiosk-input"


class IdleTimer:
    """Tracks the last input and says which phase the session is in."""

    def __init__(self, clock: Callable[[], float], idle_timeout_s: float, warning_s: float):
        if warning_s < 20:
            raise ValueError(f"warning_s must be at least 20 seconds (WCAG 2.2.1), not {warning_s}")
        self.clock = clock
        self.idle_timeout_s = idle_timeout_s
        self.warning_s = warning_s
        self.phase = IDLE
        self._last_input = clock()

    def start(self) -> None:
        """A citizen started a session: the timer runs from now."""
        self.phase = ACTIVE
        self._last_input = self.clock()

    def stop(self) -> None:
        """Back to the attract loop: nothing counts down until the next session starts."""
        self.phase = IDLE

    def touch(self) -> None:
        """Any input: a warning is dismissed and the idle time starts again."""
        if self.phase in (ACTIVE, WARNING):
            self.phase = ACTIVE
            self._last_input = self.clock()

    def update(self) -> str:
        """The phase now (call once a frame); ``expired`` is reported once, then the timer is idle."""
        if self.phase not in (ACTIVE, WARNING):
            return self.phase
        idle = self.clock() - self._last_input
        if idle >= self.idle_timeout_s + self.warning_s:
            self.phase = IDLE
            return EXPIRED
        self.phase = WARNING if idle >= self.idle_timeout_s else ACTIVE
        return self.phase

    def seconds_left(self) -> int:
        """Whole seconds until the wipe while warning (rounded up, so the count never shows 0 early)."""
        if self.phase != WARNING:
            return int(self.warning_s)
        left = self.idle_timeout_s + self.warning_s - (self.clock() - self._last_input)
        return max(0, math.ceil(left))


class StaffCall:
    """Whether staff have been called and not yet come (a press while pending says so again)."""

    def __init__(self, clock: Callable[[], float]):
        self.clock = clock
        self.called_at: float | None = None

    def press(self) -> bool:
        """Call staff; True when this press made a new call, False when one is already pending."""
        if self.called_at is not None:
            return False
        self.called_at = self.clock()
        return True

    @property
    def pending(self) -> bool:
        return self.called_at is not None

    def clear(self) -> None:
        """The session ended: the next visitor starts with no call pending."""
        self.called_at = None
