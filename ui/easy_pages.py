"""Easy mode's two kinds of page: a grid of large buttons, and a page of readable text.

Both fill one window-sized panel with a heading and a row of buttons at the foot. What does not fit
at the citizen's text size goes on further pages (never smaller text): the foot then holds
"◀ Previous" and "Next ▶", which wrap round, so no page is a dead end.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from panda3d.core import TextNode

from ui.layout import Screen

Action = Callable[[], None]
PANEL_H = 1.96  # the window is 2 units high; a thin margin shows it is a panel


@dataclass(frozen=True)
class Paging:
    """Which page to draw, and what the foot's buttons say and do."""

    page: int
    on_page: Callable[[int], None]
    prev_label: str
    next_label: str  # formatted with page and pages: "Next (1 of 3) ▶"


def text_width(theme, text: str, scale: float) -> float:
    """How wide ``text`` is drawn in the bold font at ``scale`` (aspect2d units)."""
    node = TextNode("measure")
    if theme.bold_font is not None:
        node.set_font(theme.bold_font)
    return node.calc_width(text) * scale


def _frame(ui, screen: Screen, prefix: str, heading: str):
    """The window-sized panel and its heading; returns (panel, inner width, content top, content bottom).

    The content area is measured from the heading as drawn (it may wrap at 200%) down to the foot row."""
    theme = ui.theme
    width = screen.panel_width(3.3)
    inner = width - theme.pad * 4
    panel = ui.panel(f"{prefix}.panel", (-width / 2, width / 2, -PANEL_H / 2, PANEL_H / 2))
    top = PANEL_H / 2 - theme.pad - theme.heading_size
    label = ui.label(f"{prefix}.heading", heading, (-inner / 2, top), parent=panel, size="heading", wrap=inner)
    content_top = top + label.getBounds()[2] - theme.pad
    content_bottom = -PANEL_H / 2 + theme.pad * 2 + theme.button_height
    return panel, inner, content_top, content_bottom


def _foot(ui, prefix: str, panel, inner: float, pages: int, paging: Paging,
          extra: list[tuple[str, str, Action]]) -> list[str]:
    """The foot's row of buttons: ``extra`` (e.g. Back), with Previous and Next around it when there are
    several pages (the Next button says which page this is). Returns their ids in reading order."""
    theme = ui.theme
    foot = list(extra)
    if pages > 1:
        page = paging.page % pages
        foot = [("prev", paging.prev_label, lambda: paging.on_page((page - 1) % pages)), *foot,
                ("next", paging.next_label.format(page=page + 1, pages=pages),
                 lambda: paging.on_page((page + 1) % pages))]
    y = -PANEL_H / 2 + theme.pad + theme.button_height / 2
    each = (inner - theme.pad * (len(foot) - 1)) / max(1, len(foot))
    for index, (wid, text, action) in enumerate(foot):
        x = -inner / 2 + each / 2 + index * (each + theme.pad)
        ui.button(f"{prefix}.{wid}", text, action, (x, y), each, parent=panel, primary=wid == "next")
    return [f"{prefix}.{wid}" for wid, _text, _action in foot]


def show_buttons(ui, screen: Screen, prefix: str, heading: str, choices: list[tuple[str, str, Action]],
                 paging: Paging, extra: list[tuple[str, str, Action]] = (),
                 highlight: str | None = None) -> tuple[list[str], int]:
    """A grid of large buttons, two columns when every label fits in one, else one. Returns the button
    ids in reading order (for ui/focus.py), the foot's last, and the page count. ``extra``: buttons for
    the foot (e.g. Back)."""
    theme = ui.theme
    panel, inner, top, bottom = _frame(ui, screen, prefix, heading)
    gap = theme.pad * 0.6
    column_w = (inner - theme.pad) / 2
    widest = max((text_width(theme, label, theme.text_size) for _id, label, _a in choices), default=0.0)
    columns = 2 if widest + theme.pad * 2 <= column_w else 1
    column_w = column_w if columns == 2 else inner
    per_page = max(1, int((top - bottom + gap) // (theme.button_height + gap))) * columns
    pages = max(1, -(-len(choices) // per_page))
    page = paging.page % pages
    shown = choices[page * per_page:(page + 1) * per_page]
    y0 = top - theme.button_height / 2
    for index, (choice_id, label, action) in enumerate(shown):
        row, col = divmod(index, columns)
        x = -inner / 2 + column_w / 2 + col * (column_w + theme.pad)
        ui.button(f"{prefix}.{choice_id}", label, action, (x, y0 - row * (theme.button_height + gap)), column_w,
                  parent=panel, primary=choice_id == highlight)
    foot = _foot(ui, prefix, panel, inner, pages, paging, list(extra))
    return [f"{prefix}.{cid}" for cid, _l, _a in shown] + foot, pages


def show_text(ui, screen: Screen, prefix: str, heading: str, sections: list[tuple[str, str]], paging: Paging,
              extra: list[tuple[str, str, Action]]) -> tuple[list[str], int]:
    """Sections of (bold heading, wrapped text) stacked by the height they really take, on as many pages
    as the text size needs; returns the foot's button ids and the page count."""
    theme = ui.theme
    panel, inner, top, bottom = _frame(ui, screen, prefix, heading)
    gap = theme.pad
    wrap = min(inner, 2.6 * theme.scale)  # lines of a readable length on a wide window
    heights = []
    for i, (title, text) in enumerate(sections):
        ui.label(f"{prefix}.title.{i}", title, (0, 0), parent=panel, bold=True, wrap=wrap)
        ui.label(f"{prefix}.text.{i}", text, (0, 0), parent=panel, wrap=wrap)
        heights.append(_height(ui, f"{prefix}.title.{i}") + _height(ui, f"{prefix}.text.{i}") + theme.pad * 0.4)
    pages: list[list[int]] = [[]]
    used = 0.0
    for i, h in enumerate(heights):
        if pages[-1] and used + h > top - bottom:
            pages.append([])
            used = 0.0
        pages[-1].append(i)
        used += h + gap
    page = paging.page % len(pages)
    y = top
    for i in range(len(sections)):
        if i not in pages[page]:
            ui.remove(f"{prefix}.title.{i}")
            ui.remove(f"{prefix}.text.{i}")
            continue
        for wid in (f"{prefix}.title.{i}", f"{prefix}.text.{i}"):
            label = ui.widgets[wid].widget
            label.set_pos(-inner / 2, 0, y - label.getBounds()[3])
            y -= _height(ui, wid) + theme.pad * 0.2
        y -= gap
    return _foot(ui, prefix, panel, inner, len(pages), paging, list(extra)), len(pages)


def _height(ui, wid: str) -> float:
    _left, _right, bottom, top = ui.widgets[wid].widget.getBounds()
    return top - bottom
