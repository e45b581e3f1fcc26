"""The citizen's avatar: a rigged model that walks (or rolls) through a WalkArea, dressed as chosen.

The model is built by tools/build_assets.py from assets/recipes/avatar_citizen.yaml and its rig
file; panda3d-gltf loads its skin and clips into a Character, driven here as a direct.actor Actor.
Animation follows the distance really covered each frame (a citizen walking into a wall stands),
blending idle, walk and run (or sit and roll in the wheelchair) by speed, with play rates chosen so
the feet travel exactly as fast as the ground under them.
"""
from __future__ import annotations

import math
from pathlib import Path

from direct.actor.Actor import Actor
from panda3d.core import LColor, LMatrix4, LVecBase3, Material, NodePath, TransformState

from client.paths import MODELS_DIR
from client.world.appearance import Appearance, proportions
from client.world.models import ModelLoader, srgb_to_linear
from client.world.navigation import WalkArea

CITIZEN_MODEL = MODELS_DIR / "avatar_citizen.glb"  # the citizen's avatar and every passer-by
WHEELCHAIR_MODEL = MODELS_DIR / "avatar_wheelchair.glb"
CHARACTER_MODELS = (CITIZEN_MODEL, WHEELCHAIR_MODEL)  # what a world may load besides its site's files
# Metres travelled per clip cycle; must equal `stride` in assets/recipes/rigs/avatar_citizen.yaml
# (tests/test_avatar_rig.py checks), or the feet slide.
STRIDES = {"walk": 1.4, "run": 2.6, "roll": 1.1}
WHEEL_RADIUS = 0.3
# Outfit parts by model material name, for colour overrides.
MATERIAL_FIELDS = {"skin": "skin_tone", "hair": "hair_color", "top": "top_color",
                   "bottom": "bottom_color", "shoes": "shoes_color"}


class GaitMixer:
    """Blend weights and play rates of the gait clips for a speed; pure, so it is easy to test.

    Standing, only the rest clip plays; moving, the moving clips fade in within about 0.15 s and
    walk gives way to run between their natural speeds.  Walk and run always share one cadence (cycles
    per second), so blended they stay in step: the stride length is blended, and the cadence is the
    speed divided by it."""

    SMOOTHING_S = 0.12     # time constant of the fades
    STILL = 0.5            # m/s at which the moving clips reach full weight

    def __init__(self, durations: dict[str, float], wheelchair: bool):
        self.durations = durations
        self.rest, self.moving = ("sit", ("roll",)) if wheelchair else ("idle", ("walk", "run"))
        self.clips = (self.rest, *self.moving)
        self.weights = {clip: 1.0 if clip == self.rest else 0.0 for clip in self.clips}
        self.rates = {clip: 1.0 if clip == self.rest else 0.0 for clip in self.clips}

    def targets(self, speed: float) -> dict[str, float]:
        """Blend weights (summing to 1) that a steady ``speed`` settles to."""
        moving = min(max(speed / self.STILL, 0.0), 1.0)
        out = {self.rest: 1.0 - moving}
        if len(self.moving) == 1:
            out[self.moving[0]] = moving
            return out
        walk, run = self.moving
        lo = STRIDES[walk] / self.durations[walk] * 1.25   # well into a walk's natural pace
        hi = STRIDES[run] / self.durations[run] * 0.9      # nearly a run's natural pace
        mix = min(max((speed - lo) / (hi - lo), 0.0), 1.0)
        out[walk], out[run] = moving * (1 - mix), moving * mix
        return out

    def update(self, dt: float, speed: float) -> None:
        """Advance the fades by ``dt`` seconds towards the weights for ``speed``; set play rates."""
        targets = self.targets(speed)
        k = 1.0 - math.exp(-max(dt, 0.0) / self.SMOOTHING_S)
        for clip in self.clips:
            self.weights[clip] += (targets[clip] - self.weights[clip]) * k
        # One cadence for every moving clip: blended stride (by the current weights) over speed.
        moving_weight = sum(self.weights[c] for c in self.moving)
        if moving_weight > 1e-6:
            stride = sum(self.weights[c] * STRIDES[c] for c in self.moving) / moving_weight
        else:
            stride = STRIDES[self.moving[0]]
        cadence = speed / stride
        for clip in self.moving:
            self.rates[clip] = cadence * self.durations[clip]


class Avatar:
    """The avatar in the world: ``root`` moves and turns; the Actor under it animates."""

    def __init__(self, models: ModelLoader, parent: NodePath, model_path: Path, area: WalkArea, position,
                 heading: float, appearance: Appearance | None = None):
        self.area = area
        self.models = models
        self.root = parent.attach_new_node("avatar")
        # The Actor takes the loaded model as is (no second copy); ModelLoader has already
        # adjusted its materials to the graphics profile.
        self.actor = Actor(models.load(model_path), copy=False)
        self.actor.reparent_to(self.root)
        self.actor.setBlend(animBlend=True, frameBlend=True)
        self.wheelchair: NodePath | None = None
        self._wheels: list[NodePath] = []
        self.appearance = Appearance()
        self.mixer: GaitMixer | None = None
        self.apply(appearance or Appearance())
        x, y = area.move((position[0], position[1]), (0.0, 0.0))
        self.root.set_pos(x, y, area.height((x, y)))
        self.root.set_h(heading)
        self.distance_walked = 0.0
        self.speed = 0.0

    # -- appearance -------------------------------------------------------------------------------
    def apply(self, appearance: Appearance) -> None:
        """Dress and shape the avatar as ``appearance`` says; safe to call again at any time."""
        self.appearance = appearance
        self._colour(appearance)
        for style in ("short", "long", "bun"):
            hair = self.actor.find(f"**/hair_{style};+s")  # ;+s also finds a stashed one
            if hair.is_empty():
                continue
            # Stashed, not hidden: a stashed mesh is not even skinned.
            if style == appearance.hair_style:
                hair.unstash()
            else:
                hair.stash()
        shape = proportions(appearance)
        s, w = shape.height_scale, shape.width
        self.actor.set_scale(s * w, s * w, s)
        # The build widens everything; the head keeps its own width and takes the age's size.
        self._freeze("head", scale=(shape.head_scale / w, shape.head_scale / w, shape.head_scale))
        self._freeze("spine", hpr=(0, -shape.stoop_deg, 0))
        self._freeze("neck", hpr=(0, shape.stoop_deg * 0.7, 0))  # look ahead, not at the ground
        self._set_wheelchair(appearance.mobility == "wheelchair")

    def _freeze(self, joint_name: str, hpr=(0, 0, 0), scale=(1, 1, 1)) -> None:
        # These joints are never animated (see the rig file), so fixing them costs no animation.
        joints = self.actor.getJoints(jointName=joint_name)
        if not joints:
            return
        rest = LMatrix4(joints[0].get_default_value())
        transform = TransformState.make_pos_hpr_scale(rest.get_row3(3), LVecBase3(*hpr), LVecBase3(*scale))
        self.actor.freezeJoint("modelRoot", joint_name, transform=transform)

    def _colour(self, appearance: Appearance) -> None:
        for material in self.actor.find_all_materials():
            field_name = MATERIAL_FIELDS.get(material.get_name())
            if field_name is None:
                continue
            hex_colour = getattr(appearance, field_name)
            rgb = [int(hex_colour[i:i + 2], 16) / 255.0 for i in (1, 3, 5)]
            if not self.models.encode_srgb:
                rgb = [srgb_to_linear(c) for c in rgb]  # simplepbr lights in linear and encodes later
            changed = Material(material)
            changed.set_base_color(LColor(*rgb, 1.0))
            self.actor.replace_material(material, changed)

    def _set_wheelchair(self, seated: bool) -> None:
        if seated and self.wheelchair is None:
            self.wheelchair = self.models.load(WHEELCHAIR_MODEL)
            self.wheelchair.reparent_to(self.actor)  # scaled with the citizen: a child's chair is smaller
            for name in ("wheel_l", "wheel_r"):
                wheel = self.wheelchair.find(f"**/{name}")
                if wheel.is_empty():
                    continue
                # The wheel's mesh is placed in the chair's frame; a pivot at its hub lets it spin.
                lo, hi = wheel.get_tight_bounds(self.wheelchair)
                pivot = self.wheelchair.attach_new_node(f"{name}_hub")
                pivot.set_pos((lo + hi) / 2)
                wheel.wrt_reparent_to(pivot)
                self._wheels.append(pivot)
        elif not seated and self.wheelchair is not None:
            self.wheelchair.remove_node()
            self.wheelchair, self._wheels = None, []
        if self.mixer is None or (self.mixer.rest == "sit") != seated:
            self._start_clips(seated)

    def _start_clips(self, seated: bool) -> None:
        self.actor.stop()
        names = set(self.actor.getAnimNames())
        self.mixer = GaitMixer({n: self.actor.getDuration(n) for n in names}, wheelchair=seated)
        for clip in set(names) - set(self.mixer.clips):
            self.actor.setControlEffect(clip, 0.0)
        # Every clip of the gait loops from frame 0 at once, so walk and run start (and stay) in step.
        for clip in self.mixer.clips:
            self.actor.loop(clip)
        # Actor's setControlEffect/setPlayRate look the controls up by name on every call, which
        # with twenty passers-by was a tenth of the frame's Python time: keep the controls, and
        # only touch one whose weight or rate has really changed.
        self._controls = {clip: [(c.get_part(), c) for c in self.actor.getAnimControls(clip)]
                          for clip in self.mixer.clips}
        self._applied: dict[str, tuple[float, float]] = {}
        self._apply_mixer()

    def _apply_mixer(self) -> None:
        for clip in self.mixer.clips:
            weight, rate = self.mixer.weights[clip], self.mixer.rates[clip]
            last = self._applied.get(clip)
            if last is not None and abs(last[0] - weight) < 1e-3 and abs(last[1] - rate) < 1e-3:
                continue
            self._applied[clip] = (weight, rate)
            for part, control in self._controls[clip]:
                part.set_control_effect(control, weight)
                control.set_play_rate(rate)

    # -- movement ---------------------------------------------------------------------------------
    @property
    def xy(self) -> tuple[float, float]:
        pos = self.root.get_pos()
        return pos.x, pos.y

    @property
    def heading(self) -> float:
        return self.root.get_h()

    def place(self, xy: tuple[float, float], facing: tuple[float, float] | None = None) -> None:
        """Stand at xy at once (on the ground there), turned along ``facing`` if given; no walk, no animation."""
        x, y = xy
        self.root.set_pos(x, y, self.area.height((x, y)))
        if facing is not None and facing != (0.0, 0.0):
            self.root.set_h(math.degrees(math.atan2(-facing[0], facing[1])))

    def step(self, dt: float, direction: tuple[float, float], speed: float, turn_rate: float = 540.0) -> float:
        """Walk for dt seconds along a (unit or zero) direction; returns the distance covered."""
        dx, dy = direction
        moved = 0.0
        if (dx or dy) and dt > 0:
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
        self.animate(dt, moved / dt if dt > 0 else 0.0)
        return moved

    def animate(self, dt: float, speed: float) -> None:
        """Follow a ground speed (m/s, as really covered): clip weights, play rates, wheels."""
        # The model is scaled: a shorter citizen takes more steps for the same distance.
        self.speed = speed
        scale = max(self.actor.get_sz(), 1e-3)
        self.mixer.update(dt, speed / scale)
        self._apply_mixer()
        if self._wheels and dt > 0:
            turn = math.degrees(speed * dt / (WHEEL_RADIUS * scale))
            for wheel in self._wheels:
                wheel.set_p(wheel.get_p() - turn)  # forward roll turns the wheel's top towards +Y

    def destroy(self) -> None:
        self.actor.cleanup()
        self.root.remove_node()
