"""Every desk in every manifest: its NPC greets, every answer it offers can be read, and every service
it offers opens its screen (which frees what it made when closed). Getting to the desks on foot is
tests/test_sites.py's job; here the citizen is placed at each counter."""
import pytest

from client.paths import SCENES_DIR
from client.states.service import SCREENS
from client.world.manifest import approach_point, load_manifest
from net.transport import Transport
from tests.scene.conftest import step_until

DESKS = [(path.stem, desk.id) for path in sorted(SCENES_DIR.glob("*.yaml")) for desk in load_manifest(path).desks]


@pytest.fixture
def no_backend(app, monkeypatch):
    """Screens' calls fail at once (nothing listens) instead of waiting for a backend never started."""
    monkeypatch.setattr(app.net.api, "transport", Transport("http://127.0.0.1:9", connect_timeout=0.2,
                                                            read_timeout=0.2, retries=0))


def test_every_site_has_desks_and_all_of_them_are_covered():
    assert len({site for site, _ in DESKS}) == len(list(SCENES_DIR.glob("*.yaml")))


@pytest.mark.parametrize("site, desk_id", DESKS, ids=[f"{s}:{d}" for s, d in DESKS])
def test_each_desk_greets_answers_and_opens_its_services(app, site, desk_id, no_backend):
    app.states.switch("world", site=site)
    app.task_mgr.step()
    world = app.states.current
    try:
        desk = world.manifest.desk(desk_id)
        world.avatar.place(approach_point(desk))
        app.task_mgr.step()
        assert world.ui.find("hud.caption") is not None  # the greeting, as a caption
        start = world.dialogues[desk_id].start
        for choice in world.dialogues[desk_id].node(start).choices:
            assert world.interact() and world.conversation.node.id == start
            if choice.action == "goto":
                world.talk.choose(choice.id)
                assert world.ui.widgets["dialogue.say"].widget["text"]  # the answer is there to read
                world.end_conversation()
            elif choice.action == "open_service":
                world.talk.choose(choice.id)
                assert step_until(app, lambda: app.states.current.name == "service", frames=5)
                service = app.states.current
                assert isinstance(service.screen, SCREENS[choice.target])
                assert service.ui.widgets, f"{choice.target} shows nothing"
                app.states.pop()
                app.task_mgr.step()
                assert app.states.current is world and not service.ui.widgets
            else:
                world.talk.choose(choice.id)
                assert world.conversation is None
    finally:
        app.states.shutdown()
        app.task_mgr.step()
