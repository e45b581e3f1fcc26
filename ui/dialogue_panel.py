"""The conversation panel at a desk: the NPC's name, the caption of what they say, and the choices."""
from __future__ import annotations

from typing import Callable

from client.dialogue import Conversation
from ui.layout import Screen

PREFIX = "dialogue"


def show(ui, screen: Screen, npc_name: str, conversation: Conversation, on_choice: Callable[[str], None]) -> list[str]:
    """(Re)build the panel for the conversation's current node; returns the choice buttons' ids, top first."""
    ui.remove_prefix(PREFIX)
    theme, i18n = ui.theme, ui.i18n
    node = conversation.node
    width = screen.panel_width(2.6 * min(theme.scale, 1.3))
    left = -width / 2
    inner = width - 2 * theme.pad
    choices = node.choices
    ids = [f"{PREFIX}.choice.{choice.id}" for choice in choices]
    line_count = max(1, len(i18n.pick(node.say)) * theme.text_size * 0.9 // inner + 1)
    height = (
        theme.pad * 3
        + theme.heading_size * 1.3
        + theme.line_height * line_count
        + len(choices) * (theme.button_height + theme.pad * 0.5)
    )
    bottom = screen.bottom + 0.03
    top = bottom + height
    panel = ui.panel(f"{PREFIX}.panel", (left, left + width, bottom, top))
    y = top - theme.pad - theme.heading_size
    ui.label(f"{PREFIX}.npc", npc_name, (left + theme.pad, y), parent=panel, size="heading")
    y -= theme.heading_size * 0.4 + theme.line_height
    ui.label(f"{PREFIX}.say", i18n.pick(node.say), (left + theme.pad, y), parent=panel, wrap=inner)
    y -= theme.line_height * (line_count - 1) + theme.pad + theme.button_height / 2
    for index, choice in enumerate(choices, start=1):
        text = f"{index}. {i18n.pick(choice.label)}"
        ui.button(
            f"{PREFIX}.choice.{choice.id}",
            text,
            lambda cid=choice.id: on_choice(cid),
            (0, y),
            inner,
            parent=panel,
            primary=index == 1,
        )
        # The accessible name is the label without its number, so scenarios can press it by name.
        ui.widgets[f"{PREFIX}.choice.{choice.id}"].name = i18n.pick(choice.label)
        y -= theme.button_height + theme.pad * 0.5
    return ids


def hide(ui) -> None:
    ui.remove_prefix(PREFIX)
