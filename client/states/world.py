"""The world: walk the avatar around a site, approach a desk, talk to its NPC, open its service."""
from __future__ import annotations

import math
import threading
import zlib
from pathlib import Path

from panda3d.core import ClockObject, MouseButton, Point2, Point3

from client.dialogue import load_dialogue
from client.states.base import State
from client.world.appearance import load_local
from client.world.avatar import CITIZEN_MODEL, Avatar
from client.world.camera import OrbitCamera
from client.world.controls import Controls, camera_relative
from client.world.conversation import Talk
from client.world.look_sync import LookSync
from client.world.models import srgb_to_linear
from client.world.manifest import SERVICES, approach_point, load_manifest, site_path
from client.world.navigation import ray_to_ground
from client.world.crowd import Crowd
from client.world.gamepad import Gamepad, PadState
from client.world.pathfinding import PathGrid
from client.world.petition_board import PetitionBoards
from client.world.site import Site
from client.world.world_hud import WorldHud
from ui.layout import Screen

ARRIVE_DISTANCE = 0.4


class WorldState(State):
    name = "world"

    def on_enter(self, site: str | None = None, manifest_path: str | Path | None = None, **_) -> None:
        ctx = self.ctx
        base = ctx.base
        self.site = self.avatar = self.crowd = None  # so on_exit can free a half-built world after an error
        path = Path(manifest_path) if manifest_path else site_path(site or ctx.settings.world.site)
        self.manifest = load_manifest(path)
        self.dialogues = {d.id: load_dialogue(d.dialogue, SERVICES) for d in self.manifest.desks}
        models = ctx.models
        self.site = Site(models, self.root, self.manifest, font=ctx.theme.font)
        self.area = self.site.walk_area()
        self._grid: PathGrid | None = None
        spawn = self.manifest.spawn
        self.avatar = Avatar(models, self.root, CITIZEN_MODEL, self.area, spawn.position, spawn.heading,
                             appearance=load_local(ctx.dirs.config))
        self._grid_lock, self._grid_ready = threading.Lock(), threading.Event()
        # The path grid takes 25 ms (plaza) to 0.3 s (tower sites): built in the frame that opens the site
        # it held that frame up to 330 ms (benchmarks/site_switch.py), so it starts on the worker now.
        self.submit(self._path_grid)
        stops = [approach_point(d) for d in self.manifest.desks] + [p.position[:2] for p in self.manifest.places]
        self.crowd = Crowd(models, self.root, CITIZEN_MODEL, self.area, stops, self._plan_for_crowd,
                           ctx.settings.world.crowd, seed=zlib.crc32(self.manifest.id.encode()))
        # Without a window (scene tests) there is no camera; a stand-in node keeps the rig testable.
        camera_np = base.camera if base.camera is not None else self.root.attach_new_node("camera")
        if getattr(base, "camLens", None) is not None:
            base.camLens.set_fov(72)  # wide enough to see the avatar whole and the buildings ahead
            base.camLens.set_near_far(0.2, 3000)
        self.camera = OrbitCamera(camera_np, self.avatar.root, self.area)
        self.look = LookSync(self.avatar, ctx.net.api, ctx.dirs.config, self.submit)
        self.camera.update()
        sky = self.site.sky_color
        if ctx.profile_name == "full":
            # simplepbr's output pass encodes to sRGB, so the clear colour must be given in linear light.
            sky = type(sky)(*(srgb_to_linear(sky[i]) for i in range(3)), 1)
        base.set_background_color(sky)
        self.screen = Screen.of(base)
        self.overlay = WorldHud(self)
        self.boards = PetitionBoards(self.root, self.manifest.boards, ctx, self.submit)
        self.controls = Controls(ctx.settings.controls)
        self.controls.bind(self.accept, self._on_action)
        self.gamepad = Gamepad(getattr(base, "devices", None))
        self.pad = PadState()
        self.accept("connect-device", self.gamepad.connect)
        self.accept("disconnect-device", self.gamepad.disconnect)
        self.accept("wheel_up", self.camera.zoom, [0.9])
        self.accept("wheel_down", self.camera.zoom, [1.1])
        # Click (or tap) on the ground to walk there; a drag orbits the camera instead.
        self._press_at: tuple[float, float] | None = None
        self.accept("mouse1", self._mouse_down)
        self.accept("mouse1-up", self._mouse_up)
        overlay = self.overlay
        self.accept("outbox-event", overlay.outbox_event)
        self.accept("screenshot-saved", lambda path: overlay.notify(ctx.i18n.t("hud.screenshot_saved", path=path)))
        self.accept("screenshot-failed", lambda why: overlay.notify(ctx.i18n.t("hud.screenshot_failed")))
        self.accept("online-changed", self._online_changed)
        self.talk = Talk(self)
        self.autopilot: list[tuple[float, float]] = []
        self.add_task(self._update, "update")
        self.look.refresh()  # a signed-in citizen's saved look (travel makes a new world)

    # -- per frame ------------------------------------------------------------------------------
    def _update(self, task):
        dt = min(ClockObject.get_global_clock().get_dt(), 0.1)  # a long hitch must not teleport anyone
        self.pad = self.gamepad.poll() if not self.paused else PadState()
        for action in self.pad.pressed:
            self._on_action(action)
        if not self.paused and self.conversation is None:
            self._orbit_with_mouse()
            if self.pad.orbit != (0.0, 0.0):
                self.camera.orbit(-self.pad.orbit[0] * 120.0 * dt, self.pad.orbit[1] * 60.0 * dt)
            self._walk(dt)
        eye = self.camera.camera.get_pos(self.root)
        self.crowd.update(dt, (eye.x, eye.y), still=self.ctx.settings.ui.reduced_motion)
        self.camera.update()
        near = self._nearest_desk() if self.conversation is None else None
        portal = self._nearest_portal() if near is None and self.conversation is None else None
        self.overlay.nearby(near.desk if near is not None else None, portal)
        self.overlay.tick()
        return task.cont

    def _orbit_with_mouse(self) -> None:
        base = self.ctx.base
        watcher = getattr(base, "mouseWatcherNode", None)
        held = watcher is not None and watcher.is_button_down(MouseButton.one())
        dx, dy = self.controls.drag(watcher, held)
        if dx or dy:
            self.camera.orbit(-dx * 120.0, dy * 60.0)

    def _walk(self, dt: float) -> None:
        world = self.ctx.settings.world
        direction = self.controls.move_vector(self.camera.forward_xy())
        running = self.controls.running
        if direction == (0.0, 0.0) and self.pad.move != (0.0, 0.0):
            direction = camera_relative(self.camera.forward_xy(), self.pad.move[1], self.pad.move[0])
            running = self.pad.run
        if direction != (0.0, 0.0):
            self.autopilot.clear()  # any key or stick takes the controls back
        elif self.autopilot:
            direction = self._autopilot_direction()
        speed = world.run_speed if running else world.walk_speed
        if self.autopilot and direction != (0.0, 0.0):
            speed = world.run_speed  # walking somewhere on the citizen's behalf should not dawdle
        self.avatar.step(dt, direction, speed)

    def _autopilot_direction(self) -> tuple[float, float]:
        x, y = self.avatar.xy
        while self.autopilot and math.dist((x, y), self.autopilot[0]) < ARRIVE_DISTANCE:
            self.autopilot.pop(0)
        if not self.autopilot:
            return 0.0, 0.0
        tx, ty = self.autopilot[0]
        d = math.dist((x, y), (tx, ty))
        return (tx - x) / d, (ty - y) / d

    def _nearest_desk(self):
        radius = self.ctx.settings.world.interact_radius
        best, best_d = None, radius
        for placed in self.site.desks:
            d = math.dist(self.avatar.xy, approach_point(placed.desk))
            if d <= best_d:
                best, best_d = placed, d
        return best

    def _nearest_portal(self):
        radius = self.ctx.settings.world.interact_radius
        for portal in self.manifest.portals:
            if math.dist(self.avatar.xy, portal.position[:2]) <= radius:
                return portal
        return None

    # -- actions ----------------------------------------------------------------------------------
    def _on_action(self, action: str) -> None:
        if action == "interact":
            self.interact()
        elif action == "cancel":
            if self.conversation is not None:
                self.end_conversation()
            else:
                self._push_over("menu")
        elif action == "customise":
            self.open_customise()
        elif action == "help":
            self._push_over("help")
        elif action == "map":
            self.open_map()
        elif action == "take_me_there":
            self.open_take_me_there()

    def interact(self) -> bool:
        """Talk to the desk the avatar stands at (while talking: pick the ringed choice); False if none is near."""
        if self.conversation is not None:
            self.talk.activate()
            return True
        near = self._nearest_desk()
        if near is None:
            if self._nearest_portal() is not None:
                self.open_map()
                return True
            return False
        self.talk.start(near)
        return True

    @property
    def conversation(self):
        """The open conversation (client.dialogue.Conversation), or None."""
        return self.talk.conversation

    @property
    def talking_to(self):
        return self.talk.talking_to

    def _mouse_xy(self):
        watcher = getattr(self.ctx.base, "mouseWatcherNode", None)
        if watcher is None or not watcher.has_mouse():
            return None
        pos = watcher.get_mouse()
        return pos.x, pos.y

    def _mouse_down(self) -> None:
        self._press_at = self._mouse_xy()

    def _mouse_up(self) -> None:
        here, start = self._mouse_xy(), self._press_at
        self._press_at = None
        if here is None or start is None or math.dist(here, start) > 0.02 or self.conversation is not None:
            return
        target = self.ground_point_at(here)
        if target is not None:
            self.request_walk(target)

    def ground_point_at(self, screen_xy: tuple[float, float]):
        """The ground point under a screen position (-1..1 film coordinates), if any."""
        base = self.ctx.base
        lens = getattr(base, "camLens", None)
        if lens is None:
            return None
        near, far = Point3(), Point3()
        if not lens.extrude(Point2(*screen_xy), near, far):
            return None
        origin = base.render.get_relative_point(base.cam, near)
        tip = base.render.get_relative_point(base.cam, far)
        return ray_to_ground(tuple(origin), tuple(tip - origin), self.area.height)

    def _push_over(self, name: str, **kwargs) -> None:
        """Open a screen over the world, unless a conversation or another screen is in the way."""
        if self.conversation is None and not self.paused:
            self.controls.release_all()
            self.autopilot.clear()
            self.machine.push(name, **kwargs)

    def open_take_me_there(self) -> None:
        """A list of this site's desks, places and exits; choosing one walks the avatar there."""
        self._push_over("take_me_there")

    def destinations(self) -> list[tuple[str, dict[str, str], tuple[float, float]]]:
        """(id, shown name, where to stand) for everything in the site one can be taken to."""
        items = [(d.desk.id, d.desk.name, approach_point(d.desk)) for d in self.site.desks]
        items += [(p.id, p.name, p.position[:2]) for p in (*self.manifest.places, *self.manifest.portals)]
        return items

    def open_customise(self) -> None:
        """The avatar customisation screen over the world (the avatar shows each change)."""
        self._push_over("service", service="avatar")

    def open_map(self) -> None:
        """The world map over the world; choosing a site travels there."""
        self._push_over("world_map", current=self.manifest.id)

    def end_conversation(self) -> None:
        self.talk.end()

    def on_pause(self) -> None:
        # A service screen covers the world: its HUD would only show through around the edges.
        self.controls.release_all()
        self.root2d.hide()

    def on_resume(self) -> None:
        self.root2d.show()
        if self.controls.rebind(self.ctx.settings.controls, self.accept, self.ignore, self._on_action):
            self.overlay.redraw()  # the key hints name the new keys
        self.overlay.refresh_status()  # news that arrived while a screen covered the world
        self.look.refresh()  # a sign-in or sign-out on that screen changes whose look is shown
        self.boards.refresh()  # agrees given on that screen may have moved a proposal onto the board

    def _online_changed(self, online: bool) -> None:
        self.overlay.refresh_status()
        if online:
            self.boards.refresh()

    @property
    def hud(self):
        """The HUD as drawn now (drawn anew when the language, size or contrast changes)."""
        return self.overlay.hud

    # -- for automation and "take me there" ------------------------------------------------------
    def places(self) -> dict[str, tuple[float, float]]:
        """Named spots a citizen can ask to walk to, by their shown names in every language."""
        named: dict[str, tuple[float, float]] = {}
        for placed in self.site.desks:
            for text in placed.desk.name.values():
                named[text] = approach_point(placed.desk)
            named[placed.desk.id] = approach_point(placed.desk)
        for item in (*self.manifest.places, *self.manifest.portals):
            for text in item.name.values():
                named[text] = item.position[:2]
            named[item.id] = item.position[:2]
        named["spawn"] = self.manifest.spawn.position[:2]
        return named

    def request_walk(self, target: tuple[float, float]) -> None:
        """Walk to target, planning the path on the worker: a long path on a big site can take half a
        second to find, and the world keeps moving meanwhile (the grid itself may still be building)."""
        def arrived_plan(path):
            if self.paused or not path:  # a screen opened meanwhile: the citizen has moved on
                return
            if self.ctx.settings.ui.reduced_motion:
                # No long walk with the view sweeping along: be there at once, facing the last leg.
                last = path[-2] if len(path) > 1 else self.avatar.xy
                self.avatar.place(path[-1], (path[-1][0] - last[0], path[-1][1] - last[1]))
                return
            self.autopilot = path

        # A click on a roof or into the river has no path: nothing happens, as a person would expect.
        self.submit(lambda start: self._path_grid().find_path(start, target), self.avatar.xy,
                    on_done=arrived_plan, on_error=lambda exc: None)

    def _path_grid(self) -> PathGrid:
        with self._grid_lock:  # the worker builds it from on_enter; an early walk_to waits here
            if self._grid is None:
                self._grid = PathGrid(self.area)
                self._grid_ready.set()
            return self._grid

    def wait_for_paths(self, timeout: float = 60.0) -> bool:
        """Block until the path grid is built (False after ``timeout`` s); for scenarios and tests only."""
        return self._grid_ready.wait(timeout)

    def _plan_for_crowd(self, start, goal, deliver) -> None:
        def find():
            return self._path_grid().find_path(start, goal)

        self.submit(find, on_done=deliver, on_error=lambda exc: deliver([]))

    def walk_to(self, target: tuple[float, float]) -> tuple[float, float]:
        """Walk to target along a path around obstacles; any movement key cancels.

        Returns where the walk ends: the target, or the nearest walkable spot to it (a statue's
        plinth cannot be stood on)."""
        self.autopilot = self._path_grid().find_path(self.avatar.xy, target)
        return self.autopilot[-1] if self.autopilot else self.avatar.xy

    def on_exit(self) -> None:
        if getattr(self, "talk", None) is not None:
            self.talk.end()
        if getattr(self, "overlay", None) is not None:
            self.overlay.close()
        if getattr(self, "boards", None) is not None:
            self.boards.destroy()
        if self.crowd is not None:
            self.crowd.destroy()
        if self.avatar is not None:
            self.avatar.destroy()
        if self.site is not None:
            self.site.destroy()
