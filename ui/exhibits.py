"""Exhibits at a centre's desk: a paged list of what is on show, and one exhibit's text, maker and
what it shows, in the citizen's language.

Each centre's exhibits are data (scenes/exhibits/<centre>.yaml), checked like the manifests: every
complaint names the file and the key, and the file's size and the number of exhibits are limited.
The file is read on the worker, not in the frame; a broken one leaves the screen saying so in the
citizen's words (the file and key go to the log, for whoever edits it) with a way out.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from client.paths import SCENES_DIR
from client.schema import DataError, Reader, load_yaml_file
from ui.service_kit import ServiceScreen

log = logging.getLogger(__name__)

EXHIBITS_DIR = SCENES_DIR / "exhibits"
MAX_EXHIBITS = 40
Text = dict[str, str]  # {ko: …, en: …}


@dataclass(frozen=True)
class Exhibit:
    """One thing on show: its title, who made it, what it shows and a short text about it."""

    id: str
    title: Text
    maker: Text
    shows: Text
    text: Text


@dataclass(frozen=True)
class Exhibition:
    """A centre's exhibits; ``note`` says what they are (e.g. that they are examples, not real firms)."""

    path: Path
    id: str
    title: Text
    note: Text
    exhibits: tuple[Exhibit, ...]


def parse_exhibits(data: object, path: Path) -> Exhibition:
    """Check parsed YAML against the exhibits schema; raise DataError naming file and key."""
    r = Reader(data, path)
    r.allow_only("id", "title", "note", "exhibits")
    exhibition_id, title, note = r.string("id", max_len=64), r.text("title", max_len=60), r.text("note", max_len=240)
    exhibits = []
    for item in r.items("exhibits", max_items=MAX_EXHIBITS):
        item.allow_only("id", "title", "maker", "shows", "text")
        exhibits.append(Exhibit(id=item.string("id", max_len=40), title=item.text("title", max_len=80),
                                maker=item.text("maker", max_len=80), shows=item.text("shows", max_len=240),
                                text=item.text("text", max_len=800)))
    if not exhibits:
        raise r.error("exhibits", "needs at least one exhibit")
    ids = [e.id for e in exhibits]
    for index, exhibit_id in enumerate(ids):
        if exhibit_id in ids[:index]:
            raise DataError(path, f"exhibits[{index}].id", f"'{exhibit_id}' is used by another exhibit")
    return Exhibition(path=path, id=exhibition_id, title=title, note=note, exhibits=tuple(exhibits))


def load_exhibits(path: Path) -> Exhibition:
    """Load and check one exhibits file (size-limited, no YAML aliases)."""
    path = Path(path).resolve()
    return parse_exhibits(load_yaml_file(path), path)


class ExhibitsScreen(ServiceScreen):
    """A centre's exhibits; a subclass names the centre's file in ``source``."""

    source = ""  # scenes/exhibits/<source>.yaml
    exhibits_dir = EXHIBITS_DIR

    def start(self) -> None:
        self.exhibition: Exhibition | None = None
        self.broken = False
        self.page_no = 0
        self.open("list", self.list_view)
        # Straight to the worker rather than self.call: a reply for an older view still fills the list.
        self.state.submit(load_exhibits, self.exhibits_dir / f"{self.source}.yaml", on_done=self._loaded,
                          on_error=self._failed)

    def _loaded(self, exhibition: Exhibition) -> None:
        self.exhibition = exhibition
        if self.view_name == "list":  # the login view, say, keeps what was typed into it
            self.render()

    def _failed(self, error: BaseException) -> None:
        log.error("exhibits not shown: %s", error)  # file and key, for whoever edits the file
        self.broken = True
        if self.view_name == "list":
            self.render()

    # -- the list -------------------------------------------------------------------------------------
    def list_view(self) -> None:
        t, pick = self.i18n.t, self.i18n.pick
        exhibition = self.exhibition
        page = self.new_page(pick(exhibition.title) if exhibition else t("business.exhibits.heading"))
        page.footer(("exhibits.close", t("common.close"), self.close, False))
        if self.broken:
            page.paragraph("exhibits.broken", t("business.exhibits.broken"), color=page.theme.palette.error)
            return
        if exhibition is None:
            page.status(t("svc.loading"))
            return
        page.muted("exhibits.note", pick(exhibition.note), max_rows=2)
        page.gap(0.2)
        page.list("exhibits", list(exhibition.exhibits), self._row, self._open, self.page_no, self._go_page)

    def _row(self, exhibit: Exhibit) -> str:
        return self.i18n.pick(exhibit.title)  # the maker waits for the detail: both would not fit at 200%

    def _go_page(self, number: int) -> None:
        self.page_no = number
        self.render()

    # -- one exhibit ----------------------------------------------------------------------------------
    def _open(self, exhibit: Exhibit) -> None:
        self.open("detail", lambda: self.detail_view(exhibit))

    def detail_view(self, exhibit: Exhibit) -> None:
        t, pick = self.i18n.t, self.i18n.pick
        # The centre's short title heads the panel: an exhibit's own may be too long for a heading at 200%.
        page = self.new_page(pick(self.exhibition.title))
        line = page.theme.line_height
        page.paragraph("exhibit.title", pick(exhibit.title), bold=True, max_rows=2)
        page.paragraph("exhibit.maker", t("business.exhibits.maker", maker=pick(exhibit.maker)), max_rows=2)
        page.paragraph("exhibit.shows", t("business.exhibits.shows", shows=pick(exhibit.shows)), max_rows=3,
                       keep=line * 4)
        page.gap(0.2)
        page.paragraph("exhibit.text", pick(exhibit.text))
        buttons = [("exhibits.back", t("svc.back"), self.back, False)]
        following = self._following_exhibit(exhibit)
        if following is not None:
            buttons.append(("exhibits.next", t("business.exhibits.next"), lambda: self._next(following), True))
        page.footer(*buttons)

    def _following_exhibit(self, exhibit: Exhibit) -> Exhibit | None:
        exhibits = self.exhibition.exhibits
        index = exhibits.index(exhibit)
        return exhibits[index + 1] if index + 1 < len(exhibits) else None

    def _next(self, exhibit: Exhibit) -> None:
        """The next exhibit in this view's place, so Back still returns to the list."""
        self.replace("detail", lambda: self.detail_view(exhibit))


class BusinessExhibitsScreen(ExhibitsScreen):
    """Start-ups' work on show at the Business Support Centre."""

    source = "business_support"


class FintechExhibitsScreen(ExhibitsScreen):
    """Fintech showcases at the Fintech Lab."""

    source = "fintech_lab"
