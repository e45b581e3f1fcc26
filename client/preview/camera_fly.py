"""The preview's input: held keys as actions, and a free-fly camera a creator steers through a scene.

Keys: W/S or Up/Down fly forward and back, A/D or Left/Right strafe, E rises and Q sinks (as in
most 3D editors), Shift flies faster, the mouse wheel changes the speed and a drag with the left
button turns the view. The same held keys walk the avatar in walk mode.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from panda3d.core import NodePath

KEYS = {
    "forward": ("w", "arrow_up"), "back": ("s", "arrow_down"), "left": ("a", "arrow_left"),
    "right": ("d", "arrow_right"), "up": ("e",), "down": ("q",), "run": ("shift", "lshift", "rshift"),
}
MIN_SPEED, MAX_SPEED = 0.5, 200.0


class HeldKeys:
    """Which preview actions are held; the state wires the key events through ``bind``."""

    def __init__(self):
        self.held: set[str] = set()

    def bind(self, accept) -> None:
        """Register key-down and key-up handlers with accept(event, handler, extra_args)."""
        for action, keys in KEYS.items():
            for key in keys:
                accept(key, self.held.add, [action])
                accept(f"{key}-up", self.held.discard, [action])

    def axis(self, positive: str, negative: str) -> int:
        """+1, -1 or 0 for a pair of opposite actions."""
        return (positive in self.held) - (negative in self.held)

    def release_all(self) -> None:
        """Forget every held key (a mode switch, a lost focus)."""
        self.held.clear()


@dataclass
class Pose:
    """Where a camera is and which way it looks: what a reload keeps."""

    x: float
    y: float
    z: float
    heading: float
    pitch: float


class FlyCamera:
    """A camera that flies freely: heading and pitch from the mouse, movement from the held keys."""

    def __init__(self, camera: NodePath, pose: Pose, speed: float = 6.0):
        self.camera = camera
        self.pose = pose
        self.speed = speed
        self.apply()

    def frame(self, centre: tuple[float, float, float], radius: float) -> None:
        """Look at a sphere (a model's bounds) from the front and a little above, filling the view."""
        distance = max(radius, 0.1) * 2.6
        pitch = -20.0
        back = distance * math.cos(math.radians(-pitch))
        cx, cy, cz = centre
        self.pose = Pose(cx, cy - back, cz + distance * math.sin(math.radians(-pitch)), 0.0, pitch)
        self.speed = min(MAX_SPEED, max(MIN_SPEED, radius * 2.0))
        self.apply()

    def look(self, dx: float, dy: float) -> None:
        """Turn by a mouse drag in screen units (a full drag across the screen is about 120 degrees)."""
        self.pose.heading = (self.pose.heading - dx * 120.0) % 360.0
        self.pose.pitch = max(-89.0, min(89.0, self.pose.pitch + dy * 60.0))
        self.apply()

    def change_speed(self, factor: float) -> None:
        self.speed = max(MIN_SPEED, min(MAX_SPEED, self.speed * factor))

    def fly(self, dt: float, keys: HeldKeys) -> None:
        """Move for dt seconds along the camera's own axes as the held keys say."""
        ahead, side, rise = keys.axis("forward", "back"), keys.axis("right", "left"), keys.axis("up", "down")
        if not (ahead or side or rise) or dt <= 0:
            return
        h, p = math.radians(self.pose.heading), math.radians(self.pose.pitch)
        forward = (-math.sin(h) * math.cos(p), math.cos(h) * math.cos(p), math.sin(p))
        right = (math.cos(h), math.sin(h), 0.0)
        step = self.speed * dt * (3.0 if "run" in keys.held else 1.0)
        self.pose.x += (forward[0] * ahead + right[0] * side) * step
        self.pose.y += (forward[1] * ahead + right[1] * side) * step
        self.pose.z += (forward[2] * ahead + rise) * step
        self.apply()

    def take_from_camera(self) -> None:
        """Start from wherever the camera is now (leaving walk mode keeps the view)."""
        pos, hpr = self.camera.get_pos(), self.camera.get_hpr()
        self.pose = Pose(pos.x, pos.y, pos.z, hpr.x % 360.0, max(-89.0, min(89.0, hpr.y)))
        self.apply()

    def apply(self) -> None:
        p = self.pose
        self.camera.set_pos(p.x, p.y, p.z)
        self.camera.set_hpr(p.heading, p.pitch, 0.0)


def orbit_pose(centre: tuple[float, float, float], radius: float, index: int, count: int) -> Pose:
    """The pose of frame index of count on a circle round centre, looking at it (a turntable)."""
    angle = 360.0 * index / max(count, 1)
    distance = max(radius, 0.1) * 2.6
    pitch = -20.0
    flat = distance * math.cos(math.radians(pitch))
    h = math.radians(angle)
    x = centre[0] + math.sin(h) * flat
    y = centre[1] - math.cos(h) * flat
    z = centre[2] + distance * math.sin(math.radians(-pitch))
    return Pose(x, y, z, angle, pitch)
