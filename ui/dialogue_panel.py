"""The conversation panel at a desk: the NPC's name, the caption of what they say, and the choices."""
from __future__ import annotations

from typing import Callable

from client.dialogue import Conversation
from ui.hud import top_bottom
from ui.layout import Screen
from ui.service_text import TextFit

PREFIX = "dialogue"


def show(ui, screen: Screen, npc_name: str, conversation: Conversation, on_choice: Callable[[str], None]) -> list[str]:
    """(Re)build the panel for the conversation's current node; returns the choice buttons' ids, in order.

    The panel rises from the bottom of the screen and stops below the HUD's top rows: when the
    choices do not fit one above the other (large UI scale, many choices) they go in two columns,
    and a very long line is cut with … rather than pushed off the screen."""
    ui.remove_prefix(PREFIX)
    theme, i18n = ui.theme, ui.i18n
    fit = TextFit(theme)
    node = conversation.node
    width = screen.panel_width(2.6 * min(theme.scale, 1.3))
    left = -width / 2
    inner = width - 2 * theme.pad
    choices = node.choices
    ids = [f"{PREFIX}.choice.{choice.id}" for choice in choices]
    bottom = screen.bottom + 0.03
    room = top_bottom(screen, theme) - bottom
    row_h = theme.button_height + theme.pad * 0.5
    fixed = theme.pad * 3 + theme.heading_size * 1.3
    columns = 1 if fixed + theme.line_height * 2 + len(choices) * row_h <= room else 2
    rows = -(-len(choices) // columns)
    said = i18n.pick(node.say)
    max_lines = max(1, int((room - fixed - rows * row_h) // theme.line_height))
    said = fit.clip_rows(said, theme.text_size, inner, max_lines)
    line_count = fit.rows(said, theme.text_size, inner)
    top = bottom + fixed + theme.line_height * line_count + rows * row_h
    panel = ui.panel(f"{PREFIX}.panel", (left, left + width, bottom, top))
    y = top - theme.pad - theme.heading_size
    ui.label(f"{PREFIX}.npc", fit.shorten(npc_name, theme.heading_size, inner, True), (left + theme.pad, y),
             parent=panel, size="heading")
    y -= theme.heading_size * 0.4 + theme.line_height
    ui.label(f"{PREFIX}.say", said, (left + theme.pad, y), parent=panel, wrap=inner)
    y -= theme.line_height * (line_count - 1) + theme.pad + theme.button_height / 2
    column_w = (inner - theme.pad * (columns - 1)) / columns
    for index, choice in enumerate(choices):
        row, col = divmod(index, columns)
        label = i18n.pick(choice.label)
        text = fit.shorten(f"{index + 1}. {label}", theme.text_size, column_w - theme.pad * 2, bold=True)
        x = -inner / 2 + column_w / 2 + col * (column_w + theme.pad)
        ui.button(ids[index], text, lambda cid=choice.id: on_choice(cid), (x, y - row * row_h), column_w,
                  parent=panel, primary=index == 0)
        # The accessible name is the label without its number, so scenarios can press it by name.
        ui.widgets[ids[index]].name = label
    return ids


def hide(ui) -> None:
    ui.remove_prefix(PREFIX)
