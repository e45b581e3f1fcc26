"""The help panel: what each key (and the mouse and a gamepad) does, one row per thing a citizen can do."""
from __future__ import annotations

from typing import Callable

from ui.layout import Screen

KEYS_SHARE = 0.34  # of the panel's inner width, for the keys column


def show_help(ui, screen: Screen, heading: str, lines: list[tuple[str, str]], close_label: str,
              on_close: Callable[[], None], page: int = 0, page_label: str = "",
              on_page: Callable[[int], None] | None = None) -> int:
    """A panel of (keys, what they do) rows under a heading, with a Close button; returns the page count.

    Rows are stacked by the height their text really takes after wrapping. At a large UI scale they
    do not all fit the window: rather than shrink the text a citizen enlarged, they go on pages,
    and a button (``page_label``, formatted with ``page`` and ``pages``) calls ``on_page`` with the next.
    """
    theme = ui.theme
    width = screen.panel_width(3.0)
    inner = width - theme.pad * 4
    gap = theme.pad * 0.5
    room = 1.96 - theme.heading_size * 2.2 - theme.button_height * 1.8
    heights = _set_rows(ui, lines, inner)
    pages: list[list[int]] = [[]]
    used = 0.0
    for i, row_h in enumerate(heights):
        if pages[-1] and used + row_h > room:
            pages.append([])
            used = 0.0
        pages[-1].append(i)
        used += row_h + gap
    page %= len(pages)
    shown = pages[page]
    for i in range(len(lines)):
        if i not in shown:
            ui.remove(f"help.keys.{i}")
            ui.remove(f"help.what.{i}")
    used = sum(heights[i] + gap for i in shown) - gap
    height = min(1.96, theme.heading_size * 2.2 + used + theme.button_height * 1.8)
    panel = ui.panel("help.panel", (-width / 2, width / 2, -height / 2, height / 2))
    top = height / 2 - theme.pad - theme.heading_size
    ui.label("help.heading", heading, (-width / 2 + theme.pad * 2, top), parent=panel, size="heading",
             wrap=inner)
    y = top - theme.heading_size * 1.2
    for i in shown:
        for wid, x in ((f"help.keys.{i}", -inner / 2), (f"help.what.{i}", -inner / 2 + inner * KEYS_SHARE)):
            label = ui.widgets[wid].widget
            label.reparent_to(panel)
            label.set_pos(x, 0, y - label.getBounds()[3])
        y -= heights[i] + gap
    button_y = -height / 2 + theme.pad + theme.button_height / 2
    if len(pages) > 1 and on_page is not None:
        half = (inner - theme.pad) / 2
        ui.button("help.page", page_label.format(page=page + 1, pages=len(pages)),
                  lambda: on_page((page + 1) % len(pages)), (-(half + theme.pad) / 2, button_y), half, parent=panel)
        ui.button("help.close", close_label, on_close, ((half + theme.pad) / 2, button_y), half, parent=panel)
    else:
        ui.button("help.close", close_label, on_close, (0, button_y), inner / 2, parent=panel)
    return len(pages)


def _set_rows(ui, lines: list[tuple[str, str]], inner: float) -> list[float]:
    """Create the row labels (placed later) and return each row's height."""
    heights = []
    for i, (keys, what) in enumerate(lines):
        key_label = ui.label(f"help.keys.{i}", keys, (0, 0), bold=True, wrap=inner * KEYS_SHARE - ui.theme.pad)
        what_label = ui.label(f"help.what.{i}", what, (0, 0), wrap=inner * (1 - KEYS_SHARE))
        heights.append(max(_height(key_label), _height(what_label)))
    return heights


def _height(label) -> float:
    _left, _right, bottom, top = label.getBounds()
    return top - bottom
