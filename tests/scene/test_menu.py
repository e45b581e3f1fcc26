"""Esc opens the menu over the world and F1 the help; both close with Esc and never trap anyone;
the menu reaches the map and switches the language of everything on screen at once."""
from tests.scene.conftest import step_until
from tests.scene.steps import check_layout, choose, press


_press = press


def _texts(state):
    return {info.widget["text"] for info in state.ui.widgets.values() if info.role in ("label", "button")}


def test_escape_opens_the_menu_and_escape_closes_it(world, app):
    _press(app, "escape")
    menu = app.states.current
    assert menu.name == "menu" and world.paused
    assert menu.ui.find("Map (M)", role="button") is not None
    assert menu.ui.find("한국어로 보기 (Korean)", role="button") is not None
    _press(app, "escape")
    assert app.states.current is world and not world.paused
    assert not menu.ui.widgets  # the menu's widgets went with it


def test_escape_in_a_conversation_only_ends_the_conversation(world, app):
    world.walk_to(world.places()["mayors_office"])
    assert step_until(app, lambda: not world.autopilot, frames=60 * 60)
    assert world.interact() and world.conversation is not None
    _press(app, "escape")
    assert world.conversation is None and app.states.current is world


def test_f1_shows_help_for_every_key_and_closes_with_f1_or_escape(world, app):
    _press(app, "f1")
    help_state = app.states.current
    assert help_state.name == "help" and world.paused
    texts = _texts(help_state)
    assert {"Help", "M", "T", "C", "F12", "Esc"} <= texts
    assert any("Walk" in text for text in texts)
    _press(app, "f1")
    assert app.states.current is world
    _press(app, "f1")
    _press(app, "escape")
    assert app.states.current is world and not world.paused


def test_the_menu_opens_the_map_in_its_place(world, app):
    _press(app, "escape")
    app.states.current.ui.find("Map (M)", role="button").widget["command"]()
    app.task_mgr.step()
    app.task_mgr.step()
    assert app.states.current.name == "world_map"
    _press(app, "escape")
    assert app.states.current is world and not world.paused


def test_the_menu_switches_the_language_of_the_menu_and_the_hud(world, app):
    assert world.ui.widgets["hud.site"].widget["text"] == "Seoul Plaza"
    _press(app, "escape")
    app.states.current.ui.find("한국어로 보기 (Korean)", role="button").widget["command"]()
    app.task_mgr.step()
    app.task_mgr.step()
    menu = app.states.current
    try:
        assert menu.name == "menu" and "메뉴" in _texts(menu)
        assert menu.ui.find("Switch to English (영어로 보기)", role="button") is not None
        _press(app, "escape")
        assert world.ui.widgets["hud.site"].widget["text"] == "서울광장"
        assert "[F1] 도움말" in world.ui.widgets["hud.keys"].widget["text"]
    finally:
        app.ctx.i18n.set_lang("en")
    assert world.ui.widgets["hud.site"].widget["text"] == "Seoul Plaza"


def test_the_world_stops_listening_for_language_changes_when_it_goes(world, app):
    before = len(app.ctx.i18n._listeners)
    app.states.switch("world", site="deoksugung")
    app.task_mgr.step()
    assert len(app.ctx.i18n._listeners) == before  # one world, one listener: the old one unsubscribed


_check_layout = check_layout


def test_menu_and_help_fit_the_window_without_overlaps_at_200_percent(world, app, monkeypatch):
    from ui.theme import Theme

    big = Theme(scale=2.0, font=app.ctx.theme.font, bold_font=app.ctx.theme.bold_font)
    monkeypatch.setattr(app.ctx, "theme", big)
    for lang in ("ko", "en"):
        app.ctx.i18n.set_lang(lang)
        try:
            _press(app, "escape")
            menu = app.states.current
            assert menu.name == "menu" and menu.ui.theme is big
            _check_layout(menu, menu.root2d)
            _press(app, "f1")
            help_state = app.states.current
            assert help_state.name == "help" and help_state.pages > 1  # too much for one page at 200%
            shown = set()
            for _ in range(help_state.pages):
                _check_layout(help_state, help_state.root2d)
                shown |= {info.widget["text"] for info in help_state.ui.widgets.values()
                          if info.id.startswith("help.keys.")}
                _press(app, "arrow_right")
            assert {"M", "T", "C", "F12", "Esc"} <= shown  # every row is on some page
            _press(app, "escape")
            assert app.states.current is world
            _press(app, "escape")
            settings = _choose(app, app.states.current, "menu.settings")
            assert settings.name == "settings"
            _check_layout(settings, settings.root2d)
            keys = _choose(app, settings, "settings.keys")
            _check_layout(keys, keys.root2d)
            _press(app, "escape")
            _press(app, "escape")
            assert app.states.current is world
            for key, name in (("m", "world_map"), ("t", "take_me_there")):  # the longest lists there are
                _press(app, key)
                chooser = app.states.current
                assert chooser.name == name
                _check_layout(chooser, chooser.root2d)
                _press(app, "escape")
                assert app.states.current is world
        finally:
            app.ctx.i18n.set_lang("en")


_choose = choose


def test_settings_step_through_values_save_to_the_user_file_and_load_back(world, app):
    from client.settings import load_settings

    user_file = app.ctx.dirs.config / "settings.yaml"
    user_file.unlink(missing_ok=True)
    _press(app, "escape")
    settings = _choose(app, app.states.current, "Settings")
    assert settings.name == "settings"
    settings = _choose(app, settings, "Text and button size: 100%")
    settings = _choose(app, settings, "Text and button size: 125%")
    settings = _choose(app, settings, "High contrast: Off")
    assert settings.ui.find("Text and button size: 150%", role="button") is not None
    assert not user_file.exists()  # nothing is written until Save
    settings = _choose(app, settings, "Save")
    assert any("Saved" in str(info.widget["text"]) for info in settings.ui.widgets.values())
    loaded = load_settings(environ={}, user_file=user_file)
    assert (loaded.ui.scale, loaded.ui.high_contrast, loaded.ui.lang) == (1.5, True, "en")
    _press(app, "escape")
    assert app.states.current is world and not world.paused
    user_file.unlink()


def test_settings_language_applies_at_once_and_a_broken_file_is_left_alone(world, app):
    user_file = app.ctx.dirs.config / "settings.yaml"
    user_file.parent.mkdir(parents=True, exist_ok=True)
    user_file.write_text("ui: [this is not a mapping\n", encoding="utf-8")
    _press(app, "escape")
    settings = _choose(app, app.states.current, "Settings")
    try:
        settings = _choose(app, settings, "Language: English")
        assert settings.ui.find("언어: 한국어", role="button") is not None
        assert world.ui.widgets["hud.site"].widget["text"] == "서울광장"
        settings = _choose(app, settings, "저장")
        assert any("저장하지 못했습니다" in str(info.widget["text"]) for info in settings.ui.widgets.values())
        assert user_file.read_text(encoding="utf-8") == "ui: [this is not a mapping\n"
    finally:
        app.ctx.i18n.set_lang("en")
        user_file.unlink()
    _press(app, "escape")
    assert app.states.current is world


def test_keyboard_only_menu_settings_and_map_with_a_visible_focus_ring(world, app):
    user_file = app.ctx.dirs.config / "settings.yaml"
    user_file.unlink(missing_ok=True)
    _press(app, "escape")
    menu = app.states.current
    assert "menu.focus" not in menu.ui.widgets  # no ring until the keyboard is used
    _press(app, "tab")
    assert menu.focus.button_ids[menu.focus.focus] == "menu.help" and "menu.focus" in menu.ui.widgets
    _press(app, "shift-tab")
    assert menu.focus.button_ids[menu.focus.focus] == "menu.close"  # wraps round to the last
    for _ in range(6):  # Help, Map, Take me there, Avatar, My account, Settings
        _press(app, "tab")
    assert menu.focus.button_ids[menu.focus.focus] == "menu.settings"
    _press(app, "enter")
    settings = app.states.current
    assert settings.name == "settings"
    _press(app, "tab")
    _press(app, "tab")  # the second row: text size
    _press(app, "enter")
    assert settings.ui.find("Text and button size: 125%", role="button") is not None
    assert settings.focus.button_ids[settings.focus.focus] == "settings.ui_scale"  # the ring stayed on the row
    for _ in range(7):  # contrast, captions, motion, volume, graphics, keys, then Save
        _press(app, "tab")
    assert settings.focus.button_ids[settings.focus.focus] == "settings.save"
    _press(app, "enter")
    assert user_file.is_file() and "scale: 1.25" in user_file.read_text(encoding="utf-8")
    _press(app, "escape")
    assert app.states.current is world
    _press(app, "m")
    world_map = app.states.current
    _press(app, "tab")
    _press(app, "tab")
    chosen = world_map.focus.button_ids[world_map.focus.focus]
    assert chosen.startswith("map.site.") and chosen != "map.site.seoul_plaza"
    _press(app, "enter")  # through the loading screen, which may last no frame at all when the models are pooled
    site = chosen.removeprefix("map.site.")
    assert step_until(app, lambda: (current := app.states.current) is not None and current.name == "world"
                      and current.manifest.id == site, frames=200_000)
    user_file.unlink()
