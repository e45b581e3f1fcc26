"""Appearance: validation, the dict round trip, the local file for guests, and body proportions."""
from __future__ import annotations

import json

import pytest

from client.world.appearance import (AGES, HAIR_STYLES, Appearance, AppearanceError, load_local,
                                     local_path, proportions, save_local)


def test_defaults_are_a_1_7_m_walking_adult():
    look = Appearance()
    assert (look.age, look.height_m, look.mobility) == ("adult", 1.7, "walking")


@pytest.mark.parametrize("changes, field", [
    ({"age": "teen"}, "age"),
    ({"build": "huge"}, "build"),
    ({"hair_style": "mohawk"}, "hair_style"),
    ({"mobility": "jetpack"}, "mobility"),
    ({"skin_tone": "tan"}, "skin_tone"),
    ({"top_color": "#12345"}, "top_color"),
    ({"height_m": 2.6}, "height_m"),
    ({"height_m": float("nan")}, "height_m"),
    ({"height_m": True}, "height_m"),
    ({"age": "child", "height_m": 1.7}, "height_m"),
])
def test_invalid_values_name_the_field(changes, field):
    with pytest.raises(AppearanceError, match=f"^{field}:"):
        Appearance(**changes)


@pytest.mark.parametrize("age", AGES)
@pytest.mark.parametrize("style", HAIR_STYLES)
def test_round_trip_through_json(age, style):
    look = Appearance.for_age(age, hair_style=style, mobility="wheelchair", top_color="#123abc")
    data = json.loads(json.dumps(look.to_dict()))
    assert data["version"] == 1
    assert Appearance.from_dict(data) == look


def test_from_dict_fills_defaults_lowers_colours_and_rejects_typos():
    assert Appearance.from_dict({"age": "child"}).height_m == 1.25
    assert Appearance.from_dict({"hair_color": "#ABCDEF"}).hair_color == "#abcdef"
    with pytest.raises(AppearanceError, match="^hair_colour: unknown field"):
        Appearance.from_dict({"hair_colour": "#000000"})
    # A newer client's extra fields are ignored rather than refused.
    assert Appearance.from_dict({"version": 2, "glasses": True}) == Appearance()
    with pytest.raises(AppearanceError):
        Appearance.from_dict(["not", "a", "mapping"])


def test_values_are_frozen_and_changes_are_checked():
    look = Appearance()
    with pytest.raises(AttributeError):
        look.age = "senior"  # type: ignore[misc]
    assert look.with_changes(hair_style="bun").hair_style == "bun"
    with pytest.raises(AppearanceError):
        look.with_changes(age="child")  # 1.7 m is no child's height


def test_senior_preset_has_grey_hair():
    senior = Appearance.for_age("senior")
    assert senior.age == "senior" and senior.hair_color == "#b9b9b9"


def test_guest_appearance_is_saved_locally(tmp_path):
    assert load_local(tmp_path) == Appearance()  # nothing saved yet
    look = Appearance.for_age("senior", mobility="wheelchair")
    path = save_local(look, tmp_path / "config")
    assert path == local_path(tmp_path / "config") and path.is_file()
    assert load_local(tmp_path / "config") == look
    path.write_text("{not json", encoding="utf-8")
    assert load_local(tmp_path / "config") == Appearance()  # a broken file never blocks entry


def test_proportions_reach_the_chosen_height():
    adult = proportions(Appearance(height_m=1.7))
    assert adult.height_scale == pytest.approx(1.0) and adult.head_scale == 1.0
    child = proportions(Appearance.for_age("child"))
    assert child.head_scale > 1.2  # a child's head is large for its body
    assert child.height_scale * (1.7 + 0.23 * (child.head_scale - 1)) == pytest.approx(1.25)
    assert proportions(Appearance.for_age("senior")).stoop_deg > 0
    assert proportions(Appearance(build="broad")).width > 1 > proportions(Appearance(build="slim")).width
