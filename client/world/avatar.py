"""The citizen's avatar: a model that walks through a WalkArea and turns to face where it goes."""
from __future__ import annotations

import math
from pathlib import Path

from panda3d.core import NodePath

from client.world.navigation import WalkArea
from client.world.models import ModelLoader


class Avatar:
    def __init__(self, models: ModelLoader, parent: NodePath, model_path: Path, area: WalkArea, position, heading: float):
        self.area = area
        self.root = parent.attach_new_node("avatar")
        self.model = models.load(model_path)
        self.model.reparent_to(self.root)
        x, y = area.move((position[0], position[1]), (0.0, 0.0))
        self.root.set_pos(x, y, area.height((x, y)))
        self.root.set_h(heading)
        self.distance_walked = 0.0

    @property
    def xy(self) -> tuple[float, float]:
        pos = self.root.get_pos()
        return pos.x, pos.y

    @property
    def heading(self) -> float:
        return self.root.get_h()

    def step(self, dt: float, direction: tuple[float, float], speed: float, turn_rate: float = 540.0) -> float:
        """Walk for dt seconds along a (unit or zero) direction; returns the distance covered."""
        dx, dy = direction
        if dx == 0 and dy == 0 or dt <= 0:
            return 0.0
        start = self.xy
        x, y = self.area.move(start, (dx * speed * dt, dy * speed * dt))
        self.root.set_pos(x, y, self.area.height((x, y)))  # feet on the ground, up slopes and steps
        # Heading 0 faces +Y; turn towards the walking direction at a bounded rate so it reads as turning.
        target = math.degrees(math.atan2(-dx, dy))
        delta = (target - self.root.get_h() + 180.0) % 360.0 - 180.0
        limit = turn_rate * dt
        self.root.set_h(self.root.get_h() + max(-limit, min(limit, delta)))
        moved = math.dist(start, (x, y))
        self.distance_walked += moved
        return moved

    def destroy(self) -> None:
        self.root.remove_node()
