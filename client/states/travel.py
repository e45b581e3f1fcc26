"""Travelling to a site: a loading screen whose bar follows the real loading, frames drawn throughout.

The manifest and dialogues are checked first (small files); then every model the site needs is
loaded on Panda3D's loader thread, from its .bam conversion in the model cache when there is one
(client/world/model_cache.py). The bar advances by the bytes of the files that have finished
loading, so it is true progress rather than an animation. Once everything is in memory the world
opens from Panda3D's model pool without touching the disk.
"""
from __future__ import annotations

import logging
from pathlib import Path

from direct.gui.DirectGui import DirectWaitBar
from panda3d.core import Filename, LoaderOptions

from client.dialogue import load_dialogue
from client.states.base import State
from client.world.avatar import CHARACTER_MODELS
from client.world.manifest import SERVICES, load_manifest, site_path
from ui.layout import Screen

log = logging.getLogger(__name__)


class TravelState(State):
    name = "travel"

    def on_enter(self, site: str | None = None, manifest_path: str | None = None, **_) -> None:
        ctx = self.ctx
        t, theme = ctx.i18n.t, ctx.theme
        self.requests, self.bar = [], None  # so on_exit can tidy up after an early error
        path = Path(manifest_path) if manifest_path else site_path(site)
        self.manifest = load_manifest(path)
        for desk in self.manifest.desks:
            load_dialogue(desk.dialogue, SERVICES)
        self.world_args = {"manifest_path": str(path)}
        screen = Screen.of(ctx.base)
        width = screen.panel_width(2.2)
        panel = self.ui.panel("travel.panel", (-width / 2, width / 2, -0.4, 0.4))
        name = ctx.i18n.pick(self.manifest.name)
        self.ui.label("travel.heading", t("travel.going_to", site=name), (0, 0.18), parent=panel,
                      size="heading", align="center")
        self.bar = DirectWaitBar(parent=panel, range=1000, value=0, pos=(0, 0, -0.02),
                                 frameSize=(-width / 2 + 0.1, width / 2 - 0.1, -0.035 * theme.scale,
                                            0.035 * theme.scale),
                                 barColor=theme.palette.accent_bg, frameColor=theme.palette.button_bg)
        self.ui.label("travel.progress", t("travel.progress", percent=0), (0, -0.2), parent=panel, align="center")
        files = [self.manifest.model, *CHARACTER_MODELS]
        for desk in self.manifest.desks:
            files += [desk.npc.model] + ([desk.model] if desk.model else [])
        self.files = sorted(set(files))
        self.total = sum(max(1, f.stat().st_size) for f in self.files)
        self.done_bytes = 0
        self.failed: str | None = None
        for file in self.files:
            self._request(file, self._source(file))
        self.add_task(self._watch, "watch")

    def _source(self, file: Path) -> Path:
        cache = self.ctx.models.cache
        return cache.source(file) if cache is not None else file

    def _request(self, file: Path, source: Path) -> None:
        options = LoaderOptions(LoaderOptions.LF_no_disk_cache | LoaderOptions.LF_report_errors)
        request = self.ctx.base.loader.load_model(Filename.from_os_specific(str(source)), loaderOptions=options,
                                                  callback=self._loaded, extraArgs=[file, source])
        self.requests.append(request)

    @property
    def progress(self) -> float:
        return self.done_bytes / self.total if self.total else 1.0

    def _loaded(self, model, file: Path, source: Path) -> None:
        cache = self.ctx.models.cache
        if model is None and source != file and cache is not None:
            # A cache entry that cannot be read: dropped, and the model loaded from its own file.
            log.warning("model cache entry %s of %s cannot be read; loading the file itself", source, file)
            cache.forget(file)
            self._request(file, file)
            return
        if model is None:
            self.failed = f"{file}: cannot be loaded"
            return
        if cache is not None:
            # The first load of a glTF file also writes its .bam (a few ms), before the world
            # changes anything in the model.
            cache.loaded(file, source, model)
        self.done_bytes += max(1, file.stat().st_size)
        self.bar["value"] = round(self.progress * 1000)
        info = self.ui.widgets["travel.progress"]
        info.widget["text"] = info.name = self.ctx.i18n.t("travel.progress", percent=round(self.progress * 100))

    def _watch(self, task):
        if self.failed:
            self.machine.switch("error", message=self.failed)
            return task.done
        if self.done_bytes >= self.total:
            self.machine.switch("world", **self.world_args)
            return task.done
        return task.cont

    def on_exit(self) -> None:
        for request in self.requests:
            if not request.done():
                request.cancel()
        if self.bar is not None:
            self.bar.destroy()
