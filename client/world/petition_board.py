"""The petition board: a sign in the world listing the proposals that passed an agree threshold.

Democracy Seoul's thresholds send a proposal to its department (50 agrees), to a public forum (100)
and to the mayor (1,000). Those are the ones a citizen walking through Seoul Plaza sees here, with
their agrees and where they stand, in the citizen's language; the board is filled from the read
cache on the worker, so it shows the last known list offline and never holds a frame.
"""
from __future__ import annotations

from typing import Callable, Sequence

from panda3d.core import CardMaker, NodePath, TextNode

from client.world.manifest import Board

PASSED = ("awaiting_mayor", "public_forum", "awaiting_answer", "answered")
ROWS = 5
WIDTH, HEIGHT, FOOT = 4.6, 3.3, 0.8  # metres: the face, and how high its lower edge stands
HEADING_SCALE, ROW_SCALE, DETAIL_SCALE, MARGIN = 0.3, 0.22, 0.17, 0.22
HEADING_COLOR, TEXT_COLOR, DETAIL_COLOR = (1.0, 0.86, 0.35, 1.0), (1.0, 1.0, 1.0, 1.0), (0.77, 0.83, 0.91, 1.0)


def fetch_passed(api, rows: int = ROWS) -> list:
    """The proposals that passed a threshold, most agreed first: one call (on the worker)."""
    page = api.list_petitions(status=PASSED, limit=100)
    return sorted(page.items, key=lambda p: (-p.agree_count, -p.id))[:rows]


class PetitionBoard:
    """The board's nodes under ``parent``: a post, a face, and text that `show` rewrites."""

    def __init__(self, parent: NodePath, board: Board, font, t: Callable[..., str]):
        self.board, self.font, self.t = board, font, t
        self.root = parent.attach_new_node(f"board:{board.id}")
        self.root.set_pos(*board.position)
        self.root.set_h(board.heading + 180.0)  # like a desk's heading: the face looks that way
        self.root.set_light_off()  # a lit sign: readable whatever the sun does
        for name, frame, color, y in (
            ("post", (-0.08, 0.08, 0.0, FOOT), (0.25, 0.27, 0.3, 1), 0.02),
            ("face", (-WIDTH / 2, WIDTH / 2, FOOT, FOOT + HEIGHT), (0.07, 0.14, 0.24, 1), 0.0),
        ):
            card = CardMaker(f"board-{name}")
            card.set_frame(*frame)
            card.set_color(*color)
            node = self.root.attach_new_node(card.generate())
            node.set_y(y)
            node.set_two_sided(True)
        self.text = self.root.attach_new_node(f"board-text:{board.id}")
        self.text.set_y(-0.02)  # just in front of the face
        self.shown: list[str] = []

    def show(self, petitions: Sequence | None) -> None:
        """Draw the list (None: not known yet, e.g. offline with nothing cached): per proposal its
        title, and under it, smaller, its agrees and where it stands."""
        t = self.t
        self.text.get_children().detach()
        self.shown = []
        self._y = FOOT + HEIGHT - MARGIN
        self._add(t("board.heading"), HEADING_SCALE, HEADING_COLOR, gap=0.5)
        if petitions is None or not petitions:
            self._add(t("board.unknown" if petitions is None else "board.none"), ROW_SCALE, TEXT_COLOR, wrap=True)
            return
        for petition in petitions:
            self._add(petition.title, ROW_SCALE, TEXT_COLOR, gap=0.15)
            self._add(t("board.detail", agrees=petition.agree_count, status=t(f"petitions.status.{petition.status}")),
                      DETAIL_SCALE, DETAIL_COLOR, gap=0.55)
        # Static until the next list: one geom per glyph page instead of one per line (software GL
        # pays per geom drawn).
        self.text.flatten_strong()

    def _add(self, text: str, scale: float, color, gap: float = 0.3, wrap: bool = False) -> None:
        """One line under the last (cut with … to fit), or with ``wrap`` a paragraph over as many as it needs."""
        self._y -= scale
        shown = text if wrap else self._fit(text, scale)
        rows = self._line(shown, scale, self._y, color, wrap)
        self.shown.append(shown)
        self._y -= scale * (gap + 1.25 * (rows - 1))

    def _line(self, text: str, scale: float, z: float, color, wrap: bool) -> int:
        node = TextNode("board-line")
        if self.font is not None:
            node.set_font(self.font)
        node.set_text_color(*color)
        if wrap:
            node.set_wordwrap((WIDTH - 2 * MARGIN) / scale)
        node.set_text(text)
        path = self.text.attach_new_node(node.generate())  # plain geometry, so flatten_strong can merge it
        path.set_scale(scale)
        path.set_pos(-WIDTH / 2 + MARGIN, 0, z)
        return max(1, node.get_num_rows())

    def _fits(self, text: str, scale: float) -> bool:
        measure = TextNode("measure")
        if self.font is not None:
            measure.set_font(self.font)
        return measure.calc_width(text) <= (WIDTH - 2 * MARGIN) / scale

    def _fit(self, text: str, scale: float) -> str:
        """Cut a line with … so it stays on the face."""
        if self._fits(text, scale):
            return text
        while text and not self._fits(text + "…", scale):
            text = text[:-1]
        return text.rstrip() + "…"

    def destroy(self) -> None:
        """Remove the board's nodes."""
        self.root.remove_node()


class PetitionBoards:
    """The boards of one site, filled through the read cache on the worker and redrawn in the citizen's language."""

    def __init__(self, parent: NodePath, boards: Sequence[Board], ctx, submit):
        self.ctx, self.submit = ctx, submit
        self.boards = [PetitionBoard(parent, board, ctx.theme.font, ctx.i18n.t) for board in boards]
        self.petitions: list | None = None
        self._unsubscribe = ctx.i18n.subscribe(lambda _lang: self._draw())
        self._draw()
        self.refresh()

    def refresh(self) -> None:
        """Fetch the list again (the last one stays up meanwhile, and offline).

        Only once the backend has answered a health check: before that a call would hold a worker
        thread until the embedded server is up, and the world calls again when it comes online."""
        net = self.ctx.net
        if not self.boards or net.online is not True:
            return

        def fetch():
            return net.reads.fetch("petitions.board", lambda: fetch_passed(net.api)).value

        self.submit(fetch, on_done=self._got, on_error=lambda exc: None)

    def _got(self, petitions: list) -> None:
        self.petitions = petitions
        self._draw()

    def _draw(self) -> None:
        for board in self.boards:
            board.show(self.petitions)

    def destroy(self) -> None:
        """Stop following the language and remove the boards' nodes."""
        self._unsubscribe()
        for board in self.boards:
            board.destroy()
        self.boards.clear()
