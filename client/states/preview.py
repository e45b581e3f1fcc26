"""The creator preview: a manifest or any glTF model, flown through or walked, reloaded as it is edited.

The scene is built by client/preview/scene.py (a site through the world's own Site code). Edits on
disk arrive from client/preview/watch.py and are applied here, on the main thread, once they settle;
a reload that fails leaves the last good scene up and shows a panel naming file, line and cause.
The camera (position, heading, mode) is kept across reloads. Nothing here ever restarts the app.
"""
from __future__ import annotations

import logging
import math
from pathlib import Path

from panda3d.core import ClockObject, MouseButton

from client.preview import debug_draw
from client.preview.camera_fly import FlyCamera, HeldKeys, Pose, orbit_pose
from client.preview.scene import NEUTRAL_SKY, PreviewError, PreviewScene, build
from client.preview.watch import FileWatcher
from client.states.base import State
from client.world.camera import OrbitCamera
from client.world.controls import Controls, camera_relative
from client.world.models import ModelLoader
from client.world.pathfinding import PathGrid
from ui.stats_overlay import StatsOverlay

log = logging.getLogger(__name__)
TOGGLES = {"f2": "wireframe", "f3": "solids", "f4": "navigation", "f5": "triggers", "f6": "stats"}


class PreviewState(State):
    name = "preview"

    def on_enter(self, path: str | Path, watch: bool | None = None, **_) -> None:
        ctx, base = self.ctx, self.ctx.base
        self.path = Path(path).resolve()
        self.scene: PreviewScene | None = None
        self.avatar = self.orbit = None
        self.error: PreviewError | None = None
        self.mode = "fly"
        self.toggled: set[str] = set()
        self.debug_nodes: dict[str, object] = {}
        self.reloads = 0
        self.watcher: FileWatcher | None = None
        self.world = self.root.attach_new_node("preview:world")  # scenes come and go under it; lights too
        camera = base.camera if base.camera is not None else self.root.attach_new_node("camera")
        if getattr(base, "camLens", None) is not None:
            base.camLens.set_fov(72)
            base.camLens.set_near_far(0.05, 3000)
        base.set_background_color(NEUTRAL_SKY)  # until a scene sets its sky; white hid the key help
        self.fly = FlyCamera(camera, Pose(0, -5, 2, 0, -15))
        self.keys = HeldKeys()
        self.keys.bind(self.accept)
        self.drag = Controls(ctx.settings.controls)  # only its mouse-drag tracking
        self.avatar_models = ModelLoader(base.loader, ctx.profile_name)  # the avatar may come from the pool
        self.stats = StatsOverlay(self.ui, ctx.i18n, ctx.theme)
        for key, what in TOGGLES.items():
            self.accept(key, self.toggle, [what])
        self.accept("tab", self.toggle_mode)
        self.accept("wheel_up", self._wheel, [1.25])
        self.accept("wheel_down", self._wheel, [0.8])
        t = ctx.i18n.t
        self.ui.label("preview.help", t("preview.help"), (-1.7, -0.95), size="small", wrap=3.3)
        self.ui.label("preview.status", "", (-1.7, 0.92), size="small")
        self._status()  # names the file even when it fails to load
        self._load(first=True)
        if watch if watch is not None else ctx.settings.creator.hot_reload:
            self.watcher = FileWatcher()
            self.watcher.watch(self.watched_files())
        self.add_task(self._update, "update")

    # -- loading and reloading -------------------------------------------------------------------
    def watched_files(self) -> list[Path]:
        """The file opened, and everything the last good scene was made from."""
        return list(dict.fromkeys([self.path, *(self.scene.files if self.scene is not None else [])]))

    def reload(self) -> bool:
        """Build the scene again from disk, keeping the camera; False (with the error panel) if it fails."""
        return self._load(first=False)

    def _load(self, first: bool) -> bool:
        ctx = self.ctx
        try:
            scene = build(ctx.base.loader, ctx.profile_name, self.world, self.path, font=ctx.theme.font)
        except PreviewError as exc:
            log.info("preview: %s", exc)
            self._show_error(exc)
            return False
        except Exception as exc:  # noqa: BLE001 - a creator's file must never crash the preview
            log.exception("preview: unexpected failure loading %s", self.path)
            self._show_error(PreviewError(self.path, f"{type(exc).__name__}: {exc}"))
            return False
        old, self.scene = self.scene, scene
        if old is not None:
            old.destroy()
        self.reloads += 0 if first else 1
        self._clear_error()
        ctx.base.set_background_color(scene.sky)
        if first or old is None:
            self._first_view()
        if self.avatar is not None:
            # Same spot and heading, on the new ground; a desk moved onto it pushes the avatar aside.
            self.avatar.area = self.orbit.area = scene.area
            self.avatar.place(scene.area.move(self.avatar.xy, (0.0, 0.0)))
            self.orbit.update()
        for what in ("solids", "navigation", "triggers"):
            if what in self.toggled:
                self._draw(what)
        self.stats.set_scene(scene.figures())
        if self.watcher is not None:
            self.watcher.watch(self.watched_files())
        self._status()
        return True

    def _first_view(self) -> None:
        scene = self.scene
        if scene.manifest is None:
            self.fly.frame(scene.centre, scene.radius)
            return
        (x, y, z), heading = scene.spawn
        h = math.radians(heading)
        # Behind and above the spawn, looking the way a citizen arrives.
        self.fly.pose = Pose(x + math.sin(h) * 8, y - math.cos(h) * 8, scene.area.height((x, y)) + 5, heading, -15)
        self.fly.speed = 8.0
        self.fly.apply()

    # -- the error panel -----------------------------------------------------------------------------
    def _show_error(self, exc: PreviewError) -> None:
        self._clear_error()
        self.error = exc
        t, theme = self.ctx.i18n.t, self.ctx.theme
        width, top = 2.6, 0.62
        lines = [("heading", t("preview.error.heading"), "heading"), ("file", t("preview.error.file", file=exc.file), "body")]
        if exc.line:
            lines.append(("line", t("preview.error.line", line=exc.line), "body"))
        lines.append(("cause", t("preview.error.cause", cause=exc.cause), "body"))
        kept = "preview.error.kept" if self.scene is not None else "preview.error.nothing_yet"
        lines.append(("kept", t(kept), "small"))
        wrap = width - theme.pad * 4
        sizes = {"heading": theme.heading_size, "body": theme.text_size, "small": theme.small_size}
        # Rows each text wraps to (about half an em per character), so a long path or cause still fits.
        rows = [max(1, math.ceil(len(text) * sizes[size] * 0.5 / wrap)) * sizes[size] * 1.35 for _, text, size in lines]
        height = theme.pad * 3 + sum(rows) + theme.pad * len(lines)
        panel = self.ui.panel("preview.error", (-width / 2, width / 2, top - height, top), color=(0.25, 0.04, 0.04, 0.92))
        z = top - theme.pad - sizes["heading"]
        for (key, text, size), row in zip(lines, rows):
            self.ui.label(f"preview.error.{key}", text, (-width / 2 + theme.pad * 2, z), parent=panel, size=size, wrap=wrap)
            z -= row + theme.pad

    def _clear_error(self) -> None:
        self.error = None
        self.ui.remove_prefix("preview.error")

    @property
    def error_text(self) -> str:
        """Everything the error panel says, for tests and screen readers ('' when there is none)."""
        return "\n".join(w.name for k, w in self.ui.widgets.items() if k.startswith("preview.error."))

    # -- toggles ---------------------------------------------------------------------------------
    def toggle(self, what: str) -> bool:
        """Switch one view aid on or off (F2–F6); returns whether it is on now."""
        on = what not in self.toggled
        self.toggled.symmetric_difference_update({what})
        if what == "wireframe":
            if on:
                self.world.set_render_mode_wireframe()
            else:
                self.world.clear_render_mode()
        elif what == "stats":
            self.stats.toggle()
        elif on:
            self._draw(what)
        else:
            self._undraw(what)
        self._status()
        return on

    def _draw(self, what: str) -> None:
        self._undraw(what)
        scene = self.scene
        if scene is None:
            return
        parent = self.root  # not under the wireframe node: outlines are lines already
        if what == "solids":
            node = debug_draw.solid_boxes(parent, scene.area)
        elif what == "navigation":
            node = debug_draw.nav_grid(parent, PathGrid(scene.area))
        else:
            node = debug_draw.trigger_zones(parent, scene.trigger_points, self.ctx.settings.world.interact_radius,
                                            scene.area)
        self.debug_nodes[what] = node

    def _undraw(self, what: str) -> None:
        node = self.debug_nodes.pop(what, None)
        if node is not None:
            node.remove_node()

    def _status(self) -> None:
        t = self.ctx.i18n.t
        parts = [t("preview.status", mode=t(f"preview.mode.{self.mode}"), file=self.path.name)]
        parts += [t(f"preview.toggle.{what}") for what in sorted(self.toggled)]
        info = self.ui.widgets["preview.status"]
        info.widget["text"] = info.name = " · ".join(parts)

    # -- modes and input ---------------------------------------------------------------------------
    def toggle_mode(self) -> str:
        """Tab: walk with the avatar from where the camera is, or fly on from where the walk put it."""
        if self.scene is None:
            return self.mode
        self.keys.release_all()
        if self.mode == "fly":
            self._start_walking()
            self.mode = "walk"
        else:
            self.fly.take_from_camera()
            self.avatar.root.hide()
            self.mode = "fly"
        self._status()
        return self.mode

    def _start_walking(self) -> None:
        from client.world.avatar import CITIZEN_MODEL, Avatar  # noqa: PLC0415 - the rigged avatar only when someone walks

        area = self.scene.area
        pose = self.fly.pose
        start = area.move((pose.x, pose.y), (0.0, 0.0))
        if not (area.min_x <= pose.x <= area.max_x and area.min_y <= pose.y <= area.max_y):
            start = self.scene.spawn[0][:2]
        if self.avatar is None:
            self.avatar = Avatar(self.avatar_models, self.world, CITIZEN_MODEL, area, start, pose.heading)
            self.orbit = OrbitCamera(self.fly.camera, self.avatar.root, area)
        else:
            self.avatar.area = self.orbit.area = area
            self.avatar.place(start)
            self.avatar.root.set_h(pose.heading)
            self.avatar.root.show()
        self.orbit.yaw = pose.heading
        self.orbit.update()

    def _wheel(self, factor: float) -> None:
        if self.mode == "fly":
            self.fly.change_speed(factor)
        elif self.orbit is not None:
            self.orbit.zoom(1 / factor)

    def _update(self, task):
        dt = min(ClockObject.get_global_clock().get_dt(), 0.1)
        self.stats.add_frame(ClockObject.get_global_clock().get_dt())
        if self.watcher is not None and self.watcher.poll():
            self.reload()
        if self.paused:
            return task.cont
        watcher = getattr(self.ctx.base, "mouseWatcherNode", None)
        held = watcher is not None and watcher.is_button_down(MouseButton.one())
        dx, dy = self.drag.drag(watcher, held)
        if self.mode == "fly":
            if dx or dy:
                self.fly.look(dx, dy)
            self.fly.fly(dt, self.keys)
        elif self.avatar is not None:
            if dx or dy:
                self.orbit.orbit(-dx * 120.0, dy * 60.0)
            keys = self.keys
            direction = camera_relative(self.orbit.forward_xy(), keys.axis("forward", "back"),
                                        keys.axis("right", "left"))
            world = self.ctx.settings.world
            self.avatar.step(dt, direction, world.run_speed if "run" in keys.held else world.walk_speed)
            self.orbit.update()
        if self.stats.showing and task.frame % 15 == 0:
            self.stats.refresh()  # the frame time moves; a few redraws a second are plenty
        return task.cont

    # -- offscreen pictures -----------------------------------------------------------------------
    def turntable_pose(self, index: int, count: int) -> None:
        """Put the camera at frame index of count on a circle round the model (or the site's spawn)."""
        if self.scene is None:
            return
        self.mode = "fly"
        self.fly.pose = orbit_pose(self.scene.centre, self.scene.radius, index, count)
        self.fly.apply()

    def on_exit(self) -> None:
        if getattr(self, "watcher", None) is not None:
            self.watcher.stop()
        for what in list(getattr(self, "debug_nodes", {})):
            self._undraw(what)
        if getattr(self, "avatar", None) is not None:
            self.avatar.destroy()
        if getattr(self, "scene", None) is not None:
            self.scene.destroy()
