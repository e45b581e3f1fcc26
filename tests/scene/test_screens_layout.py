"""Every service screen, signed in with its data loaded, fits the window at 200% UI scale in Korean and
English: no label or button runs off the window, none overlaps another, no button's text is wider
than the button (the check itself is shown to catch each of those)."""
import pytest

from client.dialogue import load_dialogue
from client.paths import SCENES_DIR
from client.states.service import SCREENS
from client.world.manifest import SERVICES, load_manifest
from tests.scene.conftest import step_until
from tests.scene.steps import check_layout
from tests.scene.test_service_screens import online, server  # noqa: F401 - fixtures

DEMO = ("demo1@example.seoul", "seoul-demo-2025")


def _desks_by_service() -> dict[str, str]:
    """A desk that opens each service (some screens show what belongs to their desk)."""
    found: dict[str, str] = {}
    for path in sorted(SCENES_DIR.glob("*.yaml")):
        for desk in load_manifest(path).desks:
            for node in load_dialogue(desk.dialogue, SERVICES).nodes.values():
                for choice in node.choices:
                    if choice.action == "open_service":
                        found.setdefault(choice.target, desk.id)
    return found


DESKS = _desks_by_service()


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("service", sorted(SCREENS))
def test_every_service_screen_fits_at_200_percent(world, app, online, service, lang):  # noqa: F811
    app.ctx.theme.restyle(2.0, False)  # put back after the test by conftest's _restore_settings
    app.ctx.i18n.set_lang(lang)
    try:
        online.login(*DEMO)
        app.states.push("service", service=service, desk_id=DESKS.get(service))
        assert step_until(app, lambda: app.states.current.name == "service", frames=10)
        state = app.states.current
        assert step_until(app, lambda: app.worker.wait_finished(0.1), frames=600)  # its data has arrived
        app.task_mgr.step()
        check_layout(state, state.root2d)
    finally:
        app.ctx.i18n.set_lang("en")
        while app.states.current is not world:
            app.states.pop()
            app.task_mgr.step()


def test_the_check_catches_a_button_too_narrow_for_its_text_and_one_off_the_window(world, app):
    ui = world.ui
    ui.button("probe.narrow", "A label far too long for this button", lambda: None, (0, 0), 0.2)
    with pytest.raises(AssertionError, match="wider than the button"):
        check_layout(world, world.root2d)
    ui.remove("probe.narrow")
    ui.button("probe.off", "Off", lambda: None, (1.9, 0), 0.3)
    with pytest.raises(AssertionError, match="runs off the window"):
        check_layout(world, world.root2d)
    ui.remove("probe.off")
    ui.button("probe.a", "A", lambda: None, (0, -0.5), 0.3)
    ui.button("probe.b", "B", lambda: None, (0.1, -0.5), 0.3)
    with pytest.raises(AssertionError, match="overlaps"):
        check_layout(world, world.root2d)
    ui.remove("probe.a")
    ui.remove("probe.b")


PLAZA_DESKS = [desk.id for desk in load_manifest(SCENES_DIR / "seoul_plaza.yaml").desks]


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("desk_id", PLAZA_DESKS)
def test_every_conversation_fits_under_the_hud_at_200_percent(world, app, desk_id, lang):
    app.ctx.theme.restyle(2.0, False)
    app.ctx.i18n.set_lang(lang)
    try:
        world.walk_to(world.places()[desk_id])
        assert step_until(app, lambda: not world.autopilot, frames=60 * 120)
        assert world.interact() and world.conversation is not None
        app.task_mgr.step()
        check_layout(world, world.root2d)  # the HUD's name, status and keys stay clear of the panel
        for choice in world.conversation.node.choices:  # and every answer the desk gives
            if choice.action == "goto":
                world.talk.choose(choice.id)
                app.task_mgr.step()
                check_layout(world, world.root2d)
                world.talk.end()
                world.interact()
    finally:
        world.end_conversation()
        app.ctx.i18n.set_lang("en")
