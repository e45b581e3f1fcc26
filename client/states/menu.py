"""The menu Esc opens over the world, and the help F1 opens: every way around the world, by name.

The menu reaches what the world's keys do (help, map, take me there, avatar) and the settings, for
a citizen who does not know the keys, and switches the language at once. It leads to easy mode (no
walking) and closes or brings back the first-run guide, so a keyboard user can do both without its
buttons. Both close with Esc, and both put the world back as it was: they never trap anyone.
"""
from __future__ import annotations

from client.states.base import State
from ui.chooser import show_chooser
from ui.focus import FocusList, bind_focus_keys
from ui.guide import CLOSE_EVENT, PREFIX as GUIDE_PREFIX, SHOW_EVENT
from ui.help_panel import show_help
from ui.layout import Screen

HELP_TOPICS = ("walk", "look", "talk", "map", "take_me_there", "avatar", "screenshot", "menu")


class MenuState(State):
    name = "menu"

    def on_enter(self, **_) -> None:
        ctx = self.ctx
        t = ctx.i18n.t
        world = self.machine.find("world")
        other = "en" if ctx.i18n.lang == "ko" else "ko"
        choices = [
            ("help", t("menu.help"), lambda: self._open("help")),
            ("map", t("menu.map"), lambda: self._open("world_map", current=world.manifest.id)),
            ("take_me_there", t("menu.take_me_there"), lambda: self._open("take_me_there")),
            ("avatar", t("menu.avatar"), lambda: self._open("service", service="avatar")),
            ("account", t("menu.account"), lambda: self._open("service", service="my_account")),
            ("settings", t("menu.settings"), lambda: self._open("settings")),
            # Named in the language it switches to, so someone who cannot read this one finds it.
            ("language", t(f"menu.language_{other}"), lambda: self._switch_language(other)),
            ("easy_mode", t("menu.easy_mode"),
             lambda: self.machine.switch("easy", manifest_path=str(world.manifest.path))),
        ]
        if world is not None and f"{GUIDE_PREFIX}panel" in world.ui.widgets:
            choices.append(("guide", t("menu.guide_close"), lambda: self._guide(CLOSE_EVENT)))
        else:
            choices.append(("guide", t("menu.guide_show"), lambda: self._guide(SHOW_EVENT)))
        buttons = show_chooser(self.ui, Screen.of(ctx.base), "menu", t("menu.heading"), choices, t("menu.resume"),
                               self.machine.pop)
        self.focus = FocusList(self.ui, "menu.focus", buttons)
        bind_focus_keys(self, lambda: self.focus)
        self.accept("escape", self.machine.pop)
        self.accept("f1", self._open, ["help"])

    def _open(self, name: str, **kwargs) -> None:
        """Close the menu and open ``name`` over the world in its place."""
        self.machine.pop()
        self.machine.push(name, **kwargs)

    def _guide(self, event: str) -> None:
        """Close the menu and show or close the first-run guide (ui/guide.py hears the event)."""
        self.machine.pop()
        self.ctx.base.messenger.send(event)

    def _switch_language(self, lang: str) -> None:
        self.ctx.i18n.set_lang(lang)
        self._open("menu")  # drawn again in the new language


class HelpState(State):
    name = "help"

    def on_enter(self, **_) -> None:
        self.page, self.pages = 0, 1
        self._show(0)
        bind_focus_keys(self, lambda: self.focus)
        self.accept("escape", self.machine.pop)
        self.accept("f1", self.machine.pop)
        self.accept("arrow_right", lambda: self._show(self.page + 1))
        self.accept("arrow_left", lambda: self._show(self.page - 1))

    def _show(self, page: int) -> None:
        """Draw one page of help (there is more than one at a large UI scale)."""
        t = self.ctx.i18n.t
        self.page = page % self.pages
        self.ui.remove_prefix("help.")
        lines = [(t(f"help.{topic}.keys"), t(f"help.{topic}.what")) for topic in HELP_TOPICS]
        self.pages = show_help(self.ui, Screen.of(self.ctx.base), t("help.heading"), lines, t("common.close"),
                               self.machine.pop, self.page, t("help.page"), self._show)
        self.focus = FocusList(self.ui, "help.focus", ["help.page", "help.close"])
