"""What the kiosk draws over every screen: the bar with Call staff (and Easy menu over the 3D city),
the staff banner, and the idle warning with its countdown.

It lives on its own node in aspect2d, drawn (and hit) after every state's, so the warning covers
everything. The states' 2D roots are fitted into the room above the bar (`fit`), so the bar never
covers a HUD line or a service panel at any text size. Texts are shown in both languages at once
where a stranger must understand them (the kiosk's language first).
"""
from __future__ import annotations

from typing import Callable

from client.i18n import Catalog
from ui.easy_pages import text_width
from ui.layout import Screen
from ui.widgets import UiRoot

MARGIN = 0.03
DIM = (0.0, 0.0, 0.0, 0.72)


class KioskOverlay:
    """Draws the kiosk's own widgets; `ui.widgets` holds them by id (kiosk.*) for tests and captions."""

    def __init__(self, base, theme, i18n):
        self.base, self.theme, self.i18n = base, theme, i18n
        self.node = base.aspect2d.attach_new_node("kiosk", sort=100)
        # The warning's node is drawn (and hit) after the bar's, even when the bar is drawn again later.
        self.bar_node = self.node.attach_new_node("kiosk:bar", sort=0)
        self.warning_node = self.node.attach_new_node("kiosk:warning", sort=10)
        self.ui = UiRoot(self.node, theme, i18n)
        self.catalogs = {lang: Catalog(lang) for lang in ("ko", "en")}
        self.banner_text: tuple[str, dict] | None = None

    @property
    def bar_height(self) -> float:
        """The strip at the bottom of the window that the bar's buttons take."""
        return self.theme.button_height + 2 * MARGIN

    def both(self, key: str, **values) -> str:
        """``key`` in the kiosk's language, then on the next line in the other one."""
        first = self.i18n.lang
        second = "en" if first == "ko" else "ko"
        return "\n".join(self.catalogs[lang].t(key, **values) for lang in (first, second))

    def fit(self, states) -> None:
        """Shrink each state's 2D root into the room above the bar (top edge kept where it is)."""
        scale = (2.0 - self.bar_height) / 2.0
        for state in states:
            if not state.root2d.is_empty():
                state.root2d.set_scale(scale)
                state.root2d.set_z(1.0 - scale)

    @staticmethod
    def unfit(states) -> None:
        for state in states:
            if not state.root2d.is_empty():
                state.root2d.set_scale(1.0)
                state.root2d.set_z(0.0)

    # -- the bar ----------------------------------------------------------------------------------------
    def draw_bar(self, on_call: Callable[[], None], on_easy: Callable[[], None] | None) -> None:
        """Call staff at the bottom left; Easy menu beside it when ``on_easy`` is given; the banner after."""
        ui, theme, t = self.ui, self.theme, self.i18n.t
        ui.remove_prefix("kiosk.bar.")
        screen = Screen.of(self.base)
        y = screen.bottom + MARGIN + theme.button_height / 2
        x = screen.left + MARGIN
        buttons = [("call_staff", t("kiosk.call_staff"), on_call, True)]
        if on_easy is not None:
            buttons.append(("easy", t("kiosk.easy"), on_easy, False))
        for wid, text, command, primary in buttons:
            width = text_width(theme, text, theme.text_size) + theme.pad * 3
            ui.button(f"kiosk.bar.{wid}", text, command, (x + width / 2, y), width, parent=self.bar_node,
                      primary=primary)
            x += width + MARGIN
        self._banner_left = x
        if self.banner_text is not None:
            key, values = self.banner_text
            self.banner(key, **values)

    def banner(self, key: str | None, **values) -> None:
        """A line in the bar beside the buttons (both languages), e.g. that staff have been called."""
        self.ui.remove("kiosk.bar.banner")
        self.banner_text = (key, values) if key else None
        if not key:
            return
        theme = self.theme
        screen = Screen.of(self.base)
        room = screen.right - MARGIN - self._banner_left - theme.pad * 2
        label = self.ui.label("kiosk.bar.banner", self.both(key, **values), (0, 0), size="small", bold=True,
                              wrap=room, parent=self.bar_node, color=theme.palette.accent_text)
        label["frameColor"] = theme.palette.accent_bg
        label["pad"] = (theme.pad * 0.6, theme.pad * 0.3)
        label.resetFrameSize()
        left, right, bottom, top = label.getBounds()
        label.set_pos(self._banner_left - left + theme.pad * 0.6, 0,
                      screen.bottom + self.bar_height / 2 - (top + bottom) / 2)

    # -- the idle warning ---------------------------------------------------------------------------------
    @property
    def warning_shown(self) -> bool:
        return "kiosk.warning.dim" in self.ui.widgets

    def warning(self, seconds: int, discard: int, on_continue: Callable[[], None]) -> None:
        """The countdown over everything: are you still there, touch to continue, erased in N s."""
        if self.warning_shown:
            info = self.ui.widgets["kiosk.warning.countdown"]
            text = self.both("kiosk.erase_in", seconds=seconds)
            if info.widget["text"] != text:
                info.widget["text"] = info.name = text
            return
        ui, theme = self.ui, self.theme
        screen = Screen.of(self.base)
        ui.panel("kiosk.warning.dim", (screen.left, screen.right, screen.bottom, screen.top),
                 parent=self.warning_node, color=DIM)
        width = screen.panel_width(2.8)
        inner = width - theme.pad * 4
        box = ui.panel("kiosk.warning.box", (-width / 2, width / 2, -0.1, 0.1), parent=self.warning_node)
        lines = [("heading", self.both("kiosk.still_there"), "heading"),
                 ("touch", self.both("kiosk.touch_to_continue"), "body"),
                 ("countdown", self.both("kiosk.erase_in", seconds=seconds), "heading")]
        if discard:
            lines.append(("discard", self.both("kiosk.discard_unsent", count=discard), "body"))
        y = -theme.pad * 2
        for wid, text, size in lines:
            label = ui.label(f"kiosk.warning.{wid}", text, (0, 0), parent=box, size=size, align="center",
                             wrap=inner, color=theme.palette.error if wid == "discard" else None)
            left, right, bottom, top = label.getBounds()
            label.set_z(y - top)
            y += bottom - top - theme.pad
        y -= theme.button_height / 2
        ui.button("kiosk.warning.continue", self.i18n.t("kiosk.continue"), on_continue, (0, y),
                  min(inner, text_width(theme, self.i18n.t("kiosk.continue"), theme.text_size) + theme.pad * 6),
                  parent=box, primary=True)
        bottom = y - theme.button_height / 2 - theme.pad * 2
        box["frameSize"] = (-width / 2, width / 2, bottom, 0)
        box.set_z(-bottom / 2)

    def hide_warning(self) -> None:
        self.ui.remove_prefix("kiosk.warning.")

    def destroy(self) -> None:
        """Take every kiosk widget down and remove the node."""
        self.ui.destroy()
        self.node.remove_node()
