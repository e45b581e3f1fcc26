"""The first-run guide shows the first time the world opens, blocks nothing, and once closed stays closed
(except on a kiosk, where every visitor is new and nothing is written)."""
from dataclasses import replace

import pytest

from client.paths import UserDirs
from tests.scene.conftest import step_until
from tests.scene.test_menu import _check_layout
from ui.guide import MARKER, STEPS, FirstRunGuide


def _press(app, key):
    app.messenger.send(key)
    app.task_mgr.step()
    app.task_mgr.step()


@pytest.fixture
def make_guide(app, tmp_path):
    """A guide as a fresh start of the app would make it, with its own user folders (a 'restart' is a
    second guide over the same folders)."""
    made = []
    dirs = UserDirs(tmp_path / "config", tmp_path / "data", tmp_path / "cache", tmp_path / "pictures")

    def make(kiosk=False, enabled=True):
        s = app.ctx.settings
        settings = replace(s, ui=replace(s.ui, first_run_guide=enabled), kiosk=replace(s.kiosk, enabled=kiosk))
        guide = FirstRunGuide(replace(app.ctx, settings=settings, dirs=dirs), app.states)
        made.append(guide)
        return guide

    yield make
    for guide in made:
        guide.destroy()
    app.ctx.i18n.set_lang("en")
    app.states.shutdown()
    app.task_mgr.step()


def _open_world(app):
    app.states.switch("world", site="seoul_plaza")
    app.task_mgr.step()
    assert app.states.current.name == "world"
    return app.states.current


def _shown(world):
    info = world.ui.find("Close guide", role="button")
    return info is not None


def test_the_guide_shows_on_first_entry_and_blocks_no_key(app, make_guide):
    guide = make_guide()
    world = _open_world(app)
    assert _shown(world) and world.ui.find("Guide 1 of 5: Walking") is not None
    start = world.avatar.xy
    app.messenger.send("w")
    for _ in range(30):
        app.task_mgr.step()
    app.messenger.send("w-up")
    assert world.avatar.xy != pytest.approx(start)  # walking works with the guide up
    assert _shown(world)
    _press(app, "escape")
    assert app.states.current.name == "menu"
    _press(app, "escape")
    _press(app, "f1")
    assert app.states.current.name == "help"
    _press(app, "f1")
    assert app.states.current is world and guide.showing


def test_next_and_back_step_through_and_done_finishes_for_good(app, make_guide, tmp_path):
    guide = make_guide()
    world = _open_world(app)
    world.ui.find("Next ▶", role="button").widget["command"]()
    assert world.ui.find("Guide 2 of 5: Talking to a desk") is not None
    world.ui.find("◀ Back", role="button").widget["command"]()
    assert world.ui.find("Guide 1 of 5: Walking") is not None
    for _ in STEPS[:-1]:
        world.ui.find("Next ▶", role="button").widget["command"]()
    assert world.ui.find("Guide 5 of 5: Easy mode") is not None
    world.ui.find("Done", role="button").widget["command"]()
    assert not guide.showing and (tmp_path / "config" / MARKER).is_file()


def test_close_hides_it_and_it_does_not_return_after_a_restart(app, make_guide, tmp_path):
    guide = make_guide()
    world = _open_world(app)
    world.ui.find("Close guide", role="button").widget["command"]()
    assert not _shown(world) and not any(wid.startswith("guide.") for wid in world.ui.widgets)
    assert (tmp_path / "config" / MARKER).is_file()
    assert not list((tmp_path / "config").glob("*.partial"))  # written whole, in one step
    guide.destroy()
    make_guide()  # the app started again with the same folders
    world = _open_world(app)
    assert not _shown(world)
    app.states.switch("travel", site="deoksugung")
    assert step_until(app, lambda: app.states.current is not None and app.states.current.name == "world",
                      frames=200_000)
    assert not _shown(app.states.current)


def test_on_a_kiosk_no_marker_is_written_and_each_session_sees_it(app, make_guide, tmp_path):
    guide = make_guide(kiosk=True)
    world = _open_world(app)
    world.ui.find("Close guide", role="button").widget["command"]()
    assert not _shown(world) and not (tmp_path / "config" / MARKER).exists()
    guide.new_session()  # the next visitor
    world = _open_world(app)
    assert _shown(world)
    guide.destroy()
    make_guide(kiosk=True)  # or the kiosk restarted
    assert _shown(_open_world(app))


def test_the_setting_turns_it_off(app, make_guide):
    make_guide(enabled=False)
    assert not _shown(_open_world(app))


def test_it_steps_aside_for_a_conversation(app, make_guide):
    make_guide()
    world = _open_world(app)
    world.walk_to(world.places()["mayors_office"])
    assert step_until(app, lambda: not world.autopilot, frames=60 * 60)
    assert world.interact() and world.conversation is not None
    app.task_mgr.step()
    assert not _shown(world)  # hidden: the dialogue panel has the screen
    _press(app, "escape")
    app.task_mgr.step()
    app.task_mgr.step()
    assert world.conversation is None
    world.walk_to(world.places()["spawn"])
    assert step_until(app, lambda: not world.autopilot and _shown(world), frames=60 * 60)


def test_the_menu_closes_it_and_shows_it_again(app):
    # The app's own guide (off in the scene tests' settings) hears the menu like any other.
    world = _open_world(app)
    try:
        assert not _shown(world)
        _press(app, "escape")
        app.states.current.ui.find("Show the guide again", role="button").widget["command"]()
        app.task_mgr.step()
        app.task_mgr.step()
        assert app.states.current is world and _shown(world)
        _press(app, "escape")
        app.states.current.ui.find("Close the guide", role="button").widget["command"]()
        app.task_mgr.step()
        app.task_mgr.step()
        assert app.states.current is world and not _shown(world)
    finally:
        app.guide.closed = True
        app.states.shutdown()
        app.task_mgr.step()


def test_the_guide_fits_beside_the_hud_at_200_percent(app, make_guide, monkeypatch):
    from ui.theme import Theme

    big = Theme(scale=2.0, font=app.ctx.theme.font, bold_font=app.ctx.theme.bold_font)
    monkeypatch.setattr(app.ctx, "theme", big)
    guide = make_guide()
    world = _open_world(app)
    for lang in ("ko", "en"):
        app.ctx.i18n.set_lang(lang)
        for step in range(len(STEPS)):
            guide.go(step)
            assert guide.showing
            _check_layout(world, world.root2d)
