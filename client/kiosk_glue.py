"""The kiosk session, wired into the running app: it watches all input, warns before the idle time
runs out, wipes the session when it does, and answers Call staff. Made by the app only in kiosk mode.

Input is observed without taking it from anyone: the window's ButtonThrowers throw INPUT_EVENT (with
the button's name) in addition to their usual events, for keys and for clicks outside widgets; clicks
and touches on widgets (which DirectGUI keeps from the throwers) and pointer moves are seen by polling
the MouseWatcher each frame.

The wipe, in this order: every state is closed (screens, typed text and drafts are destroyed with
their widgets) and the attract loop opens; writes still waiting in the outbox are discarded (the
warning said how many: after the logout they cannot be sent as the citizen, and their text must not
stay on the machine); `forget_citizen` drops the token, cached reads and finished outbox items; the
session is ended on the server from the worker (the token is already forgotten here, so a server that
cannot be reached changes nothing); the guide starts again and the citizen's language, text size,
contrast and volume go back to the kiosk's.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Callable

from direct.showbase.DirectObject import DirectObject
from panda3d.core import ClockObject, MouseButton

from client.kiosk_overlay import KioskOverlay
from client.kiosk_session import EXPIRED, IDLE, INPUT_EVENT, WARNING, IdleTimer, StaffCall
from client.states.keys_screen import CAPTURE_EVENT

log = logging.getLogger(__name__)
NOT_TIMED = ("attract", "boot")  # nobody's session runs on these


class KioskGlue:
    """One per app in kiosk mode; `destroy()` undoes everything it changed."""

    def __init__(self, ctx, machine, guide, clock: Callable[[], float] | None = None):
        self.ctx, self.machine, self.guide = ctx, machine, guide
        self.base = ctx.base
        self.defaults = ctx.settings  # what each new visitor starts with
        k = ctx.settings.kiosk
        clock = clock or ClockObject.get_global_clock().get_frame_time
        self.timer = IdleTimer(clock, k.idle_timeout_s, k.warning_s)
        self.staff = StaffCall(clock)
        self.overlay = KioskOverlay(self.base, ctx.theme, ctx.i18n)
        self.wipes = 0
        self._stack_seen: tuple = ()
        self._pointer = None
        self._throwers = []
        for thrower in getattr(self.base, "buttonThrowers", None) or []:
            node = thrower.node()
            if not node.get_button_down_event():  # the keys screen borrows it and puts it back
                node.set_button_down_event(INPUT_EVENT)
                self._throwers.append(node)
        self._events = DirectObject()
        self._events.accept(INPUT_EVENT, self.input)
        self._events.accept(CAPTURE_EVENT, self.input)  # keys pressed while the keys screen listens
        machine.listeners.append(self._entered)
        self._unsubscribe = [ctx.i18n.subscribe(lambda _lang: self._relayout()), ctx.theme.subscribe(self._relayout)]
        self.task = self.base.task_mgr.add(self._tick, "kiosk:session", sort=-40)
        self._relayout()

    # -- input and time -------------------------------------------------------------------------------
    def input(self, *_button) -> None:
        """Someone touched, clicked or pressed a key: a warning closes and the idle time starts again."""
        self.timer.touch()
        if self.overlay.warning_shown:
            self.overlay.hide_warning()

    def _poll_pointer(self) -> None:
        watcher = getattr(self.base, "mouseWatcherNode", None)
        if watcher is None or not watcher.has_mouse():
            return
        at = (watcher.get_mouse_x(), watcher.get_mouse_y())
        moved = self._pointer is not None and at != self._pointer
        self._pointer = at
        if moved or watcher.is_button_down(MouseButton.one()):
            self.input()

    def _tick(self, task):
        self._poll_pointer()
        stack = tuple(id(s) for s in self.machine.stack)
        if stack != self._stack_seen:  # a state came or went: fit it above the bar, show the right buttons
            self._stack_seen = stack
            self._relayout()
        phase = self.timer.update()
        if phase == WARNING:
            self.overlay.warning(self.timer.seconds_left(), self.unsent(), self.input)
        elif phase == EXPIRED:
            self.wipe()
        elif self.overlay.warning_shown:
            self.overlay.hide_warning()
        return task.cont

    def _entered(self, name: str) -> None:
        if name == "attract":
            self.timer.stop()
            self.overlay.hide_warning()
        elif name not in NOT_TIMED and self.timer.phase == IDLE:
            self.timer.start()  # a visitor left the attract loop: their session starts now

    def unsent(self) -> int:
        """How many writes still wait to be sent (and would be discarded by a wipe now)."""
        return self.ctx.net.outbox.pending_count()

    # -- the wipe -----------------------------------------------------------------------------------------
    def wipe(self) -> None:
        """End the session: nothing the citizen typed, read or chose stays (see the module's notes)."""
        ctx, net = self.ctx, self.ctx.net
        token = net.api.token
        self.overlay.hide_warning()
        discarded = net.outbox.discard_pending()  # before the purge, whose VACUUM clears their pages
        net.forget_citizen()  # token, reads, cancelled calls; VACUUMs the outbox file
        self.machine.switch("attract", erased=True)
        self.machine.apply_requests()  # the screens holding typed text go now, not next frame
        if token:
            ctx.worker.submit(self._revoke, token, owner=self, on_error=self._revoke_failed)
        self.guide.new_session()
        self.staff.clear()
        self.overlay.banner(None)
        self._reset_settings()
        self.wipes += 1
        log.info("kiosk session wiped (%d unsent writes discarded)", len(discarded))

    def _revoke(self, token: str) -> int:
        """On the worker: end the session on the server with the token captured at the wipe."""
        return self.ctx.net.api.transport.request("DELETE", "/v1/sessions/current", token=token).status

    @staticmethod
    def _revoke_failed(exc: BaseException) -> None:
        # The token is already forgotten here; the server's own idle expiry ends the session.
        log.warning("kiosk: could not end the session on the server (%s)", type(exc).__name__)

    def _reset_settings(self) -> None:
        ctx, d = self.ctx, self.defaults
        ctx.settings = d
        ctx.theme.restyle(d.ui.scale, d.ui.high_contrast)
        ctx.i18n.set_lang(d.ui.lang)
        if ctx.sounds is not None:
            ctx.sounds.set_volume(d.audio.volume)

    # -- Call staff and Easy menu -----------------------------------------------------------------------
    def call_staff(self) -> None:
        """Raise a visible banner and a log record (kiosk id, time, screen; nothing about the citizen)."""
        self.input()
        new = self.staff.press()
        self.overlay.banner("kiosk.staff_called" if new else "kiosk.staff_pending")
        top = self.machine.current
        screen = getattr(top, "service", None) or getattr(top, "name", "none")
        log.warning("kiosk %s: staff %s at %s from screen %s", self.defaults.kiosk.kiosk_id or "-",
                    "called" if new else "called again", datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    screen)

    def open_easy(self) -> None:
        """One tap from the 3D city to the easy menu (the site is kept for "Go to the 3D city")."""
        world = self.machine.find("world")
        args = {"manifest_path": str(world.manifest.path)} if world is not None else {}
        self.machine.switch("easy", **args)

    def _relayout(self) -> None:
        top = self.machine.current
        easy = self.open_easy if top is not None and top.name == "world" else None
        self.overlay.draw_bar(self.call_staff, easy)
        self.overlay.fit(self.machine.stack)
        if self.overlay.warning_shown:  # drawn again at the new size or language
            self.overlay.hide_warning()
            if self.timer.phase == WARNING:
                self.overlay.warning(self.timer.seconds_left(), self.unsent(), self.input)

    def destroy(self) -> None:
        """Stop watching, put the throwers and the states' layout back, take the overlay down (once:
        the app's exit and its close may both call it)."""
        if self.task is None:
            return
        self.base.task_mgr.remove(self.task)
        self.task = None
        self._events.ignore_all()
        for node in self._throwers:
            node.set_button_down_event("")
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        if self._entered in self.machine.listeners:
            self.machine.listeners.remove(self._entered)
        self.ctx.worker.cancel_owner(self)
        self.overlay.unfit(self.machine.stack)
        self.overlay.destroy()



