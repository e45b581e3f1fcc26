"""The customisation screen's choices: every part of an appearance is offered, steps wrap round, every
value is valid and named in both languages."""
from dataclasses import fields

import pytest

from client.i18n import Catalog
from client.world.appearance import AGES, Appearance
from ui.avatar_choices import OUTFIT_COLOURS, choices, heights, step, value_text


def test_every_part_of_an_appearance_has_a_row():
    assert [c.field for c in choices(Appearance())] == [
        "age", "mobility", "height_m", "build", "skin_tone", "hair_style", "hair_color",
        "top_color", "bottom_color", "shoes_color"]
    assert {c.field for c in choices(Appearance())} == {f.name for f in fields(Appearance)}


@pytest.mark.parametrize("age", AGES)
def test_stepping_a_row_visits_every_value_and_wraps(age):
    start = Appearance.for_age(age)
    for choice in choices(start):
        look, seen = start, []
        for _ in choice.values:
            look = step(look, choice.field, 1)  # each one is a valid Appearance, or this raises
            seen.append(getattr(look, choice.field))
        if choice.field == "age":
            assert look.age == start.age
            continue
        if choice.field == "height_m":  # steps 5 cm from wherever it is, wrapping within the age's range
            assert len(set(seen)) == len(seen)
            assert step(step(start, "height_m", 1), "height_m", -1).height_m == start.height_m
            continue
        assert sorted(map(str, seen)) == sorted(map(str, choice.values))
        assert getattr(look, choice.field) == getattr(start, choice.field)
        assert getattr(step(step(start, choice.field, 1), choice.field, -1), choice.field) == getattr(
            start, choice.field)


def test_heights_cover_each_ages_range_in_5_cm_steps_and_wrap():
    assert heights("child")[0] == 0.95 and heights("child")[-1] == 1.55
    assert heights("adult")[1] - heights("adult")[0] == pytest.approx(0.05)
    tallest = Appearance.for_age("child", height_m=1.55)
    assert step(tallest, "height_m", 1).height_m == 0.95
    assert step(Appearance.for_age("senior"), "height_m", 1).height_m == 1.67


def test_a_new_age_brings_its_height_and_typical_hair_unless_the_citizen_chose_their_own():
    senior = step(Appearance(), "age", 1)
    assert (senior.age, senior.height_m, senior.hair_color, senior.hair_style) == ("senior", 1.62, "#b9b9b9", "bun")
    dyed = step(Appearance(hair_color="#a0703e"), "age", 1)
    assert dyed.age == "senior" and dyed.hair_color == "#a0703e"


def test_a_colour_not_offered_is_custom_and_steps_onto_the_palette():
    look = Appearance(top_color="#123456")
    top = next(c for c in choices(look) if c.field == "top_color")
    assert top.name_key(look.top_color) == "avatar.custom"
    assert step(look, "top_color", 1).top_color == OUTFIT_COLOURS[0][1]
    assert step(look, "top_color", -1).top_color == OUTFIT_COLOURS[-1][1]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_value_has_words_in_both_languages(lang):
    catalog = Catalog(lang)
    for age in AGES:
        for choice in choices(Appearance.for_age(age)):
            assert catalog.has(f"avatar.field.{choice.field}")
            for value in choice.values:
                assert value_text(catalog.t, choice, value).strip()
