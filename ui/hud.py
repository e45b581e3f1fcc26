"""The heads-up display over the world: site name, status, key hints, the nearby-desk prompt and NPC captions."""
from __future__ import annotations

from ui.layout import Screen


def top_bottom(screen: Screen, theme) -> float:
    """The lowest edge of the HUD's top rows (site name; status and key hints): panels that rise from
    the bottom of the screen stop below it."""
    title = screen.top - 0.05 - theme.heading_size - theme.heading_size * 0.35 - theme.pad * 0.4
    keys = screen.top - 0.1 - theme.text_size - theme.small_size - theme.pad - theme.small_size * 0.35 - theme.pad * 0.4
    return min(title, keys) - 0.02


class Hud:
    def __init__(self, ui, screen: Screen, site_name: str):
        self.ui, self.screen = ui, screen
        self._prompt_text = None
        self._caption_text = None
        self._status_text = None
        self.title(site_name)

    def title(self, site_name: str) -> None:
        """The site's name, top left (again after a change of language)."""
        self.ui.remove("hud.site")
        y = self.screen.top - 0.05 - self.ui.theme.heading_size
        self._boxed(self.ui.label("hud.site", site_name, (self.screen.left + 0.05, y), size="heading"))

    def keys(self, text: str) -> None:
        """The keys that open help, the menu and the map, top right under the status line."""
        theme = self.ui.theme
        self.ui.remove("hud.keys")
        y = self.screen.top - 0.1 - theme.text_size - theme.small_size - theme.pad
        self._boxed(self.ui.label("hud.keys", text, (self.screen.right - 0.05, y), size="small", align="right"))

    def _boxed(self, label) -> None:
        """Give a label a dark box, so it reads over sky and buildings alike."""
        theme = self.ui.theme
        label["frameColor"] = theme.palette.caption_bg
        label["pad"] = (theme.pad * 0.6, theme.pad * 0.4)
        label.resetFrameSize()

    def _stack_from_bottom(self) -> None:
        """Prompt at the bottom, caption just above it: whatever their line counts, they never overlap."""
        y = self.screen.bottom + 0.04
        for wid in ("hud.prompt", "hud.caption"):
            info = self.ui.widgets.get(wid)
            if info is None:
                continue
            label = info.widget
            left, right, bottom, top = label.getBounds()
            label.set_z(y - bottom)
            y += top - bottom + 0.03

    def prompt(self, text: str | None) -> None:
        """Show or clear the 'press E to talk' hint at the bottom edge."""
        if text == self._prompt_text:
            return
        self._prompt_text = text
        self.ui.remove("hud.prompt")
        if text:
            self._boxed(self.ui.label("hud.prompt", text, (0, 0), align="center", bold=True))
        self._stack_from_bottom()

    def caption(self, text: str | None) -> None:
        """Show what an NPC says (captions are always on for NPC speech)."""
        if text == self._caption_text:
            return
        self._caption_text = text
        self.ui.remove("hud.caption")
        if text:
            wrap = self.screen.panel_width(2.6)
            self._boxed(self.ui.label("hud.caption", text, (0, 0), align="center", wrap=wrap))
        self._stack_from_bottom()

    def status(self, online: bool | None, waiting: int) -> None:
        """Top-right: whether the city's services can be reached, and how many writes wait to go."""
        i18n, theme = self.ui.i18n, self.ui.theme
        parts = []
        if online is not None:
            parts.append(i18n.t("hud.online" if online else "hud.offline"))
        if waiting:
            parts.append(i18n.t("hud.waiting", count=waiting))
        text = " · ".join(parts)
        if text == self._status_text:
            return
        self._status_text = text
        self.ui.remove("hud.status")
        if text:
            label = self.ui.label("hud.status", text, (self.screen.right - 0.05, self.screen.top - 0.05 - theme.text_size),
                                  align="right", color=theme.palette.text if online is not False else theme.palette.error)
            self._boxed(label)

    def notice(self, text: str | None) -> None:
        """A short message under the site name, e.g. that a queued proposal has now been filed."""
        self.ui.remove("hud.notice")
        if text:
            theme = self.ui.theme
            y = self.screen.top - 0.12 - theme.heading_size - theme.text_size
            self._boxed(self.ui.label("hud.notice", text, (self.screen.left + 0.05, y),
                                      wrap=self.screen.panel_width(1.6)))
