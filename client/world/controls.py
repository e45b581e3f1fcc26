"""Keyboard and mouse input for walking: which actions are held, and mouse drags that orbit the camera.

Key names come from settings (rebindable). Scenarios press the same keys through the messenger, so
simulated input takes exactly the path a real key press does.
"""
from __future__ import annotations

from dataclasses import fields

from client.settings import ControlsSettings

MOVE_ACTIONS = ("forward", "back", "left", "right", "run")


def camera_relative(forward: tuple[float, float], ahead: float, right: float) -> tuple[float, float]:
    """Unit ground direction for amounts ahead of and to the right of the camera's forward (keys
    give -1/0/1, a gamepad stick anything between); (0, 0) when both are zero."""
    if not ahead and not right:
        return 0.0, 0.0
    fx, fy = forward
    x, y = fx * ahead + fy * right, fy * ahead - fx * right
    length = (x * x + y * y) ** 0.5
    return x / length, y / length


class Controls:
    """Tracks held actions for the state that owns it; the state wires the events via `bind`."""

    def __init__(self, bindings: ControlsSettings):
        self.bindings = {f.name: list(getattr(bindings, f.name)) for f in fields(bindings)}
        self.held: set[str] = set()
        self._drag_from: tuple[float, float] | None = None

    def bind(self, accept, on_action) -> None:
        """Register key handlers with accept(event, handler, extra); one-shot actions call on_action."""
        for action, keys in self.bindings.items():
            for key in keys:
                if action in MOVE_ACTIONS:
                    accept(key, self._down, [action])
                    accept(f"{key}-up", self._up, [action])
                else:
                    accept(key, on_action, [action])

    def rebind(self, bindings: ControlsSettings, accept, ignore, on_action) -> bool:
        """Follow new key bindings (from the keys screen): drop the old keys' handlers, bind the new.

        Returns False, doing nothing, when the bindings are the ones already bound."""
        new = {f.name: list(getattr(bindings, f.name)) for f in fields(bindings)}
        if new == self.bindings:
            return False
        for keys in self.bindings.values():
            for key in keys:
                ignore(key)
                ignore(f"{key}-up")
        self.release_all()
        self.bindings = new
        self.bind(accept, on_action)
        return True

    def _down(self, action: str) -> None:
        self.held.add(action)

    def _up(self, action: str) -> None:
        self.held.discard(action)

    def release_all(self) -> None:
        """Forget held keys (e.g. when a dialogue opens, or the window loses focus)."""
        self.held.clear()
        self._drag_from = None

    def move_vector(self, forward: tuple[float, float]) -> tuple[float, float]:
        """Unit direction on the ground from held keys, relative to the camera's forward."""
        f = ("forward" in self.held) - ("back" in self.held)
        r = ("right" in self.held) - ("left" in self.held)
        return camera_relative(forward, f, r)

    @property
    def running(self) -> bool:
        return "run" in self.held

    def drag(self, mouse_watcher, button_down: bool) -> tuple[float, float]:
        """Mouse movement since last frame while the orbit button is held, in screen units."""
        if mouse_watcher is None or not mouse_watcher.has_mouse() or not button_down:
            self._drag_from = None
            return 0.0, 0.0
        pos = mouse_watcher.get_mouse()
        here = (pos.x, pos.y)
        last, self._drag_from = self._drag_from, here
        if last is None:
            return 0.0, 0.0
        return here[0] - last[0], here[1] - last[1]
