"""What every service screen shares: a panel laid out top-down, views that stack (Esc goes back),
Enter for the focused or primary button, paged lists, a confirm step, sign-in when a service needs it,
reads that fall back to the last answer offline, and outbox writes followed until delivered.

A screen subclasses ServiceScreen, names its first view in `start()`, and builds each view from a
Page. Every widget goes through the state's UiRoot with a stable id and its visible label as its
accessible name; text is fitted to the panel so nothing is clipped at 200% UI scale.
"""
from __future__ import annotations

import datetime as dt
import time
from typing import Any, Callable

from panda3d.core import TextNode

from net.api import Account, ApiError, error_text
from net.outbox import DELIVERED, FAILED
from ui.layout import Screen

PREFIX = "svc"
View = Callable[[], None]


def krw(amount: int) -> str:
    """123450 -> '123,450' (the catalogs add 원 / won)."""
    return f"{int(amount):,}"


SEOUL = dt.timezone(dt.timedelta(hours=9), "KST")  # no daylight saving in Korea


def short_time(iso: str) -> str:
    """'2025-07-14T01:00:00Z' -> '2025-07-14 10:00': the server's time shown in Seoul time."""
    try:
        moment = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone(SEOUL)
    return moment.strftime("%Y-%m-%d %H:%M")


def refusal(result: dict | None) -> ApiError:
    """The ApiError stored with a failed outbox item."""
    result = result or {}
    return ApiError(str(result.get("code", "unknown")), str(result.get("message", "")),
                    int(result.get("status", 0) or 0), result.get("field"))


class TextFit:
    """Measures text in the theme's fonts, to shorten or count wrapped lines before drawing."""

    def __init__(self, theme):
        self.theme = theme
        self._node = TextNode("measure")

    def _set(self, size: float, bold: bool, wrap: float | None) -> None:
        font = self.theme.bold_font if bold else self.theme.font
        if font is not None:
            self._node.set_font(font)
        if wrap:
            self._node.set_wordwrap(wrap / size)
        else:
            self._node.clear_wordwrap()

    def width(self, text: str, size: float, bold: bool = False) -> float:
        self._set(size, bold, None)
        return self._node.calc_width(text) * size

    def rows(self, text: str, size: float, wrap: float, bold: bool = False) -> int:
        self._set(size, bold, wrap)
        self._node.set_text(text)
        return max(1, self._node.get_num_rows())

    def shorten(self, text: str, size: float, width: float, bold: bool = False) -> str:
        """text, cut with an ellipsis so one line of it fits width."""
        if self.width(text, size, bold) <= width:
            return text
        lo, hi = 0, len(text)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.width(text[:mid] + "…", size, bold) <= width:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo].rstrip() + "…"

    def clip_rows(self, text: str, size: float, wrap: float, rows: int) -> str:
        """text, cut with an ellipsis so it wraps into at most rows lines."""
        if rows < 1:
            return ""
        if self.rows(text, size, wrap) <= rows:
            return text
        lo, hi = 0, len(text)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.rows(text[:mid] + "…", size, wrap) <= rows:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo].rstrip() + "…"


class Page:
    """One view's panel, filled from the top; the footer row of buttons sits at the bottom."""

    def __init__(self, owner: "ServiceScreen", heading: str):
        self.owner, self.ui, self.theme = owner, owner.ui, owner.ui.theme
        self.t, self.fit = owner.i18n.t, owner.fit
        theme = self.theme
        self.width = owner.screen.panel_width(2.5 * min(theme.scale, 1.35))
        self.height = min(1.9, owner.screen.top - owner.screen.bottom - 0.06)
        self.left, self.top = -self.width / 2, self.height / 2
        self.bottom = -self.height / 2
        self.panel = self.ui.panel(f"{PREFIX}.panel", (self.left, self.left + self.width, self.bottom, self.top))
        self.x = self.left + theme.pad * 2
        self.inner = self.width - theme.pad * 4
        self.footer_top = self.bottom + theme.pad * 2 + theme.button_height
        self.y = self.top - theme.pad
        self._account_bar()
        self.y -= theme.heading_size
        heading_room = self.inner - self._account_width - theme.pad
        self.label("heading", self.fit.shorten(heading, theme.heading_size, heading_room, True), size="heading")
        self.y -= theme.heading_size * 0.5 + theme.pad * 0.5
        self.y = min(self.y, self._account_bottom)
        self.status_label = None
        self._footer: tuple = ()
        self._pager: tuple | None = None
        self.status_rows = 2

    # -- text ---------------------------------------------------------------------------------------
    def label(self, wid: str, text: str, size: str = "body", color=None, bold: bool = False, x: float | None = None):
        return self.ui.label(f"{PREFIX}.{wid}", text, (self.x if x is None else x, self.y), parent=self.panel,
                             size=size, color=color, bold=bold)

    def _size(self, size: str) -> float:
        theme = self.theme
        return {"body": theme.text_size, "heading": theme.heading_size, "small": theme.small_size}[size]

    def paragraph(self, wid: str, text: str, size: str = "body", color=None, bold: bool = False,
                  max_rows: int | None = None, keep: float = 0.0):
        """Wrapped text under what is there; cut with … when it would run into the footer."""
        scale = self._size(size)
        line = scale * 1.3
        room = int((self.y - scale - self.footer_top - keep - self.theme.pad) // line) + 1
        rows = room if max_rows is None else min(room, max_rows)
        if rows < 1:
            return None
        self.y -= scale
        shown = self.fit.clip_rows(text, scale, self.inner, rows)
        widget = self.ui.label(f"{PREFIX}.{wid}", shown, (self.x, self.y), parent=self.panel, size=size,
                               wrap=self.inner, color=color, bold=bold)
        self.y -= line * (self.fit.rows(shown, scale, self.inner) - 1) + scale * 0.45
        return widget

    def muted(self, wid: str, text: str, **kw):
        return self.paragraph(wid, text, size="small", color=self.theme.palette.muted, **kw)

    def gap(self, lines: float = 0.5) -> None:
        self.y -= self.theme.line_height * lines

    def status(self, text: str = "", error: bool = False) -> None:
        """The one-line message just above the footer (what is happening, or what went wrong)."""
        theme = self.theme
        color = theme.palette.error if error else theme.palette.text
        if self.status_label is not None:
            self.ui.remove(f"{PREFIX}.status")
        shown = self.fit.clip_rows(text, theme.text_size, self.inner, self.status_rows)
        rows = self.fit.rows(shown, theme.text_size, self.inner) if shown else 1
        y = self.footer_top + theme.pad * 0.6 + theme.line_height * (rows - 1) + theme.text_size * 0.3
        self.status_label = self.ui.label(f"{PREFIX}.status", shown, (self.x, y), parent=self.panel,
                                          wrap=self.inner, color=color)
        self.owner.status_text = shown

    def status_room(self) -> float:
        """Leave this much above the footer for a two-line status."""
        return self.theme.line_height * 2

    # -- buttons ------------------------------------------------------------------------------------
    def button(self, wid: str, text: str, command: Callable[[], None], primary: bool = False,
               width: float | None = None, x: float | None = None):
        """A full-width (or given width) button under what is there."""
        theme = self.theme
        width = width or self.inner
        self.y -= theme.button_height / 2
        widget = self._button(wid, text, command, ((x if x is not None else self.x) + width / 2, self.y),
                              width, primary)
        self.y -= theme.button_height / 2 + theme.pad * 0.5
        return widget

    def _button(self, wid, text, command, pos, width, primary):
        shown = self.fit.shorten(text, self.theme.text_size, width - self.theme.pad * 2, bold=True)
        widget = self.ui.button(f"{PREFIX}.{wid}", shown, command, pos, width, parent=self.panel, primary=primary)
        self.owner.register_button(f"{PREFIX}.{wid}", command, primary)
        return widget

    def footer(self, *buttons: tuple[str, str, Callable[[], None], bool]) -> None:
        """Buttons side by side along the bottom: (id, text, command, primary); drawn by finish()."""
        self._footer = buttons

    def finish(self) -> None:
        """Draw the footer row: the view's buttons, and the list's page arrows at its right end."""
        theme = self.theme
        y = self.bottom + theme.pad + theme.button_height / 2
        right = self.x + self.inner
        if self._pager is not None:
            wid, page, pages, on_page = self._pager
            arrow = max(theme.button_height * 1.3, self.inner * 0.09)
            label = self.t("svc.page", page=page + 1, pages=pages)
            label_w = self.fit.width(label, theme.small_size) + theme.pad * 2
            right -= arrow * 2 + label_w + theme.pad * 2
            x = right + theme.pad
            for key, text, target, shown in (("prev", self.t("svc.prev"), page - 1, page > 0),
                                             ("next", self.t("svc.next"), page + 1, page + 1 < pages)):
                if shown:
                    pos = (x + arrow / 2, y) if key == "prev" else (x + arrow * 1.5 + label_w, y)
                    self._button(f"{wid}.{key}", "◀" if key == "prev" else "▶", lambda n=target: on_page(n),
                                 pos, arrow, False)
                    self.ui.widgets[f"{PREFIX}.{wid}.{key}"].name = text  # words for screen readers
            self.ui.label(f"{PREFIX}.{wid}.pageno", label, (x + arrow + label_w / 2, y - theme.small_size * 0.35),
                          parent=self.panel, size="small", align="center", color=theme.palette.muted)
        n = max(1, len(self._footer))
        width = (right - self.x - theme.pad * (n - 1)) / n
        for index, (wid, text, command, primary) in enumerate(self._footer):
            x = self.x + index * (width + theme.pad) + width / 2
            self._button(wid, text, command, (x, y), width, primary)

    def rows_fit(self, extra: float = 0.0) -> int:
        """How many list rows fit between here and the footer (with a line for the status)."""
        theme = self.theme
        room = self.y - self.footer_top - theme.line_height * 1.3 - extra
        return max(1, int(room // (theme.button_height + theme.pad * 0.5)))

    def list(self, wid: str, items: list, text: Callable[[Any], str], pick: Callable[[Any], None],
             page: int, on_page: Callable[[int], None], total: int | None = None, per_page: int | None = None,
             empty: str = "") -> None:
        """Rows of buttons with Previous / Next when there are more than fit.

        items are the whole list (client-side paging), or with total given, just this page's items.
        """
        theme = self.theme
        self.status_rows = 1
        per = per_page or self.rows_fit()
        count = len(items) if total is None else total
        pages = max(1, -(-count // per))
        shown = items[page * per:(page + 1) * per] if total is None else items[:per]
        if not count and empty:
            self.paragraph(f"{wid}.empty", empty, color=theme.palette.muted)
        for index, item in enumerate(shown):
            self.button(f"{wid}.row.{index}", text(item), lambda it=item: pick(it))
        if pages > 1:
            self._pager = (wid, page, pages, on_page)

    def entry(self, wid: str, label: str, lines: int = 1, max_chars: int = 0, text: str = "", secret: bool = False,
              width: float | None = None):
        """A labelled field under what is there (label above, field below it)."""
        theme = self.theme
        size = theme.text_size
        self.y -= size * 1.15
        widget = self.ui.entry(f"{PREFIX}.{wid}", label, (self.x, self.y), width or self.inner,
                               lines=lines, parent=self.panel, max_chars=max_chars)
        if secret:
            widget["obscured"] = 1
        if text:
            widget.enterText(text)
        self.y -= theme.line_height * 0.6 + size * (1.5 + lines - 1) + theme.pad * 0.7
        self.field_middle = self.y + theme.pad * 0.7 + size * 0.75
        return widget

    def beside_field(self, wid: str, text: str, command: Callable[[], None], width: float, primary: bool = False):
        """A button at the right end of the field just made (e.g. Search)."""
        return self._button(wid, text, command, (self.x + self.inner - width / 2, self.field_middle), width, primary)

    # -- the account area ----------------------------------------------------------------------------
    def _account_bar(self) -> None:
        """Top right: who is signed in, and Log out (or Log in for guests)."""
        owner, theme = self.owner, self.theme
        width = min(self.inner * 0.32, max(self.fit.width(self.t("svc.logout"), theme.text_size, True),
                                           self.fit.width(self.t("svc.login"), theme.text_size, True))
                    + theme.pad * 3)
        self._account_width = width
        cx = self.left + self.width - theme.pad * 2 - width / 2
        cy = self.top - theme.pad - theme.button_height / 2
        self._account_bottom = cy - theme.button_height / 2 - theme.pad * 0.5
        if owner.signed_in:
            self.ui.button(f"{PREFIX}.logout", self.t("svc.logout"), owner.logout, (cx, cy), width, parent=self.panel)
            owner.register_button(f"{PREFIX}.logout", owner.logout, False)
            who = owner.account.name if owner.account else self.t("svc.signed_in")
        elif owner.view_name != "login":
            self.ui.button(f"{PREFIX}.login", self.t("svc.login"), lambda: owner.require_login(None), (cx, cy), width,
                           parent=self.panel)
            owner.register_button(f"{PREFIX}.login", lambda: owner.require_login(None), False)
            who = self.t("svc.guest")
        else:
            self._account_width, self._account_bottom = 0.0, self.top
            return
        text = self.fit.shorten(who, theme.small_size, self.inner * 0.25)
        self.ui.label(f"{PREFIX}.who", text, (cx - width / 2 - theme.pad * 0.5, cy - theme.small_size * 0.35),
                      parent=self.panel, size="small", align="right", color=theme.palette.muted)
        self._account_width += self.fit.width(text, theme.small_size) + theme.pad * 0.5


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
        self._buttons: list[tuple[str, Callable[[], None], bool]] = []
        self.focus = -1
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
        self.ui.remove(f"{PREFIX}.focus")

    def register_button(self, wid: str, command: Callable[[], None], primary: bool) -> None:
        self._buttons.append((wid, command, primary))

    def activate(self) -> None:
        """Enter: the focused button, else the view's primary one."""
        if 0 <= self.focus < len(self._buttons):
            self._buttons[self.focus][1]()
            return
        for _, command, primary in self._buttons:
            if primary:
                command()
                return

    def move_focus(self, step: int) -> None:
        """Tab / arrows: move the focus ring along the view's buttons."""
        if not self._buttons:
            return
        self.ui.remove(f"{PREFIX}.focus")
        self.focus = (self.focus + step) % len(self._buttons)
        wid = self._buttons[self.focus][0]
        info = self.ui.widgets.get(wid)
        if info is None:
            return
        button = info.widget
        l, r, b, t = button["frameSize"]
        m = self.ui.theme.pad * 0.35
        ring = self.ui.panel(f"{PREFIX}.focus", (l - m, r + m, b - m, t + m), parent=button.get_parent(),
                             color=self.ui.theme.palette.text)
        ring.set_pos(button.get_pos())
        ring.reparent_to(button.get_parent(), -1)  # drawn before (under) the button

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
