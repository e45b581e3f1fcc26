"""The kiosk's attract loop: while nobody uses the kiosk, the avatar tours Seoul Plaza by itself, and a
large "Touch to start" in Korean and English says what the kiosk offers.

It is the world itself (the same site, avatar and path finding), with the world's input and HUD taken
away: the avatar walks from desk to place with the world's own autopilot, pausing at each. With
reduced motion on, nothing moves: the view stays still. Any touch, click or key starts a session in
the 3D city; the two big buttons choose the city or the easy menu. After a kiosk wipe it shows
"Your information has been erased" for a few seconds.
"""
from __future__ import annotations

from panda3d.core import ClockObject

from client.i18n import Catalog
from client.kiosk_session import INPUT_EVENT
from client.states.world import WorldState
from client.world.manifest import approach_point
from ui.easy_pages import text_width
from ui.layout import Screen

PAUSE_AT_STOP_S = 4.0  # long enough to read a desk's sign before the tour walks on
ERASED_S = 8.0
START_KEYS = ("mouse1", "space", "enter")


class _NoHud:
    """What the world calls on its HUD each frame; the attract loop shows none of it."""

    hud = None

    def __getattr__(self, _name):
        return lambda *args, **kwargs: None


class AttractState(WorldState):
    name = "attract"

    def on_enter(self, erased: bool = False, site: str | None = None, **_) -> None:
        self.site_id = site or self.ctx.settings.world.site
        super().on_enter(site=self.site_id)
        # The world's keys, clicks and HUD are not for the attract loop: any input starts a session.
        self._events.ignore_all()
        self._hooks.clear()
        self.overlay.close()
        self.ui.remove_prefix("hud.")
        self.overlay = _NoHud()
        self.stops = [approach_point(d) for d in self.manifest.desks] + [p.position[:2] for p in self.manifest.places]
        self.next_stop, self.rest_until = 0, 0.0
        self.erased_until = self._now() + ERASED_S if erased else 0.0
        self._starting = False
        for key in START_KEYS:
            self.accept(key, self.start_session, ["world"])
        self.accept(INPUT_EVENT, lambda _button: self.start_session("world"))
        self._unsubscribe = [self.ctx.i18n.subscribe(lambda _lang: self._draw()), self.ctx.theme.subscribe(self._draw)]
        self._draw()
        self.add_task(self._tour, "tour")

    @staticmethod
    def _now() -> float:
        return ClockObject.get_global_clock().get_frame_time()

    # -- what a visitor does ------------------------------------------------------------------------
    def start_session(self, where: str = "world") -> None:
        """Start a fresh session in the 3D city ("world") or on the easy menu ("easy")."""
        if not self._starting:  # a tap and its key in one frame must not switch twice
            self._starting = True
            self.machine.switch(where, site=self.site_id)

    # -- the tour -------------------------------------------------------------------------------------
    def _tour(self, task):
        now = self._now()
        if self.erased_until and now > self.erased_until:
            self.erased_until = 0.0
            self.ui.remove("attract.erased")
        if self.ctx.settings.ui.reduced_motion or self.autopilot or not self.stops:
            return task.cont
        if not self.rest_until:
            self.rest_until = now + PAUSE_AT_STOP_S  # arrived (or just opened): look around first
        elif now >= self.rest_until:
            self.rest_until = 0.0
            self.request_walk(self.stops[self.next_stop % len(self.stops)])
            self.next_stop += 1
        return task.cont

    # -- drawing --------------------------------------------------------------------------------------
    def _draw(self) -> None:
        """The invitation in both languages (the kiosk's own first), what it offers, and two big buttons."""
        ui, theme, i18n = self.ui, self.ui.theme, self.ctx.i18n
        ui.remove_prefix("attract.")
        other = Catalog("en" if i18n.lang == "ko" else "ko")
        screen = Screen.of(self.ctx.base)
        width = screen.panel_width(3.0)
        inner = width - theme.pad * 4
        big = theme.heading_size * 1.25
        lines = [(i18n.t("kiosk.touch_to_start"), big, True), (other.t("kiosk.touch_to_start"), theme.heading_size, True),
                 (i18n.t("kiosk.offers"), theme.text_size, False)]
        panel = ui.panel("attract.panel", (-width / 2, width / 2, -0.1, 0.1))
        y = 0.0
        for index, (text, size, bold) in enumerate(lines):
            label = ui.label(f"attract.line.{index}", text, (0, 0), parent=panel, align="center", bold=bold,
                             wrap=inner)
            label["text_scale"] = size
            label["text_wordwrap"] = inner / size
            label.resetFrameSize()
            left, right, bottom, top = label.getBounds()
            label.set_z(y - top)
            y += bottom - top - theme.pad
        walk_w = max(text_width(theme, i18n.t(k), theme.text_size) for k in ("kiosk.walk", "kiosk.easy"))
        walk_w = min(inner / 2 - theme.pad, walk_w + theme.pad * 4)
        half = theme.button_height * 0.75
        by = y - half
        for wid, key, x, primary in (("walk", "kiosk.walk", -walk_w / 2 - theme.pad, True),
                                     ("easy", "kiosk.easy", walk_w / 2 + theme.pad, False)):
            button = ui.button(f"attract.{wid}", i18n.t(key), lambda w=wid: self.start_session(
                "world" if w == "walk" else "easy"), (x, by), walk_w, parent=panel, primary=primary)
            button["frameSize"] = (-walk_w / 2, walk_w / 2, -half, half)  # larger than usual: the first touch
        bottom = by - half - theme.pad * 2
        top = theme.pad * 2
        panel["frameSize"] = (-width / 2, width / 2, bottom, top)
        panel.set_z(-(top + bottom) / 2)  # centred on the screen
        if self.erased_until:
            self._draw_erased(screen, panel, top - (top + bottom) / 2, width)

    def _draw_erased(self, screen: Screen, panel, panel_top: float, width: float) -> None:
        theme, i18n = self.ui.theme, self.ctx.i18n
        other = Catalog("en" if i18n.lang == "ko" else "ko")
        text = f"{i18n.t('kiosk.erased')}\n{other.t('kiosk.erased')}"
        label = self.ui.label("attract.erased", text, (0, 0), align="center", bold=True, wrap=width)
        label["frameColor"] = theme.palette.accent_bg
        label["text_fg"] = theme.palette.accent_text
        label["pad"] = (theme.pad, theme.pad * 0.6)
        label.resetFrameSize()
        left, right, bottom, top = label.getBounds()
        label.set_z((screen.top + panel_top) / 2 - (top + bottom) / 2)  # between the panel and the top edge

    def on_exit(self) -> None:
        for unsubscribe in getattr(self, "_unsubscribe", []):
            unsubscribe()
        super().on_exit()
