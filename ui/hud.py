"""The heads-up display over the world: site name, the nearby-desk prompt and NPC captions."""
from __future__ import annotations

from ui.layout import Screen


class Hud:
    def __init__(self, ui, screen: Screen, site_name: str):
        self.ui, self.screen = ui, screen
        theme = ui.theme
        title = ui.label("hud.site", site_name, (screen.left + 0.05, screen.top - 0.05 - theme.heading_size),
                         size="heading")
        title["frameColor"] = theme.palette.caption_bg  # readable over sky and buildings alike
        title["pad"] = (theme.pad * 0.6, theme.pad * 0.4)
        title.resetFrameSize()
        self._prompt_text = None
        self._caption_text = None

    def prompt(self, text: str | None) -> None:
        """Show or clear the 'press E to talk' hint above the bottom edge."""
        if text == self._prompt_text:
            return
        self._prompt_text = text
        self.ui.remove("hud.prompt")
        if text:
            theme = self.ui.theme
            self.ui.label("hud.prompt", text, (0, self.screen.bottom + 0.12), align="center", bold=True)
            label = self.ui.widgets["hud.prompt"].widget
            label["frameColor"] = theme.palette.caption_bg
            label["pad"] = (theme.pad, theme.pad * 0.6)
            label.resetFrameSize()

    def caption(self, text: str | None) -> None:
        """Show what an NPC says (captions are always on for NPC speech)."""
        if text == self._caption_text:
            return
        self._caption_text = text
        self.ui.remove("hud.caption")
        if text:
            theme = self.ui.theme
            wrap = self.screen.panel_width(2.4)
            self.ui.label("hud.caption", text, (0, self.screen.bottom + 0.3), align="center", wrap=wrap)
            label = self.ui.widgets["hud.caption"].widget
            label["frameColor"] = theme.palette.caption_bg
            label["pad"] = (theme.pad, theme.pad * 0.6)
            label.resetFrameSize()
