"""A third-person camera that orbits the avatar and pulls in rather than pass through walls."""
from __future__ import annotations

import math
from typing import Callable

from panda3d.core import NodePath, Point3

from client.world.navigation import WalkArea

# How close the camera may come to a wall in plan: beyond the lens's near distance (0.2 m), so a wall
# it passes at an angle is never cut open either.
WALL_MARGIN = 0.3
# How far above the ground under it the camera stays, on a slope rising behind the avatar too.
GROUND_CLEARANCE = 0.5


class OrbitCamera:
    def __init__(self, camera: NodePath, target: NodePath, area: WalkArea, distance: float = 6.5):
        self.camera = camera
        self.target = target
        self.area = area
        self.distance = distance
        self.yaw = target.get_h()
        self.pitch = 14.0  # how far above the avatar the camera rides, in degrees
        # Aim past the avatar's head at a point ahead, so the avatar sits low in the frame and
        # the buildings and sky it walks towards fill the view.
        self.look_ahead = 6.0
        self.look_height = 2.0
        self.eye_height = 1.6
        self.look_side = 0.0  # metres to the camera's right of the aim point (a preview offsets it)

    def orbit(self, d_yaw: float, d_pitch: float) -> None:
        self.yaw = (self.yaw + d_yaw) % 360.0
        self.pitch = max(2.0, min(60.0, self.pitch + d_pitch))

    def zoom(self, factor: float) -> None:
        self.distance = max(2.0, min(25.0, self.distance * factor))

    def portrait(self) -> Callable[[], None]:
        """Face the avatar from the front, close, with it to the right of the view (the customisation
        screen's panel is on the left); returns the function that puts the camera back behind it."""
        framing = {"yaw": (self.target.get_h() + 180.0) % 360.0, "pitch": 5.0, "distance": 3.6,
                   "look_ahead": 0.0, "look_height": 0.85, "look_side": -1.2, "eye_height": 1.1}
        kept = {name: getattr(self, name) for name in framing}
        for name, value in framing.items():
            setattr(self, name, value)

        def undo() -> None:
            for name, value in kept.items():
                setattr(self, name, value)

        return undo

    def forward_xy(self) -> tuple[float, float]:
        """The camera's facing on the ground: 'forward' for W, so keys follow what the citizen sees."""
        h = math.radians(self.yaw)
        return -math.sin(h), math.cos(h)

    def update(self) -> None:
        tx, ty, tz = self.target.get_pos()
        fx, fy = self.forward_xy()
        back = (-fx, -fy)
        pitch = math.radians(self.pitch)
        horizontal = self.distance * math.cos(pitch)
        # Stop short of the first wall behind the avatar, and keep WALL_MARGIN from any wall the way
        # back only grazes, so the view never ends up inside one.
        clear = self.area.clear_distance((tx, ty), back, horizontal + 0.1, margin=WALL_MARGIN) - 0.1
        horizontal = max(0.0, min(horizontal, clear))
        cx, cy = tx + back[0] * horizontal, ty + back[1] * horizontal
        height = tz + self.eye_height + horizontal * math.tan(pitch)
        height = max(height, self.area.height((cx, cy)) + GROUND_CLEARANCE)
        self.camera.set_pos(cx, cy, height)
        # The camera's right on the ground is (fy, -fx).
        ax = tx + fx * self.look_ahead + fy * self.look_side
        ay = ty + fy * self.look_ahead - fx * self.look_side
        self.camera.look_at(Point3(ax, ay, tz + self.look_height))
