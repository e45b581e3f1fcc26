"""A site in the scene graph: its model, light, sky, obstacles, markers and service desks.

Obstacles come from the model itself: every node named `solid_*` blocks walking with its plan-view
bounding box (the asset builder splits curved buildings into several). After reading those, the
model is flattened so the whole site draws in few geoms, with each level of detail kept apart
(client/world/lod.py).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from panda3d.core import AmbientLight, CardMaker, DirectionalLight, NodePath, TextNode, Vec3, Vec4

from client.world.footprints import placed_boxes
from client.world.manifest import Desk, Manifest
from client.world.ground import build_height_field
from client.world.lod import flatten_for_drawing
from client.world.models import ModelLoader
from client.world.navigation import Box, WalkArea
from client.world.scene_stats import SceneStats, measure

log = logging.getLogger(__name__)


def _hex_color(value: str) -> Vec4:
    value = value.lstrip("#")
    return Vec4(*(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)), 1)


@dataclass
class PlacedDesk:
    desk: Desk
    node: NodePath
    npc: NodePath


class Site:
    """The loaded site under `parent`; `destroy()` removes every node it made."""

    def __init__(self, models: ModelLoader, parent: NodePath, manifest: Manifest, font=None):
        self.manifest = manifest
        self.parent = parent
        self.root = parent.attach_new_node(f"site:{manifest.id}")
        model = models.load(manifest.model)
        model.reparent_to(self.root)
        self.obstacles = self._read_obstacles(model)
        self.ground = build_height_field(model, self.root, manifest.bounds)
        self.markers = {
            p.get_name()[len("marker_"):]: p.get_pos(self.root) for p in model.find_all_matches("**/marker_*")
        }
        # Merging, now that obstacles and markers are read, cuts the draw calls to about one per material.
        flatten_for_drawing(model)
        self.model = model
        self._add_lights()
        self._desk_bodies = self.root.attach_new_node("desk-bodies")
        self.desks = [self._place_desk(models, desk, font) for desk in manifest.desks]
        self._desk_bodies.clear_model_nodes()
        self._desk_bodies.flatten_strong()

    def _read_obstacles(self, model: NodePath) -> list[Box]:
        boxes = []
        for path in model.find_all_matches("**/solid_*"):
            bounds = path.get_tight_bounds(self.root)
            if not bounds:
                continue
            lo, hi = bounds
            boxes.append(Box(path.get_name(), lo.x, lo.y, hi.x, hi.y))
        return boxes

    def _add_lights(self) -> None:
        sun = DirectionalLight("sun")
        # Sun and sky together just reach 1.0 on level ground, so pale paving is not blown out to white.
        sun.set_color(Vec4(0.78, 0.76, 0.7, 1))
        sun_np = self.root.attach_new_node(sun)
        sun_np.look_at(Vec3(*self.manifest.sun_direction))
        ambient = AmbientLight("sky-fill")
        ambient.set_color(Vec4(0.4, 0.42, 0.46, 1))
        amb_np = self.root.attach_new_node(ambient)
        # Lit from the parent so the avatar and anything else placed in the world shares the sun.
        self.lights = [sun_np, amb_np]
        for light in self.lights:
            self.parent.set_light(light)

    def _place_desk(self, models: ModelLoader, desk: Desk, font) -> PlacedDesk:
        node = self.root.attach_new_node(f"desk:{desk.id}")
        node.set_pos(*desk.position)
        node.set_h(desk.heading)
        # Counters and clerks are static: they go under one node that is flattened once all desks
        # are placed, so four desks draw in about as many geoms as one.
        body = self._desk_bodies.attach_new_node(f"desk-body:{desk.id}")
        body.set_pos(*desk.position)
        body.set_h(desk.heading)
        if desk.model is not None:
            models.load(desk.model).reparent_to(body)
        npc = models.load(desk.npc.model)
        npc.reparent_to(body)
        npc.set_y(-0.8)  # behind the counter, facing the citizen in front of it
        node_sign = node.attach_new_node(f"sign:{desk.id}")
        node_sign.set_pos(0, -0.8, 3.2)  # above the desk model's own board (2.2–2.45 m)
        node_sign.set_scale(0.42)
        node_sign.set_billboard_point_eye()
        node_sign.set_light_off()
        text = TextNode(f"sign-text:{desk.id}")
        if font is not None:
            text.set_font(font)
        text.set_align(TextNode.A_center)
        text.set_text_color(1, 1, 1, 1)
        text.set_text(f"{desk.name['ko']}\n{desk.name['en']}")
        node_sign.attach_new_node(text)
        # A separate card just behind the text: TextNode's own card hides its text on some GL paths.
        left, right, bottom, top = text.get_frame_actual()
        card = CardMaker(f"sign-card:{desk.id}")
        card.set_frame(left - 0.3, right + 0.3, bottom - 0.15, top + 0.15)
        card.set_color(0.04, 0.36, 0.68, 1)
        node_sign.attach_new_node(card.generate()).set_y(0.05)
        return PlacedDesk(desk, node, npc)

    def walk_area(self, radius: float = 0.35) -> WalkArea:
        """The walkable area for an avatar of the given radius, desks counting as obstacles."""
        boxes = list(self.obstacles) + placed_boxes(self.manifest)
        return WalkArea(self.manifest.bounds, boxes, radius, ground=self.ground)

    @property
    def sky_color(self) -> Vec4:
        return _hex_color(self.manifest.sky_color)

    def stats(self) -> SceneStats:
        return measure(self.root)

    def destroy(self) -> None:
        for light in self.lights:
            self.parent.clear_light(light)
        self.root.remove_node()
