"""The plaza's service desks: each stands clear and reachable, and its NPC's choices open working
service screens (every screen then frees what it made)."""
import math

import pytest

from client.world.manifest import SERVICES, approach_point
from net.transport import Transport
from client.world.pathfinding import PathGrid
from client.states.service import SCREENS
from tests.scene.conftest import step_until

NEW_DESKS = {
    "dasan_120": ("120 Dasan", {"Ask a question": "dasan_chat", "Issue a document": "documents",
                                "Verify a document code": "document_verify"}),
    "tax_square": ("Tax Square", {"See my tax bills": "tax_bills", "Calculate a tax": "tax_calculator"}),
    "youth_counselling": ("Youth Counselling", {"Book a session": "youth_counselling",
                                                "Message a counsellor": "youth_chat"}),
    "mayors_office": ("Mayor's Office", {"Browse proposals": "proposal_list", "Submit a proposal": "proposal_form"}),
    "civil_documents": ("Civil Documents", {"Issue a certificate": "documents",
                                            "Check a certificate's code": "document_verify"}),
}


def test_every_service_a_dialogue_may_open_has_a_screen():
    assert set(SERVICES) <= set(SCREENS)
    # Every other screen is opened from the world itself (C: the avatar) or from another screen
    # (login -> register, register -> my account), not by a desk.
    assert set(SCREENS) - set(SERVICES) == {"avatar", "register", "my_account"}


def test_desks_stand_clear_of_buildings_and_can_be_walked_to(world):
    grid = PathGrid(world.area)
    desks = world.manifest.desks
    spawn = world.manifest.spawn.position[:2]
    for desk in desks:
        x, y = desk.position[:2]
        for box in world.area.obstacles:
            if box.name == f"desk:{desk.id}":
                continue
            dx = max(box.min_x - x, 0, x - box.max_x)
            dy = max(box.min_y - y, 0, y - box.max_y)
            assert math.hypot(dx, dy) >= 3.0, f"{desk.id} is within 3 m of {box.name}"
        for other in desks:
            if other is not desk:
                assert math.dist(desk.position[:2], other.position[:2]) >= 5.0, (desk.id, other.id)
        path = grid.find_path(spawn, approach_point(desk))
        assert path and math.dist(path[-1], approach_point(desk)) < 0.5, f"{desk.id} cannot be reached"


@pytest.fixture
def no_backend(app, monkeypatch):
    """Screens' calls fail at once (nothing listens), instead of waiting for a backend never started."""
    monkeypatch.setattr(app.net.api, "transport", Transport("http://127.0.0.1:9", connect_timeout=0.2,
                                                            read_timeout=0.2, retries=0))


@pytest.mark.parametrize("desk_id", sorted(NEW_DESKS))
def test_each_desk_greets_and_its_choices_open_their_services(world, app, desk_id, no_backend):
    shown_name, choices = NEW_DESKS[desk_id]
    world.walk_to(world.places()[shown_name])
    assert step_until(app, lambda: not world.autopilot, frames=60 * 120)
    app.task_mgr.step()
    assert any(f"Talk to {shown_name}" in w.name for w in world.ui.widgets.values())
    for label, service in choices.items():
        assert world.interact()
        app.task_mgr.step()
        button = world.ui.find(label, role="button")
        assert button is not None, f"{desk_id} offers no {label!r}"
        button.widget["command"]()
        app.task_mgr.step()
        top = app.states.current
        assert top.name == "service" and top.service == service and top.desk_id == desk_id
        assert top.ui.find("svc.heading") or top.ui.widgets, "the service screen is empty"
        app.messenger.send("escape")  # Esc leaves a first view; the login view's Esc goes back first
        app.task_mgr.step()
        for _ in range(3):
            if app.states.current is world:
                break
            app.messenger.send("escape")
            app.task_mgr.step()
        assert not world.paused
    app.worker.wait_finished(5.0)
    # A way to close the conversation without opening anything.
    assert world.interact()
    app.task_mgr.step()
    world.ui.find("No, thank you", role="button").widget["command"]()
    app.task_mgr.step()
    assert world.conversation is None
