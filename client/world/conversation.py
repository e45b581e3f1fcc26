"""Talking to a desk's NPC: the conversation panel, its choices by number, mouse, or a focus ring.

The world owns one Talk. Keys while talking: 1–9 pick a choice, Tab/Shift-Tab and the up/down arrows
move the ring over the choices, Enter or E (the interact keys, which reach the world) pick the ringed
one, Esc ends the conversation. The keys are held by a listener of the Talk's own that lives only while
a conversation is open, so walking keys bound by the world keep their meaning the rest of the time.
"""
from __future__ import annotations

from direct.showbase.DirectObject import DirectObject

from client.dialogue import Conversation
from ui import dialogue_panel
from ui.focus import FocusList, tab_step


class Talk:
    """The conversation at a desk, if one is open (``conversation``), and the desk (``talking_to``)."""

    def __init__(self, world):
        self.world = world
        self.conversation: Conversation | None = None
        self.talking_to = None
        self.focus: FocusList | None = None
        self._keys = DirectObject()

    def start(self, placed) -> None:
        """Open the conversation with ``placed``'s NPC at its first node."""
        world = self.world
        world.controls.release_all()
        world.autopilot.clear()
        self.talking_to = placed
        self.conversation = Conversation(world.dialogues[placed.desk.id])
        world.hud.prompt(None)
        world.hud.caption(None)
        for number in range(1, 10):
            self._keys.accept(str(number), self.choose_by_number, [number])
        for key, step in (("shift-tab", -1), ("arrow_down", 1), ("arrow_up", -1)):
            self._keys.accept(key, self.move_focus, [step])
        self._keys.accept("tab", lambda: self.move_focus(tab_step(world.ctx.base)))
        self.show()

    def show(self) -> None:
        """(Re)draw the panel for the current node; the ring starts hidden until the keyboard is used."""
        world = self.world
        npc = world.ctx.i18n.pick(self.talking_to.desk.npc.name)
        ids = dialogue_panel.show(world.ui, world.screen, npc, self.conversation, self.choose)
        self.focus = FocusList(world.ui, f"{dialogue_panel.PREFIX}.focus", ids)

    def move_focus(self, step: int) -> None:
        if self.focus is not None:
            self.focus.move(step)

    def activate(self) -> None:
        """Enter / E while talking: pick the ringed choice (nothing when none is ringed yet)."""
        if self.focus is not None:
            self.focus.activate()

    def choose_by_number(self, number: int) -> None:
        if self.conversation is not None and number <= len(self.conversation.node.choices):
            self.choose(self.conversation.node.choices[number - 1].id)

    def choose(self, choice_id: str) -> None:
        choice = self.conversation.choose(choice_id)
        if choice.action == "goto":
            self.show()
            return
        desk = self.talking_to.desk
        self.end()
        if choice.action == "open_service":
            self.world.machine.push("service", service=choice.target, desk_id=desk.id)

    def end(self) -> None:
        """Close the panel and stop listening to the conversation's keys."""
        dialogue_panel.hide(self.world.ui)
        self._keys.ignore_all()
        self.world.controls.release_all()  # the arrows were held for the ring, not for walking
        self.conversation = None
        self.talking_to = None
        self.focus = None
