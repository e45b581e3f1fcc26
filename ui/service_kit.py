"""What every service screen shares: a panel laid out top-down, views that stack (Esc goes back),
Tab through fields and buttons (Enter in a field goes to the next, from the last presses the primary
button), an on-screen keyboard for touch, paged lists, a confirm step, sign-in when a service needs it,
reads that fall back to the last answer offline, and outbox writes followed until delivered.

A screen subclasses ServiceScreen, names its first view in `start()`, and builds each view from a
Page. Every widget goes through the state's UiRoot with a stable id and its visible label as its
accessible name; text is fitted to the panel so nothing is clipped at 200% UI scale.
"""
from __future__ import annotations

import time
from typing import Any, Callable

from net.api import Account, ApiError, error_text
from net.outbox import DELIVERED, FAILED
from ui.focus import draw_ring, set_entry_focus
from ui.layout import Screen
from ui.service_page import Page
from ui.service_text import TextFit, refusal

PREFIX = "svc"
View = Callable[[], None]


class ServiceScreen:
    """Base of the service screens: a stack of views over one state's UiRoot."""

    first_view = "start"

    def __init__(self, state, close):
        self.state, self.close = state, close
        self.ctx = state.ctx
        self.ui, self.i18n, self.net = state.ui, state.ctx.i18n, state.ctx.net
        self.api = self.net.api
        self.fit = TextFit(self.ui.theme)
        self.screen = Screen.of(state.ctx.base)
        self.account: Account | None = None
        self.views: list[tuple[str, View]] = []
        self.view_name = ""
        self.generation = 0
        self.status_text = ""
        self.notice = ("", False)
        self.page: Page | None = None
        # The view's buttons and fields in the order a Page builds them, top down (fields have no command).
        self._buttons: list[tuple[str, Callable[[], None] | None, bool]] = []
        self.focus = -1
        self.keyboard = None  # the on-screen keyboard (ui/osk.py) while it is open
        # Kiosks are touch-first: there a field that takes the focus opens the keyboard by itself.
        self.auto_keyboard = bool(state.ctx.settings.kiosk.enabled)
        self._following: dict[int, tuple[Callable[[dict], None], Callable[[ApiError], None] | None]] = {}
        state.accept("outbox-event", self._outbox_event)
        self.start()

    def start(self) -> None:
        raise NotImplementedError

    # -- views ----------------------------------------------------------------------------------------
    @property
    def signed_in(self) -> bool:
        return self.api.signed_in

    def open(self, name: str, view: View) -> None:
        """Show a view on top of the current one; Esc comes back."""
        self.views.append((name, view))
        self.notice = ("", False)
        self.render()

    def replace(self, name: str, view: View) -> None:
        if self.views:
            self.views.pop()
        self.open(name, view)

    def back(self) -> None:
        """Esc and Back: the previous view, or out of the screen from the first."""
        if len(self.views) > 1:
            self.views.pop()
            self.notice = ("", False)
            self.render()
        else:
            self.close()

    def render(self) -> None:
        """(Re)build the current view; replies meant for an older view are dropped."""
        self.generation += 1
        self.close_keyboard()
        self.ui.remove_prefix(PREFIX)
        self._buttons = []
        self.focus = -1
        self.status_text = ""
        self.view_name, view = self.views[-1]
        self.page = None
        view()
        if self.page is not None:
            self.page.finish()
            if self.page.status_label is None:
                self.page.status(*self.notice)

    def new_page(self, heading: str) -> Page:
        """The panel of the view being built, with its heading and the account area."""
        self.page = Page(self, heading)
        return self.page

    def say(self, text: str, error: bool = False) -> None:
        """A message under the view that stays while the view is rebuilt (until another view opens)."""
        self.notice = (text, error)
        if self.page is not None:
            self.page.status(text, error)

    # -- keyboard -------------------------------------------------------------------------------------
    def drop_button(self, wid: str) -> None:
        """Take a button off the view (e.g. Pay while the payment waits to send)."""
        full = f"{PREFIX}.{wid}"
        self.ui.remove(full)
        self._buttons = [b for b in self._buttons if b[0] != full]
        self.focus = -1
        self.ui.remove_prefix(f"{PREFIX}.focus")  # the ring and, round a field, its gap

    def register_button(self, wid: str, command: Callable[[], None], primary: bool) -> None:
        self._buttons.append((wid, command, primary))

    def register_entry(self, wid: str) -> None:
        """A text field in the Tab order; a click or tap on it moves the focus there too."""
        self._buttons.append((wid, None, False))
        self.ui.widgets[wid].widget["focusInCommand"] = lambda: self._clicked(wid)

    def _clicked(self, wid: str) -> None:
        ids = [b[0] for b in self._buttons]
        if wid in ids and self.focus != ids.index(wid):
            self.focus = ids.index(wid) - 1
            self.move_focus(1)

    @property
    def focused(self) -> str | None:
        """The id of the field or button the ring is on, if any."""
        return self._buttons[self.focus][0] if 0 <= self.focus < len(self._buttons) else None

    @property
    def focused_entry(self) -> str | None:
        """The id of the text field that has the focus, if one has."""
        if 0 <= self.focus < len(self._buttons) and self._buttons[self.focus][1] is None:
            return self._buttons[self.focus][0]
        return None

    def activate(self) -> None:
        """Enter: in a field, the next field (from the last, the primary button); else the focused
        button, else the view's primary one. A many-line field takes no new lines: the text wraps."""
        entry = self.focused_entry
        if entry is not None:
            later = [i for i, b in enumerate(self._buttons) if i > self.focus and b[1] is None]
            if later:
                self.move_focus(later[0] - self.focus)
                return
        elif 0 <= self.focus < len(self._buttons):
            self._buttons[self.focus][1]()
            return
        for _, command, primary in self._buttons:
            if primary:
                command()
                return

    def move_focus(self, step: int) -> None:
        """Tab / arrows: move the focus ring along the view's fields and buttons; a field takes the typing.

        Up and down leave a field too: a text field has no use for them (left and right move its cursor)."""
        if not self._buttons:
            return
        self.ui.remove_prefix(f"{PREFIX}.focus")  # the ring and, round a field, its gap
        self.focus = (self.focus + step) % len(self._buttons)
        wid = self._buttons[self.focus][0]
        set_entry_focus(self.ui, self.focused_entry)
        info = self.ui.widgets.get(wid)
        if info is not None:
            draw_ring(self.ui, f"{PREFIX}.focus", info.widget)
        if self.focused_entry is not None and (self.keyboard is not None or self.auto_keyboard):
            self.open_keyboard(wid)

    # -- the on-screen keyboard -----------------------------------------------------------------------
    def open_keyboard(self, wid: str) -> None:
        """Show the on-screen keyboard typing into field ``wid`` (its button beside the field, or a kiosk)."""
        from ui.osk import OnScreenKeyboard  # only screens with fields need it

        if self.focused_entry != wid:
            self._clicked(wid)  # the field takes the focus first (and may open the keyboard itself)
            if self.keyboard is not None:
                return
        if self.keyboard is not None:
            self.keyboard.retarget(wid)
            return
        self.keyboard = OnScreenKeyboard(self.ui, self.screen, wid, on_enter=self.activate,
                                         on_done=self.close_keyboard)

    def close_keyboard(self) -> None:
        if self.keyboard is not None:
            self.keyboard.destroy()
            self.keyboard = None

    # -- network --------------------------------------------------------------------------------------
    def call(self, fn: Callable[..., Any], *args: Any, then: Callable[[Any], None],
             failed: Callable[[ApiError], None] | None = None) -> None:
        """Run fn on the worker; then/failed run on the main thread if this view is still shown."""
        generation = self.generation

        def done(result):
            if generation == self.generation:
                then(result)

        def error(exc):
            if generation != self.generation:
                return
            if failed is not None:
                failed(exc)
            else:
                self.say(error_text(self.i18n, exc), error=True)

        self.state.submit(fn, *args, on_done=done, on_error=error)

    def read(self, key: str, fn: Callable[[], Any], then: Callable[[Any], None],
             failed: Callable[[ApiError], None] | None = None) -> None:
        """A read through the cache: offline, then() gets the last answer and the status says how old."""
        reads = self.net.reads

        def shown(reading):
            then(reading.value)
            if reading.stale:
                self.say(self.i18n.t("svc.offline_since", time=time.strftime("%H:%M", time.localtime(
                    reading.fetched_at))))

        self.call(lambda: reads.fetch(key, fn), then=shown, failed=failed)

    def write(self, kind: str, path: str, body: dict, delivered: Callable[[dict], None],
              failed: Callable[[ApiError], None] | None = None, needs_session: bool = True):
        """Queue a write in the outbox (idempotency key included) and follow it until delivered."""
        item = self.net.queue_write(kind, "POST", path, body, needs_session=needs_session)
        self._following[item.id] = (delivered, failed)
        self.say(self.i18n.t("svc.waiting_to_send"))
        return item

    def waiting(self) -> bool:
        return bool(self._following)

    def _outbox_event(self, event) -> None:
        follow = self._following.get(event.item.id)
        if follow is None:
            return
        delivered, failed = follow
        if event.item.state == DELIVERED:
            del self._following[event.item.id]
            result = event.item.result or {}
            if isinstance(result, dict) and "code" in result and "id" not in result:
                # The server already had it (e.g. already_agreed): say so in the citizen's words.
                self.say(error_text(self.i18n, refusal(result)))
                return
            delivered(result)
        elif event.item.state == FAILED:
            del self._following[event.item.id]
            error = refusal(event.item.result)
            if failed is not None:
                failed(error)
            self.say(error_text(self.i18n, error), error=True)
        else:
            self.say(self.i18n.t("svc.waiting_offline"))

    # -- signing in and out ---------------------------------------------------------------------------
    def require_login(self, then: Callable[[], None] | None) -> None:
        """Run then() now if signed in; otherwise ask for e-mail and password first."""
        if self.signed_in:
            if then is not None:
                then()
            return
        from ui.login import login_view  # the login view uses this kit

        self.open("login", login_view(self, then))

    def logged_in(self, account: Account | None, then: Callable[[], None] | None) -> None:
        self.account = account
        self.notice = ("", False)
        self.net.sender.wake()  # writes that waited for a session can go now
        self.views.pop()  # the login view
        if not self.views:
            self.close()
            return
        self.render()
        if then is not None:
            then()

    def logout(self) -> None:
        net = self.net

        def sign_out():
            try:
                net.api.logout()  # forgets the token here even when the server cannot be told
            except ApiError:
                pass
            net.reads.clear()
            net.outbox.purge_personal()

        def done(_):
            self.account = None
            del self.views[1:]
            self.render()
            self.say(self.i18n.t("svc.signed_out"))

        self.call(sign_out, then=done)
