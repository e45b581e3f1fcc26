"""A service screen over the world (which stays loaded underneath, paused), closed back to the world."""
from __future__ import annotations

from client.states.base import State
from ui.proposal import ProposalScreen

SCREENS = {"proposal_form": ProposalScreen}


class ServiceState(State):
    name = "service"

    def on_enter(self, service: str, desk_id: str | None = None, **_) -> None:
        if service not in SCREENS:
            raise KeyError(f"no screen for service '{service}' (known: {', '.join(SCREENS)})")
        self.service, self.desk_id = service, desk_id
        self.screen = SCREENS[service](self, self.close)
        self.accept("escape", self.close)

    def close(self) -> None:
        self.machine.pop()
