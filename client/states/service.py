"""A service screen over the world (which stays loaded underneath, paused), closed back to the world.

Keys on every service screen: Esc goes back (the previous view, or out to the world), Enter presses
the focused button or else the view's primary one, Tab/Shift-Tab and the up/down arrows move the focus, and
left/right change the focused choice on screens that have choices (the avatar's).
"""
from __future__ import annotations

from client.states.base import State
from ui.focus import tab_step
from ui.avatar_screen import AvatarScreen
from ui.documents import DocumentScreen, VerifyScreen
from ui.my_account import MyAccountScreen
from ui.petitions import PetitionBrowser
from ui.proposal import ProposalScreen
from ui.register import RegisterScreen
from ui.consultation import BusinessChatScreen, ConsultationScreen, FintechChatScreen, YouthChatScreen
from ui.exhibits import BusinessExhibitsScreen, FintechExhibitsScreen
from ui.tax import TaxScreen
from ui.tax_calculator import TaxCalculatorScreen
from ui.youth import YouthScreen

SCREENS = {
    "proposal_form": ProposalScreen,
    "proposal_list": PetitionBrowser,
    "dasan_chat": ConsultationScreen,
    "documents": DocumentScreen,
    "document_verify": VerifyScreen,
    "tax_bills": TaxScreen,
    "tax_calculator": TaxCalculatorScreen,
    "youth_counselling": YouthScreen,
    "youth_chat": YouthChatScreen,
    "business_chat": BusinessChatScreen,
    "fintech_chat": FintechChatScreen,
    "business_exhibits": BusinessExhibitsScreen,
    "fintech_exhibits": FintechExhibitsScreen,
    "avatar": AvatarScreen,
    "register": RegisterScreen,
    "my_account": MyAccountScreen,
}


class ServiceState(State):
    name = "service"

    def on_enter(self, service: str, desk_id: str | None = None, **_) -> None:
        if service not in SCREENS:
            raise KeyError(f"no screen for service '{service}' (known: {', '.join(SCREENS)})")
        self.service, self.desk_id = service, desk_id
        self.screen = SCREENS[service](self, self.close)
        self.accept("escape", self._back)
        self.accept("enter", self._enter)
        self.accept("tab", lambda: self._focus(tab_step(self.ctx.base)))
        self.accept("shift-tab", self._focus, [-1])
        self.accept("arrow_down", self._focus, [1])
        self.accept("arrow_up", self._focus, [-1])
        self.accept("arrow_left", self._adjust, [-1])
        self.accept("arrow_right", self._adjust, [1])

    def _back(self) -> None:
        getattr(self.screen, "back", self.close)()

    def _enter(self) -> None:
        activate = getattr(self.screen, "activate", None)
        if activate is not None:
            activate()

    def _focus(self, step: int) -> None:
        move = getattr(self.screen, "move_focus", None)
        if move is not None:
            move(step)

    def _adjust(self, step: int) -> None:
        adjust = getattr(self.screen, "adjust", None)
        if adjust is not None:
            adjust(step)

    def on_exit(self) -> None:
        closed = getattr(self.screen, "closed", None)  # a screen that changed the world puts it back
        if closed is not None:
            closed()

    def open_service(self, service: str) -> None:
        """Another service screen in this one's place (my account -> avatar); Esc there goes to the world."""
        if not getattr(self, "_closing", False):
            self.close()
            self.machine.push("service", service=service, desk_id=self.desk_id)

    def close(self) -> None:
        if not getattr(self, "_closing", False):  # Esc and a button in one frame must not pop twice
            self._closing = True
            self.machine.pop()
