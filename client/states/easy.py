"""Easy mode: a plain 2D menu that reaches every service and every tourist text without walking anywhere.

Pages, all with large buttons: the top page (service groups, tourist information, settings, help,
the language switch, the 3D city), a group's page (its services and the answers its desks give),
tourist information (a site each) and readable text pages. Nothing of the 3D world is loaded: a service
screen opens over easy mode and closes back to it.

Keys: Tab/Shift-Tab and the up/down arrows move the focus ring, Enter presses, left/right turn pages.
Esc goes back one page; on the top page, where there is nowhere further back, it puts the ring on
"Go to the 3D city" (Enter then goes there), so Esc never traps anyone and never throws anyone out.
"""
from __future__ import annotations

from client.easy_catalog import EasyCatalog, build_catalog
from client.states.base import State
from client.states.service import SCREENS
from ui.easy_pages import Paging, show_buttons, show_text
from ui.focus import FocusList, bind_focus_keys
from ui.layout import Screen

TOP = "top"
# How the avatar looks matters where it can be seen: that screen stays in the 3D city.
LEFT_TO_THE_CITY = ("avatar",)
HELP_TOPICS = ("move", "back", "pages", "city", "size", "guide")


def easy_catalog() -> EasyCatalog:
    """What easy mode offers: every desk's services and answers, every screen a citizen uses, every site's texts."""
    return build_catalog(extra_services=tuple(s for s in SCREENS if s not in LEFT_TO_THE_CITY))


class EasyState(State):
    name = "easy"

    def on_enter(self, site: str | None = None, manifest_path: str | None = None, **_) -> None:
        # Where "Go to the 3D city" leads: the site the citizen came from, else the configured one.
        self.world_args = {"manifest_path": manifest_path} if manifest_path else {
            "site": site or self.ctx.settings.world.site}
        self.catalog = easy_catalog()
        self.at, self.page, self.pages = TOP, 0, 1
        self.focus = FocusList(self.ui, "easy.focus", [])
        self._unsubscribe = self.ctx.i18n.subscribe(lambda _lang: self._draw())
        self._draw()
        bind_focus_keys(self, lambda: self.focus)
        self.accept("escape", self.back)
        self.accept("arrow_left", self._turn, [-1])
        self.accept("arrow_right", self._turn, [1])

    # -- navigation -------------------------------------------------------------------------------
    def open(self, where: str) -> None:
        """Show page ``where``: top, group:<id>, answer:<group>:<item>, tourist, site:<id> or help."""
        self.at, self.page = where, 0
        self.focus = FocusList(self.ui, "easy.focus", [])
        self._draw()

    def back(self) -> None:
        """Esc / Back: one page up; on the top page, offer the 3D city by putting the ring on it."""
        if self.at == TOP:
            if "easy.city" not in self.focus.button_ids:  # at 200% it is on the last page
                self.page = self.pages - 1
                self._draw()
            self._ring_on("easy.city")
            return
        kind, _, rest = self.at.partition(":")
        parent = {"answer": f"group:{rest.partition(':')[0]}", "site": "tourist"}.get(kind, TOP)
        came_from = f"easy.{self.at.replace(':', '.')}"
        self.open(parent)
        self._ring_on(came_from)  # the ring comes back to the button that led away

    def _ring_on(self, wid: str) -> None:
        if wid in self.focus.button_ids:
            self.focus.focus = self.focus.button_ids.index(wid) - 1
            self.focus.move(1)

    def _turn(self, step: int) -> None:
        if self.pages > 1:
            self._show_page(self.page + step)

    def _show_page(self, page: int) -> None:
        self.page = page % self.pages
        self._draw(keep_focus=True)

    def _service(self, service: str) -> None:
        self.machine.push("service", service=service)

    def _city(self) -> None:
        self.machine.switch("travel", **self.world_args)

    def _language(self, lang: str) -> None:
        self.ctx.i18n.set_lang(lang)  # the subscription draws the page again

    # -- drawing ------------------------------------------------------------------------------------
    def _paging(self) -> Paging:
        t = self.ctx.i18n.t
        return Paging(self.page, self._show_page, t("easy.prev"), t("easy.next"))

    def _draw(self, keep_focus: bool = False) -> None:
        focus = self.focus.focus if keep_focus else -1
        self.ui.remove_prefix("easy.")
        kind, _, rest = self.at.partition(":")
        ids = getattr(self, f"_draw_{kind}")(rest)
        self.page %= self.pages  # a language switch can change how many pages there are
        self.focus = FocusList(self.ui, "easy.focus", ids, focus)

    def _draw_top(self, _rest: str) -> list[str]:
        t, i18n = self.ctx.i18n.t, self.ctx.i18n
        other = "en" if i18n.lang == "ko" else "ko"
        choices = [(f"group.{g.id}", i18n.pick(g.name) if g.name else t(f"easy.group.{g.id}"),
                    lambda gid=g.id: self.open(f"group:{gid}")) for g in self.catalog.groups]
        choices += [
            ("tourist", t("easy.tourist"), lambda: self.open("tourist")),
            ("settings", t("easy.settings"), lambda: self.machine.push("settings")),
            ("help", t("easy.help"), lambda: self.open("help")),
            # Named in the language it switches to, so someone who cannot read this one finds it.
            ("language", t(f"menu.language_{other}"), lambda: self._language(other)),
            ("city", t("easy.city"), self._city),
        ]
        return self._buttons(t("easy.heading"), choices, [], highlight="city")

    def _draw_group(self, group_id: str) -> list[str]:
        t, i18n = self.ctx.i18n.t, self.ctx.i18n
        group = self.catalog.group(group_id)
        choices = []
        for item in group.items:
            if item.service:
                action = lambda s=item.service: self._service(s)
            else:
                action = lambda iid=item.id: self.open(f"answer:{group_id}:{iid}")
            choices.append((f"item.{item.id}", self._label(item), action))
        heading = i18n.pick(group.name) if group.name else t(f"easy.group.{group_id}")
        return self._buttons(heading, choices, [("back", t("easy.back"), self.back)])

    def _label(self, item) -> str:
        if item.label:
            return self.ctx.i18n.pick(item.label)
        key = f"easy.service.{item.service}"
        return self.ctx.i18n.t(key) if self.ctx.i18n.has(key) else item.service  # a screen added since

    def _draw_answer(self, rest: str) -> list[str]:
        group_id, _, item_id = rest.partition(":")
        item = next(i for i in self.catalog.group(group_id).items if i.id == item_id)
        pick = self.ctx.i18n.pick
        return self._text(self._label(item), [(self._label(item), pick(item.text))])

    def _draw_tourist(self, _rest: str) -> list[str]:
        t, pick = self.ctx.i18n.t, self.ctx.i18n.pick
        choices = [(f"site.{s.id}", pick(s.name), lambda sid=s.id: self.open(f"site:{sid}"))
                   for s in self.catalog.sites]
        buttons = self._buttons(t("easy.tourist_heading"), choices, [("back", t("easy.back"), self.back)])
        for s in self.catalog.sites:  # pressable by the plain name, like the world map's buttons
            if f"easy.site.{s.id}" in self.ui.widgets:
                self.ui.widgets[f"easy.site.{s.id}"].name = pick(s.name)
        return buttons

    def _draw_site(self, site_id: str) -> list[str]:
        pick = self.ctx.i18n.pick
        site = self.catalog.site(site_id)
        return self._text(pick(site.name), [(pick(s.heading), pick(s.text)) for s in site.sections])

    def _draw_help(self, _rest: str) -> list[str]:
        t = self.ctx.i18n.t
        sections = [(t(f"easy.help.{topic}.title"), t(f"easy.help.{topic}.text")) for topic in HELP_TOPICS]
        return self._text(t("easy.help_heading"), sections)

    def _buttons(self, heading, choices, extra, highlight=None) -> list[str]:
        ids, self.pages = show_buttons(self.ui, Screen.of(self.ctx.base), "easy", heading, choices, self._paging(),
                                       extra, highlight)
        return ids

    def _text(self, heading: str, sections: list[tuple[str, str]]) -> list[str]:
        ids, self.pages = show_text(self.ui, Screen.of(self.ctx.base), "easy", heading, sections, self._paging(),
                                    [("back", self.ctx.i18n.t("easy.back"), self.back)])
        return ids

    # -- lifecycle ----------------------------------------------------------------------------------
    def on_pause(self) -> None:
        self.root2d.hide()  # a service screen covers easy mode; its edges would only distract

    def on_resume(self) -> None:
        self.root2d.show()
        self._draw(keep_focus=True)

    def on_exit(self) -> None:
        if getattr(self, "_unsubscribe", None) is not None:
            self._unsubscribe()
