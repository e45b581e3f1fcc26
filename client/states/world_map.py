"""The world map: every site as a large button; choosing one travels there. Esc or M closes it."""
from __future__ import annotations

import logging

from client.paths import SCENES_DIR
from client.schema import DataError
from client.states.base import State
from client.world.manifest import load_manifest
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
    return sites


class WorldMapState(State):
    name = "world_map"

    def on_enter(self, current: str | None = None, **_) -> None:
        ctx = self.ctx
        t, theme, i18n = ctx.i18n.t, ctx.theme, ctx.i18n
        screen = Screen.of(ctx.base)
        sites = available_sites()
        columns = 1 if len(sites) <= 3 else 2  # two columns keep eleven sites large even at 200%
        width = screen.panel_width(3.2)
        rows = (len(sites) + columns - 1) // columns
        gap = theme.pad * 0.4
        button_h = min(theme.button_height, (1.94 - theme.heading_size * 2.5 - theme.button_height * 1.5) / max(rows, 1) - gap)
        height = min(1.96, theme.heading_size * 2.5 + rows * (button_h + gap) + theme.button_height * 1.6)
        panel = self.ui.panel("map.panel", (-width / 2, width / 2, -height / 2, height / 2))
        top = height / 2 - theme.pad - theme.heading_size
        self.ui.label("map.heading", t("map.heading"), (-width / 2 + theme.pad * 2, top), parent=panel, size="heading")
        inner = width - theme.pad * 4
        column_w = (inner - theme.pad * (columns - 1)) / columns
        y0 = top - theme.heading_size * 0.9 - button_h / 2
        for index, (site_id, name) in enumerate(sites):
            row, col = divmod(index, columns)
            x = -inner / 2 + column_w / 2 + col * (column_w + theme.pad)
            label = i18n.pick(name) + (f" ({t('map.here')})" if site_id == current else "")
            button = self.ui.button(f"map.site.{site_id}", label, lambda s=site_id: self._go(s),
                                    (x, y0 - row * (button_h + gap)), column_w, parent=panel,
                                    primary=site_id == current)
            button["frameSize"] = (-column_w / 2, column_w / 2, -button_h / 2, button_h / 2)
            self.ui.widgets[f"map.site.{site_id}"].name = i18n.pick(name)
        self.ui.button("map.close", t("common.close"), self.machine.pop,
                       (0, -height / 2 + theme.pad + theme.button_height / 2), inner / 2, parent=panel)
        self.current = current
        self.accept("escape", self.machine.pop)
        self.accept("m", self.machine.pop)

    def _go(self, site_id: str) -> None:
        if site_id == self.current:
            self.machine.pop()
        else:
            self.machine.switch("travel", site=site_id)
