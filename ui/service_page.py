"""A service view laid out top-down: labels, paragraphs fitted to the panel, fields, paged lists,
a status line, a footer of buttons and the account bar."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from ui.service_kit import ServiceScreen

PREFIX = "svc"


class Page:
    """One view's panel, filled from the top; the footer row of buttons sits at the bottom."""

    def __init__(self, owner: "ServiceScreen", heading: str, width: float | None = None):
        self.owner, self.ui, self.theme = owner, owner.ui, owner.ui.theme
        self.t, self.fit = owner.i18n.t, owner.fit
        theme = self.theme
        self.width = owner.screen.panel_width(width or 2.5 * min(theme.scale, 1.35))
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
            self.pager(wid, page, pages, on_page)

    def pager(self, wid: str, page: int, pages: int, on_page: Callable[[int], None]) -> None:
        """Previous / Next arrows and "page n of m" at the right end of the footer (drawn by finish())."""
        self._pager = (wid, page, pages, on_page)

    def entry(self, wid: str, label: str, lines: int = 1, max_chars: int = 0, text: str = "", secret: bool = False,
              width: float | None = None):
        """A labelled field under what is there (label above, field below it), in the Tab order, with the
        button that opens the on-screen keyboard at its right end."""
        theme, t = self.theme, self.t
        size = theme.text_size
        width = width or self.inner
        keys_text = t("keyboard.open")
        keys_w = max(theme.button_height, self.fit.width(keys_text, size, True) + theme.pad * 2)
        self.y -= size * 1.15
        full = f"{PREFIX}.{wid}"
        widget = self.ui.entry(full, label, (self.x, self.y), width - keys_w - theme.pad,
                               lines=lines, parent=self.panel, max_chars=max_chars)
        if secret:
            widget["obscured"] = 1
        if text:
            widget.enterText(text)
        field_top = self.y - theme.line_height * 0.6
        self.y -= theme.line_height * 0.6 + size * (1.5 + lines - 1) + theme.pad * 0.7
        self.field_middle = self.y + theme.pad * 0.7 + size * 0.75
        self.ui.button(f"{full}.keys", keys_text, lambda: self.owner.open_keyboard(full),
                       (self.x + width - keys_w / 2, field_top - size * 0.75), keys_w, parent=self.panel)
        self.ui.widgets[f"{full}.keys"].name = t("keyboard.open_for", field=label)  # words for screen readers
        self.owner.register_entry(full)
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
