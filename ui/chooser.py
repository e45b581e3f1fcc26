"""A panel of large buttons in one or two columns with a heading and a Close button: the world map
and "take me there" both choose from such a list."""
from __future__ import annotations

from typing import Callable

from ui.layout import Screen
from ui.service_text import TextFit


def show_chooser(ui, screen: Screen, prefix: str, heading: str, choices: list[tuple[str, str, Callable[[], None]]],
                 close_label: str, on_close: Callable[[], None], highlight: str | None = None) -> list[str]:
    """choices: (id, label, action). Buttons shrink to fit many choices but never below the text.

    Returns the buttons' widget ids in reading order, Close last (for keyboard focus, ui/focus.py).
    """
    theme = ui.theme
    width = screen.panel_width(3.2 if len(choices) > 4 else 2.6)
    inner = width - theme.pad * 4
    columns = 1 if len(choices) <= 4 else 2  # two columns keep eleven sites large even at 200%
    rows = max(1, (len(choices) + columns - 1) // columns)
    gap = theme.pad * 0.4
    # A long heading wraps (at 200%, in Korean): the buttons start under its last line, never on it.
    fit = TextFit(theme)
    heading = fit.clip_rows(heading, theme.heading_size, inner, 2)
    extra = (fit.rows(heading, theme.heading_size, inner) - 1) * theme.heading_size * 1.2
    room = 1.9 - theme.heading_size * 2.5 - extra - theme.button_height * 1.5
    button_h = max(theme.text_size * 1.6, min(theme.button_height, room / rows - gap))
    height = min(1.96, theme.heading_size * 2.5 + extra + rows * (button_h + gap) + theme.button_height * 1.6)
    panel = ui.panel(f"{prefix}.panel", (-width / 2, width / 2, -height / 2, height / 2))
    top = height / 2 - theme.pad - theme.heading_size
    ui.label(f"{prefix}.heading", heading, (-width / 2 + theme.pad * 2, top), parent=panel, size="heading",
             wrap=inner)
    column_w = (inner - theme.pad * (columns - 1)) / columns
    y0 = top - extra - theme.heading_size * 0.9 - button_h / 2
    for index, (choice_id, label, action) in enumerate(choices):
        row, col = divmod(index, columns)
        x = -inner / 2 + column_w / 2 + col * (column_w + theme.pad)
        shown = fit.shorten(label, theme.text_size, column_w - theme.pad * 2, bold=True)
        button = ui.button(f"{prefix}.{choice_id}", shown, action, (x, y0 - row * (button_h + gap)), column_w,
                           parent=panel, primary=choice_id == highlight)
        button["frameSize"] = (-column_w / 2, column_w / 2, -button_h / 2, button_h / 2)
        ui.widgets[f"{prefix}.{choice_id}"].name = label  # the whole name for screen readers and scenarios
    ui.button(f"{prefix}.close", close_label, on_close, (0, -height / 2 + theme.pad + theme.button_height / 2),
              inner / 2, parent=panel)
    return [f"{prefix}.{choice_id}" for choice_id, _label, _action in choices] + [f"{prefix}.close"]
