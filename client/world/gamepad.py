"""An optional gamepad: left stick walks (pushed fully, runs), right stick orbits the camera,
A talks or chooses, B backs out. For citizens who find a keyboard and mouse hard to hold.

The first connected gamepad is polled once a frame; one plugged in or pulled out while the app
runs is picked up or dropped through Panda3D's connect-device / disconnect-device events. With
no gamepad (most machines) nothing changes. The stick arithmetic is plain Python.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from panda3d.core import GamepadButton, InputDevice

DEAD_ZONE = 0.2  # sticks rest a little off centre; below this they count as untouched
RUN_FROM = 0.9   # a stick pushed this far runs


def stick(x: float, y: float, dead_zone: float = DEAD_ZONE) -> tuple[float, float, float]:
    """A stick's (x, y) after a radial dead zone, rescaled so moving starts gently at its edge.

    Returns (unit x, unit y, strength 0..1); (0, 0, 0) inside the dead zone."""
    length = math.hypot(x, y)
    if length <= dead_zone:
        return 0.0, 0.0, 0.0
    strength = min(1.0, (length - dead_zone) / (1.0 - dead_zone))
    return x / length, y / length, strength


@dataclass(frozen=True)
class PadState:
    """One frame's reading: move is relative to the camera (right, forward)."""

    move: tuple[float, float] = (0.0, 0.0)
    run: bool = False
    orbit: tuple[float, float] = (0.0, 0.0)
    pressed: tuple[str, ...] = ()  # actions whose button went down since the last poll


class Gamepad:
    """Polls the first connected gamepad of an InputDeviceManager (or nothing, with None)."""

    BUTTONS = {"interact": GamepadButton.face_a(), "cancel": GamepadButton.face_b()}

    def __init__(self, devices) -> None:
        self.device = None
        self._down: set[str] = set()
        if devices is not None:
            for device in devices.get_devices(InputDevice.DeviceClass.gamepad):
                self.connect(device)
                break

    def connect(self, device) -> None:
        """A device was plugged in: use it if it is a gamepad and none is in use yet."""
        if self.device is None and device.device_class == InputDevice.DeviceClass.gamepad:
            self.device = device
            self._down.clear()

    def disconnect(self, device) -> None:
        """A device was pulled out: stop using it if it was ours."""
        if device == self.device:
            self.device = None
            self._down.clear()

    def poll(self) -> PadState:
        """Read the sticks and buttons now."""
        device = self.device
        if device is None or not device.is_connected():
            return PadState()
        lx, ly, walk = stick(self._axis(InputDevice.Axis.left_x), self._axis(InputDevice.Axis.left_y))
        rx, ry, look = stick(self._axis(InputDevice.Axis.right_x), self._axis(InputDevice.Axis.right_y))
        pressed = []
        for action, handle in self.BUTTONS.items():
            state = device.find_button(handle)
            down = bool(state.known and state.pressed)
            if down and action not in self._down:
                pressed.append(action)
            (self._down.add if down else self._down.discard)(action)
        return PadState(move=(lx * walk, ly * walk), run=walk >= RUN_FROM, orbit=(rx * look, ry * look),
                        pressed=tuple(pressed))

    def _axis(self, axis) -> float:
        state = self.device.find_axis(axis)
        return float(state.value) if state.known else 0.0
