"""The world map: every site as a large button; choosing one travels there. Esc or M closes it."""
from __future__ import annotations

import logging

from client.paths import SCENES_DIR
from client.schema import DataError
from client.states.base import State
from client.world.manifest import load_manifest
from ui.chooser import show_chooser
from ui.focus import FocusList, bind_focus_keys
from ui.layout import Screen

log = logging.getLogger(__name__)


def available_sites(scenes_dir=SCENES_DIR) -> list[tuple[str, dict[str, str]]]:
    """(id, name) of every site whose manifest is valid; a broken one is logged and left off the map."""
    sites = []
    for path in sorted(scenes_dir.glob("*.yaml")):
        try:
            manifest = load_manifest(path)
        except DataError as exc:
            log.error("not on the map: %s", exc)
            continue
        sites.append((manifest.id, manifest.name))
    # The plaza, where everyone starts, comes first; the rest alphabetically by file name.
    return sorted(sites, key=lambda site: site[0] != "seoul_plaza")


class WorldMapState(State):
    name = "world_map"

    def on_enter(self, current: str | None = None, **_) -> None:
        ctx = self.ctx
        t, i18n = ctx.i18n.t, ctx.i18n
        self.current = current
        sites = available_sites()
        choices = []
        for site_id, name in sites:
            label = i18n.pick(name) + (f" ({t('map.here')})" if site_id == current else "")
            choices.append((f"site.{site_id}", label, lambda s=site_id: self._go(s)))
        buttons = show_chooser(self.ui, Screen.of(ctx.base), "map", t("map.heading"), choices, t("common.close"),
                               self.machine.pop, highlight=f"site.{current}")
        for site_id, name in sites:
            self.ui.widgets[f"map.site.{site_id}"].name = i18n.pick(name)  # pressable by the plain name
        self.focus = FocusList(self.ui, "map.focus", buttons)
        bind_focus_keys(self, lambda: self.focus)
        self.accept("escape", self.machine.pop)
        self.accept("m", self.machine.pop)

    def _go(self, site_id: str) -> None:
        if site_id == self.current:
            self.machine.pop()
        else:
            self.machine.switch("travel", site=site_id)
