"""Passers-by: citizens who walk between a site's desks and places, so no site feels deserted.

Each passer-by is an Avatar (the citizen's own rigged model) dressed at random but reproducibly:
children, adults and seniors, every build and skin tone, some in wheelchairs. They walk the same
path grid as "take me there", with paths planned off the frame loop by the caller's `plan`, rest
a few seconds at each stop, then set off again. They join one per frame, so a site never opens
with twenty Actors built in a single frame.
"""
from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from panda3d.core import NodePath

from client.world.appearance import (
    AGES,
    BUILDS,
    DEFAULT_HEIGHTS,
    HAIR_COLOURS,
    HAIR_STYLES,
    SKIN_TONES,
    Appearance,
)
from client.world.avatar import Avatar
from client.world.models import ModelLoader
from client.world.navigation import WalkArea

Point = tuple[float, float]
# plan(start, goal, deliver): find a path off the frame loop and call deliver(path) when found.
Planner = Callable[[Point, Point, Callable[[list[Point]], None]], None]
OUTFITS = ("#d9534f", "#3a7bd5", "#2e8b57", "#f0ad4e", "#6f42c1", "#20a39e", "#e0e0e0", "#333333", "#8e5b3a")
WALK_SPEED = 1.3  # m/s: an unhurried pace, slower than the citizen's own walk
ARRIVE = 0.5
REST_S = (2.0, 7.0)
# Beyond this a passer-by is a few pixels tall; on software GL each one drawn costs about 0.3 ms
# (seven skinned meshes re-sent every frame), so the far ones are not drawn at all.
DRAW_WITHIN_M = 45.0
STROLL_M = 90.0  # how far a passer-by walks to the next stop, at most (where stops allow)


def random_appearance(rng: random.Random) -> Appearance:
    """A plausible passer-by; about one in eight uses a wheelchair."""
    age = rng.choices(AGES, weights=(2, 6, 3))[0]
    return Appearance(
        age=age,
        height_m=round(DEFAULT_HEIGHTS[age] * rng.uniform(0.93, 1.07), 2),
        build=rng.choice(BUILDS),
        skin_tone=rng.choice(SKIN_TONES),
        hair_style=rng.choice(HAIR_STYLES),
        hair_color=rng.choice(HAIR_COLOURS[-2:] if age == "senior" else HAIR_COLOURS[:-2]),
        top_color=rng.choice(OUTFITS),
        bottom_color=rng.choice(OUTFITS),
        shoes_color=rng.choice(OUTFITS),
        mobility="wheelchair" if rng.random() < 0.125 else "walking",
    )


@dataclass
class Walker:
    avatar: Avatar
    path: list[Point] = field(default_factory=list)
    rest_s: float = 0.0
    planning: bool = False


class Crowd:
    """Up to `count` passers-by under `parent`; call `update(dt)` every frame and `destroy()` at the end."""

    def __init__(self, models: ModelLoader, parent: NodePath, model_path: Path, area: WalkArea,
                 stops: Sequence[Point], plan: Planner, count: int, seed: int = 0):
        self.models, self.model_path, self.area, self.plan = models, model_path, area, plan
        self.stops = list(stops)
        self.count = count if len(self.stops) >= 2 else 0
        self.root = parent.attach_new_node("crowd")
        self.rng = random.Random(seed)
        self.walkers: list[Walker] = []

    def update(self, dt: float, eye: Point | None = None, still: bool = False) -> None:
        """Let one more passer-by join if some are missing, then move everyone for dt seconds.

        ``eye``: where the camera is (x, y); passers-by farther than DRAW_WITHIN_M are not drawn.
        ``still``: the citizen asked for reduced motion, so everyone stands where they are (motion
        nobody asked for, all over the screen) and walks on from there once it is off again."""
        if len(self.walkers) < self.count:
            self._join()
        for walker in self.walkers:
            if still:
                walker.avatar.animate(dt, 0.0)
            else:
                self._move(walker, dt)
            if eye is not None:
                far = math.dist(eye, walker.avatar.xy) > DRAW_WITHIN_M
                if far != walker.avatar.root.is_stashed():
                    walker.avatar.root.stash() if far else walker.avatar.root.unstash()

    def _join(self) -> None:
        x, y = self.rng.choice(self.stops)
        start = (x + self.rng.uniform(-3, 3), y + self.rng.uniform(-3, 3))
        avatar = Avatar(self.models, self.root, self.model_path, self.area, start, self.rng.uniform(0, 360),
                        appearance=random_appearance(self.rng))
        walker = Walker(avatar, rest_s=self.rng.uniform(0.0, REST_S[1]))
        self.walkers.append(walker)

    def _move(self, walker: Walker, dt: float) -> None:
        avatar = walker.avatar
        if not walker.path:
            avatar.animate(dt, 0.0)
            walker.rest_s -= dt
            if walker.rest_s <= 0 and not walker.planning:
                self._set_off(walker)
            return
        x, y = avatar.xy
        while walker.path and math.dist((x, y), walker.path[0]) < ARRIVE:
            walker.path.pop(0)
        if not walker.path:
            walker.rest_s = self.rng.uniform(*REST_S)
            avatar.animate(dt, 0.0)
            return
        tx, ty = walker.path[0]
        d = math.dist((x, y), (tx, ty))
        if avatar.step(dt, ((tx - x) / d, (ty - y) / d), WALK_SPEED) < 1e-4 and dt > 0:
            walker.path.clear()  # blocked (the citizen stands in the way): rest, then choose again
            walker.rest_s = self.rng.uniform(*REST_S)

    def _set_off(self, walker: Walker) -> None:
        # Nearby stops only: on the tower sites stops lie a kilometre apart, and planning such a
        # path in Python on the worker holds the GIL long enough to stall frames (168 ms seen).
        # Where no other stop is that near, a stroll to a spot 20-STROLL_M metres away instead.
        here = walker.avatar.xy
        near = [s for s in self.stops if 2.0 < math.dist(here, s) <= STROLL_M]
        if near:
            goal = self.rng.choice(near)
        else:
            angle, reach = self.rng.uniform(0, 2 * math.pi), self.rng.uniform(20.0, STROLL_M)
            goal = (here[0] + reach * math.cos(angle), here[1] + reach * math.sin(angle))
        walker.planning = True

        def deliver(path: list[Point], walker: Walker = walker) -> None:
            walker.planning = False
            if walker in self.walkers:
                walker.path = list(path)
                walker.rest_s = self.rng.uniform(*REST_S)  # if the path is empty, wait and try again

        self.plan(walker.avatar.xy, goal, deliver)

    def destroy(self) -> None:
        """Remove every passer-by and their nodes."""
        for walker in self.walkers:
            walker.avatar.destroy()
        self.walkers.clear()
        self.root.remove_node()
