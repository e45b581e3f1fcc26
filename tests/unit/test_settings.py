"""Settings merge in order default < profile < user file < environment < command line, and refuse bad input."""
import pytest

from client.settings import SettingsError, load_settings


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_come_from_config_default_yaml():
    s = load_settings(environ={})
    assert s.ui.lang == "ko" and s.backend.url == "embedded" and s.world.site == "seoul_plaza"


def test_each_layer_overrides_the_one_before(tmp_path):
    user = write(tmp_path / "settings.yaml", "ui:\n  scale: 1.25\n  lang: en\ngraphics:\n  width: 1024\n")
    s = load_settings(profile="kiosk", user_file=user, environ={"METAVERSE_SEOUL_UI__SCALE": "1.75"},
                      overrides={"graphics.width": 800})
    assert s.graphics.fullscreen is True          # from the kiosk profile
    assert s.ui.lang == "en"                      # user file beats default
    assert s.ui.scale == 1.75                     # environment beats user file and profile (1.5)
    assert s.graphics.width == 800                # command line beats everything


def test_profile_overrides_default():
    assert load_settings(profile="kiosk", environ={}).ui.scale == 1.5
    assert load_settings(profile="creator", environ={}).graphics.show_fps is True


def test_unknown_key_in_user_file_names_file_and_key(tmp_path):
    user = write(tmp_path / "settings.yaml", "ui:\n  scael: 2\n")
    with pytest.raises(SettingsError) as err:
        load_settings(user_file=user, environ={})
    assert str(user) in str(err.value) and "ui.scael" in str(err.value)


def test_wrong_type_names_file_and_key(tmp_path):
    user = write(tmp_path / "settings.yaml", "graphics:\n  width: wide\n")
    with pytest.raises(SettingsError, match=r"settings.yaml: 'graphics.width': must be a whole number"):
        load_settings(user_file=user, environ={})


def test_bad_environment_variable_is_named():
    with pytest.raises(SettingsError, match="METAVERSE_SEOUL_UI__CAPTIONS.*true or false"):
        load_settings(environ={"METAVERSE_SEOUL_UI__CAPTIONS": "maybe"})


def test_out_of_range_scale_is_refused_with_its_source():
    with pytest.raises(SettingsError, match="command line: 'ui.scale': must be between 1.0 and 2.0"):
        load_settings(environ={}, overrides={"ui.scale": 3.0})


def test_invalid_choice_lists_the_choices():
    with pytest.raises(SettingsError, match="ko, en"):
        load_settings(environ={}, overrides={"ui.lang": "fr"})


def test_broken_yaml_names_the_line(tmp_path):
    user = write(tmp_path / "settings.yaml", "ui:\n  scale: [1\n")
    with pytest.raises(SettingsError, match=r"settings.yaml: line \d+ is not valid YAML"):
        load_settings(user_file=user, environ={})


def test_missing_user_file_is_fine(tmp_path):
    assert load_settings(user_file=tmp_path / "absent.yaml", environ={}).ui.lang == "ko"


def test_home_variable_is_not_taken_for_a_setting():
    assert load_settings(environ={"METAVERSE_SEOUL_HOME": "/tmp/x"}).ui.lang == "ko"


def test_unknown_profile():
    with pytest.raises(SettingsError, match="no such profile 'museum'"):
        load_settings(profile="museum", environ={})


def test_saving_user_settings_keeps_other_keys_and_refuses_bad_values(tmp_path):
    from client.settings import SettingsError, load_settings, save_user_settings

    path = tmp_path / "config" / "settings.yaml"
    save_user_settings(path, {"world.crowd": 4})
    save_user_settings(path, {"ui.scale": 1.75, "ui.lang": "en"})
    loaded = load_settings(environ={}, user_file=path)
    assert (loaded.world.crowd, loaded.ui.scale, loaded.ui.lang) == (4, 1.75, "en")
    before = path.read_text(encoding="utf-8")
    with pytest.raises(SettingsError) as err:
        save_user_settings(path, {"ui.scale": 9.0})
    assert str(path) in str(err.value) and "ui.scale" in str(err.value)
    assert path.read_text(encoding="utf-8") == before  # the refused change wrote nothing
    assert not path.with_name("settings.yaml.partial").exists()
