"""Customising one's avatar: a row per part (age, getting around, height, build, skin, hair, clothes).

Enter or the left/right arrows change the focused row, Tab and up/down move between rows, Esc leaves
(undoing what was not saved). Every change shows at once on the avatar in the world, which the camera
faces while the screen is open. Save keeps the look with the account when signed in (through the
worker), or on this device for a guest; the world shows the same look on the next start.
"""
from __future__ import annotations

import math

from client.world.appearance import Appearance, AppearanceError, save_local
from net.api import SavedAvatar, error_text
from ui.avatar_choices import Choice, choices, rgba, step, value_text
from ui.service_kit import PREFIX, ServiceScreen
from ui.service_page import Page

# Below this UI scale the panel keeps to the left of the window and leaves the avatar in view.
NARROW_UP_TO_SCALE = 1.3


class AvatarScreen(ServiceScreen):
    def start(self) -> None:
        self.world = self.state.machine.find("world")
        shown = self.world.avatar.appearance if self.world is not None else Appearance()
        self.saved_look = self.look = shown
        self.row_page = 0
        self.busy = False
        self._rows: dict[str, str] = {}  # button id -> the field it changes
        self._undo_camera = self.world.camera.portrait() if self.world is not None else None
        self.open("look", self.look_view)
        if self.signed_in:
            self._fetch_account_look()

    # -- layout -------------------------------------------------------------------------------------
    @property
    def narrow(self) -> bool:
        return self.world is not None and self.ui.theme.scale <= NARROW_UP_TO_SCALE

    def new_page(self, heading: str) -> Page:
        """A panel at the left of the window (the avatar stays visible on the right) at modest UI scales."""
        width = min(2.15 * self.ui.theme.scale, self.screen.width * 0.6) if self.narrow else None
        self.page = Page(self, heading, width=width)
        return self.page

    def render(self) -> None:
        super().render()
        if self.narrow and self.page is not None:
            self.page.panel.set_x(self.screen.left + 0.05 + self.page.width / 2)

    def look_view(self) -> None:
        t = self.i18n.t
        page = self.new_page(t("avatar.heading"))
        if self.narrow:  # at large UI scales the rows need the room (the account bar says "guest")
            page.muted("avatar.hint", t("avatar.hint_account" if self.signed_in else "avatar.hint_guest"),
                       max_rows=2)
            page.gap(0.2)
        rows = choices(self.look)
        texts = [self._row_text(choice) for choice in rows]
        theme = page.theme
        swatch = theme.button_height * 0.2
        columns = 2 if self._fits(page, rows, texts, 2, swatch) else 1
        width = (page.inner - theme.pad * (columns - 1)) / columns
        pitch = theme.button_height + theme.pad * 0.5
        per_column = max(1, int((page.y - page.footer_top - page.status_room()) // pitch))
        per_column = min(per_column, math.ceil(len(rows) / columns))  # balanced columns when all fit
        per_page = per_column * columns
        pages = math.ceil(len(rows) / per_page)
        self.row_page = min(self.row_page, pages - 1)
        first = self.row_page * per_page
        top = page.y
        self._rows = {}
        for i, (choice, text) in enumerate(zip(rows[first:first + per_page], texts[first:first + per_page])):
            column, row = divmod(i, per_column)
            page.y = top - row * pitch
            wid = f"avatar.{choice.field}"
            button = page.button(wid, text, lambda f=choice.field: self.change(f, 1), width=width,
                                 x=page.x + column * (width + theme.pad))
            self._rows[f"{PREFIX}.{wid}"] = choice.field
            if choice.swatch:
                self._swatch(wid, button, choice, width, swatch)
        if pages > 1:
            page.pager("avatar.rows", self.row_page, pages, self._go_page)
        unsaved = self.look != self.saved_look
        page.footer(("avatar.cancel", t("common.cancel" if unsaved else "common.close"), self.back, False),
                    ("avatar.save", t("avatar.save"), self.save, True))

    def _row_text(self, choice: Choice) -> str:
        t = self.i18n.t
        return t("avatar.row", label=t(f"avatar.field.{choice.field}"),
                 value=value_text(t, choice, getattr(self.look, choice.field)))

    def _fits(self, page: Page, rows, texts: list[str], columns: int, swatch: float) -> bool:
        """True when every row's text fits a button of that many columns, clear of its colour square."""
        theme = page.theme
        width = (page.inner - theme.pad * (columns - 1)) / columns
        room = width - theme.pad * 2
        return all(self.fit.width(text, theme.text_size, bold=True) + (self._square_room(swatch) if c.swatch else 0)
                   <= room for c, text in zip(rows, texts))

    def _square_room(self, size: float) -> float:
        return size * 2 + self.ui.theme.pad

    def _swatch(self, wid: str, button, choice: Choice, width: float, size: float) -> None:
        """A square of the chosen colour at the right end of its row (drawn over the button)."""
        colour, edge = getattr(self.look, choice.field), size * 0.12
        # An outline in the button's text colour, so white shoes show on a pale button too.
        outline = self.ui.panel(f"{PREFIX}.{wid}.swatch", (-size - edge, size + edge, -size - edge, size + edge),
                                parent=button, color=self.ui.theme.palette.button_text)
        self.ui.panel(f"{PREFIX}.{wid}.swatch.fill", (-size, size, -size, size), parent=outline, color=rgba(colour))
        outline.set_pos(width / 2 - self.ui.theme.pad - size, 0, 0)
        for square in (outline, self.ui.widgets[f"{PREFIX}.{wid}.swatch.fill"].widget):
            square["state"] = "disabled"  # clicks on the square still reach the button under it
        # The text moves left by half the square's room, so it stays centred in what is left.
        button["text_pos"] = (-self._square_room(size) / 2, button["text_pos"][1])

    def _go_page(self, number: int) -> None:
        self.row_page = number
        self.render()

    # -- changing the look ------------------------------------------------------------------------
    def change(self, field: str, by: int) -> None:
        """Step one part of the look (Enter on its row, or the arrows) and show it on the avatar."""
        if self.busy:
            return
        focused = self._buttons[self.focus][0] if 0 <= self.focus < len(self._buttons) else f"{PREFIX}.avatar.{field}"
        self.look = step(self.look, field, by)
        self._preview(self.look)
        self.notice = ("", False)
        self.render()
        self._refocus(focused)

    def adjust(self, by: int) -> None:
        """Left/right arrows: step the focused row back or forward."""
        if 0 <= self.focus < len(self._buttons):
            field = self._rows.get(self._buttons[self.focus][0])
            if field is not None:
                self.change(field, by)

    def _refocus(self, wid: str) -> None:
        ids = [b[0] for b in self._buttons]
        if wid in ids:
            self.focus = ids.index(wid) - 1
            self.move_focus(1)

    def _preview(self, look: Appearance) -> None:
        if self.world is not None and self.world.avatar.appearance != look:
            self.world.avatar.apply(look)

    # -- loading and saving -------------------------------------------------------------------------
    def _fetch_account_look(self) -> None:
        self.say(self.i18n.t("svc.loading"))
        self.call(self.api.get_avatar, then=self._fetched)

    def _fetched(self, saved: SavedAvatar | None) -> None:
        self.say("")
        if saved is None:
            return  # never saved: the account starts from what is shown
        try:
            look = Appearance.from_dict(saved.appearance_dict())
        except AppearanceError:
            return  # saved by a newer client with parts this one cannot draw: keep what is shown
        self.saved_look = self.look = look
        self._preview(look)
        if self.world is not None:
            self.world.look.saved(look, on_account=True)
        self.render()

    def logged_in(self, account, then) -> None:
        super().logged_in(account, then)
        if self.views:
            self._fetch_account_look()

    def save(self) -> None:
        """Keep the look: with the account when signed in, else on this device; never on the frame."""
        if self.busy:
            return
        self.busy = True
        look, on_account = self.look, self.signed_in
        kiosk = self.ctx.settings.kiosk.enabled
        t = self.i18n.t
        self.say(t("avatar.saving"))

        def done(_result) -> None:
            self.busy = False
            self.saved_look = look
            if self.world is not None:
                self.world.look.saved(look, on_account=on_account)
            self.render()
            self.say(t("avatar.saved_account" if on_account else "avatar.saved_visit" if kiosk else "avatar.saved_device"))

        def failed(error) -> None:
            self.busy = False
            self.say(error_text(self.i18n, error), error=True)

        if on_account:
            self.call(self.api.save_avatar, look.to_dict(), then=done, failed=failed)
        elif kiosk:
            done(None)  # nothing of a visitor is written on a shared machine: the world keeps the look for this visit
        else:
            self.call(save_local, look, self.ctx.dirs.config, then=done, failed=failed)

    # -- leaving --------------------------------------------------------------------------------------
    def back(self) -> None:
        """Esc: not while a save is on its way (the world would meet a half-saved look)."""
        if self.busy:
            return
        super().back()

    def closed(self) -> None:
        """The screen is gone: the avatar goes back to the saved look, the camera behind it."""
        self._preview(self.saved_look)
        if self._undo_camera is not None:
            self._undo_camera()
            self._undo_camera = None
