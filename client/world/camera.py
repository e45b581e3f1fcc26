"""A third-person camera that orbits the avatar and pulls in rather than pass through walls."""
from __future__ import annotations

import math

from panda3d.core import NodePath, Point3

from client.world.navigation import WalkArea


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

    def orbit(self, d_yaw: float, d_pitch: float) -> None:
        self.yaw = (self.yaw + d_yaw) % 360.0
        self.pitch = max(2.0, min(60.0, self.pitch + d_pitch))

    def zoom(self, factor: float) -> None:
        self.distance = max(2.0, min(25.0, self.distance * factor))

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
        # Stop 0.4 m short of the first wall behind the avatar, so the view never ends up inside it.
        clear = self.area.clear_distance((tx, ty), back, horizontal + 0.4) - 0.4
        horizontal = max(0.0, min(horizontal, clear))
        height = tz + self.eye_height + horizontal * math.tan(pitch)
        self.camera.set_pos(tx + back[0] * horizontal, ty + back[1] * horizontal, height)
        self.camera.look_at(Point3(tx + fx * self.look_ahead, ty + fy * self.look_ahead, tz + self.look_height))
