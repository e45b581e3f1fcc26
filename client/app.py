"""The application: a thin ShowBase that picks a graphics profile, wires services and runs the states.

Everything a state needs is handed to it in an AppContext; nothing is read from Panda3D's builtins.
"""
from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from direct.gui import DirectGuiGlobals as DGG
from direct.showbase.ShowBase import ShowBase
from panda3d.core import ClockObject, Filename, ModifierButtons, TextNode, loadPrcFileData

from client.automation import save_screenshot
from client.frame_pacing import FramePacer, load_gl
from client.graphics import Profile, apply_profile, choose_profile, renderer_of
from client.i18n import Catalog
from client.kiosk_watchdog import Heartbeat
from client.log_redact import install as install_redaction
from client.paths import FONTS_DIR, UserDirs
from client.schema import DataError
from client.services import NetServices
from client.settings import Settings
from client.sound import Sounds
from client.states.admin_exit import AdminExitState, AdminGesture
from client.states.lazy import lazy_state
from client.kiosk_glue import KioskGlue
from client.states.attract import AttractState
from client.states.boot import BootState
from client.states.error import ErrorState
from client.states.machine import StateMachine
from client.states.travel import TravelState
from client.states.world import WorldState
from client.world.model_cache import ModelCache, library_salt
from client.world.models import ModelError, ModelLoader
from net.api import ApiClient
from net.worker import Worker
from ui.guide import FirstRunGuide
from ui.theme import Theme

log = logging.getLogger(__name__)

# Screens a citizen opens later are imported when first opened: together they put about 0.1 s of
# imports on the first interactive frame (python -X importtime).
STATES = {
    "boot": BootState,
    "attract": AttractState,
    "world": WorldState,
    "service": lazy_state("client.states.service", "ServiceState"),
    "error": ErrorState,
    "travel": TravelState,
    "world_map": lazy_state("client.states.world_map", "WorldMapState"),
    "take_me_there": lazy_state("client.states.take_me_there", "TakeMeThereState"),
    "menu": lazy_state("client.states.menu", "MenuState"),
    "help": lazy_state("client.states.menu", "HelpState"),
    "settings": lazy_state("client.states.settings_screen", "SettingsState"),
    "keys": lazy_state("client.states.keys_screen", "KeysState"),
    "easy": lazy_state("client.states.easy", "EasyState"),
    "preview": lazy_state("client.states.preview", "PreviewState"),
    "admin_exit": AdminExitState,
}
CLOSE_REQUEST_EVENT = "window-close-request"
# The states a citizen can use: the first frame of one of them is the first interactive frame.
INTERACTIVE_STATES = ("world", "easy", "attract")
# The network starts this long after start() at the latest, whatever is on screen by then.
NETWORK_START_CAP_S = 5.0
# The panda3d-gltf settings: part of the model cache's key, since they change what a load makes.
GLTF_SETTINGS = "gltf-collision-shapes builtin"


@dataclass
class AppContext:
    """What states and screens may use."""

    base: Any  # the ShowBase: loader, task manager, scene roots, camera, window
    settings: Settings
    dirs: UserDirs
    i18n: Catalog
    theme: Theme
    api: ApiClient
    worker: Worker
    net: NetServices  # outbox, sender, online state, backend
    profile_name: str = "basic"
    sounds: Sounds | None = None
    # One loader for the app's life: its per-profile copies of materials and textures (and their
    # uploads to the graphics card) then serve every later visit of a site.
    models: ModelLoader | None = None


def configure_panda(settings: Settings, window_type: str, paced: bool = False) -> None:
    """Panda3D config that must be set before ShowBase opens its window.

    `paced`: offscreen frames will be paced by a FramePacer, so the driver need not finish each
    frame inside it.
    """
    g = settings.graphics
    loadPrcFileData(
        "metaverse-seoul",
        "\n".join(
            [
                f"window-type {window_type}",
                f"win-size {g.width} {g.height}",
                f"fullscreen {'#t' if g.fullscreen else '#f'}",
                f"undecorated {'#t' if g.undecorated else '#f'}",
                "window-title Metaverse Seoul",
                "notify-level-device fatal",  # containers spam /dev/input warnings otherwise
                # Sound only where someone can hear it: offscreen runs and tests use the silent null audio.
                f"audio-library-name {'p3openal_audio' if window_type == 'onscreen' else 'null'}",
                "sync-video #f" if window_type == "offscreen" else "sync-video #t",
                # An offscreen buffer is never swapped, so Mesa would queue frames without bound;
                # without a FramePacer (see client/frame_pacing.py) each frame is finished in place.
                "gl-finish #t" if window_type == "offscreen" and not paced else "gl-finish #f",
                "framebuffer-multisample #f",
                "textures-power-2 none",
                GLTF_SETTINGS,
                "model-cache-dir",  # panda3d's own model cache has staleness bugs with glTF
                f"show-frame-rate-meter {'#t' if g.show_fps else '#f'}",
            ]
        ),
    )


class MetaverseApp(ShowBase):
    def __init__(self, settings: Settings, dirs: UserDirs, window_type: str = "onscreen"):
        gl = load_gl() if window_type == "offscreen" else None
        configure_panda(settings, window_type, paced=gl is not None)
        super().__init__(windowType=window_type)
        self.pacer = FramePacer(self.task_mgr, gl) if gl is not None and self.win is not None else None
        self.settings = settings
        install_redaction()  # no citizen's details in any log, however the app was started
        # Alt-F4 or the window manager's close button asks instead of closing, so a kiosk can say no.
        if self.win is not None and hasattr(self.win, "set_close_request_event"):
            self.win.set_close_request_event(CLOSE_REQUEST_EVENT)
        self.accept(CLOSE_REQUEST_EVENT, self._close_requested)
        self.exit_handler: Callable[[int], None] = self._exit_now  # tests put a recorder here
        self._interactive_frames = 0
        self.disable_mouse()
        # Without this, holding Shift to run would turn "w" into "shift-w" and stop walking.
        for thrower in getattr(self, "buttonThrowers", None) or []:
            thrower.node().set_modifier_buttons(ModifierButtons())
        if getattr(self, "mouseWatcherNode", None) is not None:
            self.mouseWatcherNode.set_modifier_buttons(ModifierButtons())
        self.renderer = renderer_of(self)
        self.profile: Profile = choose_profile(self.renderer, settings.graphics.profile, settings.graphics.shadows)
        self.pipeline = apply_profile(self, self.profile) if self.win is not None else None
        log.info("renderer %s, profile %s (%s)", self.renderer, self.profile.name, self.profile.reason)
        font = self._font("NanumGothic.ttf")
        bold = self._font("NanumGothicBold.ttf")
        TextNode.set_default_font(font)
        DGG.setDefaultFont(font)
        i18n = Catalog(settings.ui.lang)
        manager = self.sfxManagerList[0] if getattr(self, "sfxManagerList", None) else None
        sounds = Sounds(self.loader, manager, settings.audio.volume)
        DGG.setDefaultClickSound(sounds.press)  # every button made from here on
        theme = Theme(settings.ui.scale, settings.ui.high_contrast, font, bold)
        self.net = NetServices(settings, dirs)
        self.worker = self.net.worker
        cache = ModelCache(dirs.cache / "models", library_salt(GLTF_SETTINGS))
        models = ModelLoader(self.loader, self.profile.name, cache)
        self.ctx = AppContext(self, settings, dirs, i18n, theme, self.net.api, self.worker, self.net,
                              self.profile.name, sounds, models)
        self.states = StateMachine(self.ctx, STATES)
        self.guide = FirstRunGuide(self.ctx, self.states)  # shows itself when a world opens
        self.kiosk = KioskGlue(self.ctx, self.states, self.guide) if settings.kiosk.enabled else None
        self.task_mgr.add(self._frame, "app:frame", sort=-50)
        self.admin_gesture = AdminGesture(self, self.states, lambda: self.ctx.settings)
        if settings.kiosk.heartbeat_file:  # run by the kiosk watchdog: prove the frame loop is alive
            beat = Heartbeat(settings.kiosk.heartbeat_file)
            self.task_mgr.add(lambda task: (beat.beat(), task.cont)[1], "kiosk:heartbeat", sort=-60)
        # F12 keeps a picture of the screen, in every state. Not on a kiosk: the screen may show
        # a stranger's details, and nothing personal may be left on a shared machine.
        if not settings.kiosk.enabled:
            self.accept("f12", self.take_screenshot)

    def _font(self, name: str):
        font = self.loader.load_font(Filename.from_os_specific(str(FONTS_DIR / name)).get_fullpath())
        font.set_pixels_per_unit(48)  # crisp at 200% UI scale without a huge glyph texture
        return font

    def start(self, **world_args: Any) -> None:
        """Open the boot screen, then the world; the network starts once the world is on screen."""
        self.states.switch("boot", **world_args)
        self.task_mgr.add(self._start_network, "app:start-network", sort=-40)

    def _start_network(self, task):
        # Starting the embedded server imports FastAPI, SQLAlchemy and pydantic on its thread, and
        # an import holds the interpreter lock: begun with the app, it put 0.3 s on the first
        # interactive frame (benchmarks/startup.py). So it waits for that frame to be drawn; a call
        # made before then (kiosk, login) starts the server itself (client/backend.py).
        top = self.states.current
        shown = top is not None and top.name in (*INTERACTIVE_STATES, "error")
        if shown:
            self._interactive_frames += 1
        if self._interactive_frames < 2 and task.time < NETWORK_START_CAP_S:
            return task.cont
        log.info("starting the network: %s", f"'{top.name}' drawn" if shown else "nothing interactive yet")
        self.net.start()
        return task.done

    def _frame(self, task):
        try:
            self.states.apply_requests()
        except (DataError, ModelError, KeyError, OSError) as exc:
            # A broken manifest, model or screen shows an explanation; the app keeps running.
            log.exception("could not open: %s", exc)
            self.states.switch("error", message=str(exc))
            self.states.apply_requests()
        self.net.pump(self.messenger.send)
        return task.cont

    def _close_requested(self) -> None:
        """The window's close button or Alt-F4: ignored on a kiosk (only the admin exit leaves)."""
        if self.ctx.settings.kiosk.enabled:
            log.warning("window close request ignored (kiosk)")
            return
        self.userExit()

    def request_exit(self, code: int = 0) -> None:
        """Leave the app with exit status ``code`` at the next frame, outside any button's callback."""
        log.info("exit requested (code %d)", code)
        self.task_mgr.do_method_later(0, lambda task: self.exit_handler(code), "app:exit")

    def _exit_now(self, code: int) -> None:
        if self.kiosk is not None:
            self.kiosk.destroy()
        self.states.shutdown()
        self.net.close()
        sys.exit(code)

    def use_fixed_clock(self, fps: float = 60.0) -> None:
        """Simulated time: each frame advances exactly 1/fps seconds (scenarios and tests)."""
        clock = ClockObject.get_global_clock()
        clock.set_mode(ClockObject.M_non_real_time)
        clock.set_frame_rate(fps)

    def take_screenshot(self) -> Path | None:
        """Save the window as a PNG in the user's pictures folder; announces the path (or the failure)."""
        if self.win is None:
            return None
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        folder = self.ctx.dirs.pictures
        path = folder / f"metaverse-seoul-{stamp}.png"
        for n in range(2, 100):  # two in one second get their own files
            if not path.exists():
                break
            path = folder / f"metaverse-seoul-{stamp}-{n}.png"
        try:
            save_screenshot(self, path)
        except OSError as exc:
            log.warning("screenshot failed: %s", exc)
            self.messenger.send("screenshot-failed", [str(exc)])
            return None
        self.messenger.send("screenshot-saved", [path])
        return path

    def finish_frames(self) -> None:
        """Wait until every frame drawn so far is really on the buffer (offscreen pacing only)."""
        if self.pacer is not None:
            self.pacer.finish_now()

    def close(self) -> None:
        """Exit every state, stop background work and close the window."""
        if self.pacer is not None:
            self.pacer.remove()
        if self.kiosk is not None:
            self.kiosk.destroy()
        self.states.shutdown()
        self.net.close()
        self.destroy()
