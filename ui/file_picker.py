"""Choosing a file inside the app (an identity document): kiosks and offscreen runs have no OS dialog.

The picker is a view of a ServiceScreen, so it keys and focuses like every other view: Tab and the
arrows move along the buttons, Enter opens the focused folder or file, Esc goes back to the form. It
starts in the citizen's documents, pictures, downloads or home folder, goes into folders and up,
pages long listings and shows only folders and PNG, JPEG or PDF files with their sizes. Folders are
listed and files checked on the worker: nothing here touches the disk in the frame loop. A file over
5 MB or one whose bytes are not a PNG, JPEG or PDF is refused here, before anything is uploaded.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import platformdirs

MAX_BYTES = 5 * 1024 * 1024  # the server's limit on identity documents
SHOWN_SUFFIXES = (".png", ".jpg", ".jpeg", ".pdf")
# The server judges a document by its first bytes, not its name; so does the picker, to say so first.
_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"), (b"%PDF-", "pdf"))
PLACES = ("documents", "pictures", "downloads", "home")


@dataclass(frozen=True)
class Entry:
    """One row of a folder listing."""

    path: Path
    folder: bool
    size: int = 0


@dataclass(frozen=True)
class Picked:
    """A file that passed the checks: its path, size in bytes and kind (png, jpeg or pdf)."""

    path: Path
    size: int
    kind: str


class FileProblem(Exception):
    """A file the picker refuses: reason is too_large, wrong_kind or unreadable."""

    def __init__(self, reason: str, path: Path, size: int = 0):
        super().__init__(f"{path}: {reason}")
        self.reason, self.path, self.size = reason, path, size


def default_places() -> list[tuple[str, Path]]:
    """(place, folder) for the citizen's documents, pictures, downloads and home folders, each once."""
    found = {"documents": platformdirs.user_documents_dir(), "pictures": platformdirs.user_pictures_dir(),
             "downloads": platformdirs.user_downloads_dir(), "home": str(Path.home())}
    places, seen = [], set()
    for place in PLACES:
        folder = Path(found[place])
        if folder not in seen:
            seen.add(folder)
            places.append((place, folder))
    return places


def list_folder(folder: Path) -> tuple[Entry, ...]:
    """Sub-folders, then PNG/JPEG/PDF files, each by name; hidden ones left out. OSError if unreadable."""
    folders, files = [], []
    for path in folder.iterdir():
        if path.name.startswith("."):
            continue
        try:
            if path.is_dir():
                folders.append(Entry(path, True))
            elif path.suffix.lower() in SHOWN_SUFFIXES and path.is_file():
                files.append(Entry(path, False, path.stat().st_size))
        except OSError:
            continue  # a broken link or a file gone meanwhile is simply not listed
    return tuple(sorted(folders, key=_name_key) + sorted(files, key=_name_key))


def _name_key(entry: Entry) -> str:
    return entry.path.name.casefold()


def sniff(head: bytes) -> str | None:
    """png, jpeg or pdf from a file's first bytes, or None."""
    return next((kind for magic, kind in _SIGNATURES if head.startswith(magic)), None)


def check_file(path: Path) -> Picked:
    """The file if it can be sent as an identity document; FileProblem saying why not."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise FileProblem("too_large", path, size)
        with path.open("rb") as handle:
            kind = sniff(handle.read(8))
    except OSError as exc:
        raise FileProblem("unreadable", path) from exc
    if kind is None:
        raise FileProblem("wrong_kind", path, size)
    return Picked(path, size, kind)


def read_document(picked: Picked) -> bytes:
    """The file's bytes for uploading, checked again: it may have changed since it was picked."""
    try:
        with picked.path.open("rb") as handle:
            content = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise FileProblem("unreadable", picked.path) from exc
    if len(content) > MAX_BYTES:
        raise FileProblem("too_large", picked.path, len(content))
    if sniff(content) is None:
        raise FileProblem("wrong_kind", picked.path, len(content))
    return content


def size_text(size: int) -> str:
    """A size people read: '820 KB', '4.8 MB' (the same in Korean and English)."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
    return f"{max(1, round(size / 1024))} KB"


def problem_text(t: Callable[..., str], problem: FileProblem) -> str:
    """The message for a refused file, naming the file and the cause."""
    return t(f"picker.refused.{problem.reason}", name=problem.path.name, size=size_text(problem.size),
             limit=size_text(MAX_BYTES))


class FilePicker:
    """The picker's state; `view` is the ServiceScreen view function. on_pick gets the checked file."""

    def __init__(self, screen, on_pick: Callable[[Picked], None], places: list[tuple[str, Path]] | None = None):
        self.screen, self.on_pick = screen, on_pick
        self.places = places if places is not None else default_places()
        self.folder = self.places[0][1] if self.places else Path.home()
        self.entries: tuple[Entry, ...] | None = None
        self.page_no = 0
        self.checking = False

    def view(self) -> None:
        screen = self.screen
        t = screen.i18n.t
        page = screen.new_page(t("picker.heading"))
        theme = page.theme
        page.paragraph("picker.folder", self._tail(str(self.folder), page), size="small",
                       color=theme.palette.muted, max_rows=1)
        page.gap(0.1)
        self._place_buttons(page)
        page.gap(0.2)
        page.footer(("picker.cancel", t("common.cancel"), screen.back, False),
                    ("picker.up", t("picker.up"), self.up, False))
        if self.entries is None:
            page.status(t("svc.loading"))
            screen.call(list_folder, self.folder, then=self._listed, failed=self._unlistable)
            return
        # The status line says what is shown until there is news; a refusal may need three rows there,
        # taken from the list (a message cut short would not say why).
        if not screen.notice[0]:
            screen.notice = (t("picker.hint", limit=size_text(MAX_BYTES)), False)
        rows = min(3, page.fit.rows(screen.notice[0], theme.text_size, page.inner))
        per = page.rows_fit(theme.line_height * (rows - 1))
        self.page_no = min(self.page_no, max(0, (len(self.entries) - 1) // per))
        page.list("picker.items", list(self.entries), self._row, self._open, self.page_no, self._go_page,
                  per_page=per, empty=t("picker.empty"))
        page.status_rows = rows

    def _place_buttons(self, page) -> None:
        """The start folders side by side in one row."""
        if not self.places:
            return
        theme, count = page.theme, len(self.places)
        width = (page.inner - theme.pad * (count - 1)) / count
        top = page.y
        for index, (place, _) in enumerate(self.places):
            page.y = top
            page.button(f"picker.place.{place}", page.t(f"picker.place.{place}"),
                        lambda i=index: self.go(self.places[i][1]), width=width,
                        x=page.x + index * (width + theme.pad))

    def _tail(self, text: str, page) -> str:
        """The end of a long path (the folder's own name matters most), cut with … at the front."""
        fit, size, room = page.fit, page.theme.small_size, page.inner
        if fit.width(text, size) <= room:
            return text
        lo, hi = 0, len(text)
        while lo < hi:  # the shortest cut that fits
            mid = (lo + hi) // 2
            if fit.width("…" + text[mid:], size) <= room:
                hi = mid
            else:
                lo = mid + 1
        return "…" + text[lo:]

    def _row(self, entry: Entry) -> str:
        t = self.screen.i18n.t
        if entry.folder:
            return t("picker.folder_row", name=entry.path.name)
        return t("picker.file_row", name=entry.path.name, size=size_text(entry.size))

    def _listed(self, entries: tuple[Entry, ...]) -> None:
        self.entries = entries
        self.screen.render()

    def _unlistable(self, _error: BaseException) -> None:
        self.entries = ()
        self._tell(self.screen.i18n.t("picker.cannot_open", folder=self.folder.name or str(self.folder)))

    def _tell(self, problem: str) -> None:
        """A refusal, drawn again so the status line gets the rows it needs."""
        self.screen.notice = (problem, True)
        self.screen.render()

    def _go_page(self, number: int) -> None:
        self.page_no = number
        self.screen.render()

    def go(self, folder: Path) -> None:
        """Show another folder's contents (read on the worker)."""
        self.folder, self.entries, self.page_no = folder, None, 0
        self.screen.notice = ("", False)
        self.screen.render()

    def up(self) -> None:
        """The folder above, if there is one."""
        if self.folder.parent != self.folder:
            self.go(self.folder.parent)

    def _open(self, entry: Entry) -> None:
        if entry.folder:
            self.go(entry.path)
            return
        if self.checking:
            return
        self.checking = True
        screen = self.screen

        def refused(error: BaseException) -> None:
            self.checking = False
            t = screen.i18n.t
            self._tell(problem_text(t, error) if isinstance(error, FileProblem) else t("error.unknown"))

        def accepted(picked: Picked) -> None:
            self.checking = False
            self.on_pick(picked)

        screen.say(screen.i18n.t("picker.checking"))
        screen.call(check_file, entry.path, then=accepted, failed=refused)
