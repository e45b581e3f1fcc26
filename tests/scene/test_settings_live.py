"""Settings apply at once: text size and contrast redraw the open screens, the volume reaches the sound
manager, and keys can be rebound (refusing keys the app needs or that another action uses), saved
to the user's file."""
from client.settings import load_settings
from tests.scene.conftest import step_until
from tests.scene.steps import choose, press
from ui.theme import HIGH_CONTRAST


_press, _choose = press, choose


def _open_settings(app):
    _press(app, "escape")
    return _choose(app, app.states.current, "Settings")


def _button_height(state, wid):
    left, right, bottom, top = state.ui.widgets[wid].widget["frameSize"]
    return top - bottom


def test_text_size_and_contrast_redraw_the_settings_screen_at_once(world, app):
    settings = _open_settings(app)
    small = _button_height(settings, "settings.close")
    settings = _choose(app, settings, "Text and button size: 100%")
    assert app.ctx.theme.scale == 1.25 and app.ctx.settings.ui.scale == 1.25
    assert _button_height(settings, "settings.close") > small * 1.2  # the screen itself grew, no restart
    settings = _choose(app, settings, "High contrast: Off")
    panel = settings.ui.widgets["settings.panel"].widget
    assert tuple(panel["frameColor"]) == HIGH_CONTRAST.panel_bg
    assert settings.ui.find("High contrast: On", role="button") is not None
    _press(app, "escape")
    assert app.states.current is world and not world.paused


def test_volume_steps_reach_the_sound_manager_and_zero_is_silence(world, app):
    sounds = app.ctx.sounds
    settings = _open_settings(app)
    settings = _choose(app, settings, "Sound volume: 80%")
    assert settings.ui.find("Sound volume: 100%", role="button") is not None
    assert sounds.volume == 1.0 and app.ctx.settings.audio.volume == 1.0
    settings = _choose(app, settings, "Sound volume: 100%")
    assert sounds.volume == 0.0 and settings.ui.find("Sound volume: Off", role="button") is not None
    before = sum(sounds.played.values())
    sounds.play("notice")
    assert sum(sounds.played.values()) == before  # nothing plays at volume 0


def test_keys_can_be_rebound_refused_when_reserved_or_taken_and_are_saved(world, app):
    user_file = app.ctx.dirs.config / "settings.yaml"
    user_file.unlink(missing_ok=True)
    settings = _open_settings(app)
    keys = _choose(app, settings, "Keys…")
    assert keys.name == "keys"
    assert keys.ui.find("Walk forward: W, ↑", role="button") is not None
    keys = _choose(app, keys, "Walk forward: W, ↑")
    assert keys.listening == "forward"
    _press(app, "keys-screen-capture", "tab")  # kept for focus
    assert any("kept for the whole app" in str(w.widget["text"]) for w in keys.ui.widgets.values())
    keys = _choose(app, keys, "Walk forward: W, ↑")
    _press(app, "keys-screen-capture", "e")  # already Talk
    assert any("already used for: Talk to a desk" in str(w.widget["text"]) for w in keys.ui.widgets.values())
    keys = _choose(app, keys, "Walk forward: W, ↑")
    _press(app, "keys-screen-capture", "i")
    assert keys.ui.find("Walk forward: I, ↑", role="button") is not None
    assert app.ctx.settings.controls.forward == ["i", "arrow_up"]
    assert load_settings(environ={}, user_file=user_file).controls.forward == ["i", "arrow_up"]
    keys = _choose(app, keys, "Back to the usual keys")
    assert app.ctx.settings.controls.forward == ["w", "arrow_up"]
    _press(app, "escape")
    _press(app, "escape")
    assert app.states.current is world
    user_file.unlink(missing_ok=True)


def test_escape_while_waiting_for_a_key_cancels_and_changes_nothing(world, app):
    keys = _choose(app, _open_settings(app), "Keys…")
    keys = _choose(app, keys, "Map: M")
    _press(app, "escape")
    assert keys.listening is None and app.states.current is keys
    assert app.ctx.settings.controls.map == ["m"]
    _press(app, "escape")
    _press(app, "escape")
    assert step_until(app, lambda: app.states.current is world, frames=5)


def _hold(app, key, frames=60):
    app.messenger.send(key)
    for _ in range(frames):
        app.task_mgr.step()
    app.messenger.send(f"{key}-up")
    app.task_mgr.step()


def _label_height(state, wid):
    left, right, bottom, top = state.ui.widgets[wid].widget.getBounds()
    return top - bottom


def test_a_larger_text_size_redraws_the_world_hud_at_once(world, app):
    before = _label_height(world, "hud.site")
    settings = _open_settings(app)
    for label in ("Text and button size: 100%", "Text and button size: 125%", "Text and button size: 150%",
                  "Text and button size: 175%"):
        settings = _choose(app, settings, label)
    _press(app, "escape")
    assert app.states.current is world and app.ctx.theme.scale == 2.0
    assert _label_height(world, "hud.site") > before * 1.8  # the HUD behind the menu grew too
    assert world.ui.widgets["hud.site"].widget["text"] == "Seoul Plaza"


def test_rebound_keys_walk_and_open_the_map_and_the_hint_names_them(world, app):
    keys = _choose(app, _open_settings(app), "Keys…")
    for row, key in (("Walk forward: W, ↑", "i"), ("Map: M", "g")):
        keys = _choose(app, keys, row)
        _press(app, "keys-screen-capture", key)
    _press(app, "escape")
    _press(app, "escape")
    assert app.states.current is world
    assert "[G] Map" in world.ui.widgets["hud.keys"].widget["text"]
    y0 = world.avatar.xy[1]
    _hold(app, "w")  # the old key does nothing now
    assert world.avatar.xy[1] == y0
    _hold(app, "i")
    assert world.avatar.xy[1] > y0 + 1.0
    _press(app, "m")
    assert app.states.current is world
    _press(app, "g")
    assert app.states.current.name == "world_map"
    _press(app, "escape")
    (app.ctx.dirs.config / "settings.yaml").unlink(missing_ok=True)


def test_reduced_motion_takes_the_avatar_there_at_once_and_passers_by_stand_still(world, app):
    from client.world.manifest import approach_point

    settings = _open_settings(app)
    settings = _choose(app, settings, "Reduced motion: Off")
    assert app.ctx.settings.ui.reduced_motion
    _press(app, "escape")
    assert world.wait_for_paths()
    step_until(app, lambda: len(world.crowd.walkers) == world.crowd.count)
    _press(app, "t")
    chooser = app.states.current
    chooser.ui.find("Mayor's Office", role="button").widget["command"]()
    goal = approach_point(world.manifest.desk("mayors_office"))
    assert step_until(app, lambda: app.worker.wait_finished(0.1) and world.avatar.xy != (0.0, -45.0)
                      and abs(world.avatar.xy[1] - goal[1]) < 1.0, frames=60)
    assert not world.autopilot  # no walk across the plaza with the view sweeping along: already there
    before = [w.avatar.xy for w in world.crowd.walkers]
    step_until(app, lambda: False, frames=120)
    assert [w.avatar.xy for w in world.crowd.walkers] == before


def test_captions_off_keep_the_greeting_as_a_chime_only(world, app):
    sounds = app.ctx.sounds
    settings = _choose(app, _open_settings(app), "Captions: On")
    assert not app.ctx.settings.ui.captions
    _press(app, "escape")
    chimes = sounds.played["greet"]
    world.walk_to(world.places()["mayors_office"])
    assert step_until(app, lambda: not world.autopilot, frames=60 * 60)
    app.task_mgr.step()
    assert "hud.prompt" in world.ui.widgets and "hud.caption" not in world.ui.widgets
    assert sounds.played["greet"] == chimes + 1
    assert world.interact()
    assert world.ui.find("dialogue.say") is not None  # the conversation itself is always in words


def test_on_a_kiosk_settings_last_for_the_visit_and_nothing_is_written(world, app):
    from client.settings import with_value

    app.ctx.settings = with_value(app.ctx.settings, "kiosk.enabled", True)  # conftest puts it back
    user_file = app.ctx.dirs.config / "settings.yaml"
    user_file.unlink(missing_ok=True)
    settings = _open_settings(app)
    assert settings.ui.find("Save", role="button") is None and settings.ui.find("Keys…", role="button") is None
    assert "For this visit only" in settings.ui.widgets["settings.heading"].widget["text"]
    settings = _choose(app, settings, "Text and button size: 100%")
    assert app.ctx.theme.scale == 1.25 and not user_file.exists()
    _press(app, "escape")
