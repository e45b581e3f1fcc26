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
ROWS = 6
WIDTH, HEIGHT, FOOT = 4.2, 2.5, 0.9  # metres: the face, and how high its lower edge stands
ROW_SCALE, HEADING_SCALE, MARGIN = 0.17, 0.24, 0.18


def fetch_passed(api, rows: int = ROWS) -> list:
    """The proposals that passed a threshold, most agreed first (a call per status, on the worker)."""
    found = {}
    for status in PASSED:
        for petition in api.list_petitions(status=status, limit=rows).items:
            found[petition.id] = petition
    return sorted(found.values(), key=lambda p: (-p.agree_count, -p.id))[:rows]


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
        """Draw the list (None: not known yet, e.g. offline with nothing cached)."""
        t = self.t
        self.text.get_children().detach()
        lines = [t("board.heading")]
        if petitions is None:
            lines.append(t("board.unknown"))
        elif not petitions:
            lines.append(t("board.none"))
        else:
            lines += [t("board.row", title=p.title, agrees=p.agree_count, status=t(f"petitions.status.{p.status}"))
                      for p in petitions]
        self.shown = []
        top = FOOT + HEIGHT - MARGIN
        for index, line in enumerate(lines):
            scale = HEADING_SCALE if index == 0 else ROW_SCALE
            top -= scale * (1.0 if index == 0 else 1.45)
            shown = self._fit(line, scale)
            self._line(shown, scale, top, heading=index == 0)
            self.shown.append(shown)
            if index == 0:
                top -= scale * 0.6

    def _line(self, text: str, scale: float, z: float, heading: bool) -> None:
        node = TextNode("board-line")
        if self.font is not None:
            node.set_font(self.font)
        node.set_text_color(1.0, 0.86, 0.35, 1.0) if heading else node.set_text_color(1, 1, 1, 1)
        node.set_text(text)
        path = self.text.attach_new_node(node)
        path.set_scale(scale)
        path.set_pos(-WIDTH / 2 + MARGIN, 0, z)

    def _fit(self, text: str, scale: float) -> str:
        """Cut a line with … so it stays on the face (titles can be long)."""
        room = (WIDTH - 2 * MARGIN) / scale
        measure = TextNode("measure")
        if self.font is not None:
            measure.set_font(self.font)
        if measure.calc_width(text) <= room:
            return text
        while text and measure.calc_width(text + "…") > room:
            text = text[:-1]
        return text.rstrip() + "…"

    def destroy(self) -> None:
        """Remove the board's nodes."""
        self.root.remove_node()
