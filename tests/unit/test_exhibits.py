"""Exhibits files (scenes/exhibits/*.yaml): the shipped ones load in both languages, and a broken one
is refused with a message naming the file and the key (pure: no window)."""
import pytest

from client.schema import MAX_DATA_FILE_BYTES, DataError
from ui.exhibits import EXHIBITS_DIR, MAX_EXHIBITS, load_exhibits

GOOD = """\
id: demo
title: {ko: 전시, en: Exhibits}
note: {ko: 예시입니다., en: These are examples.}
exhibits:
  - id: one
    title: {ko: 하나, en: One}
    maker: {ko: (예시) 팀, en: (example) Team}
    shows: {ko: 무엇, en: Something}
    text: {ko: 설명, en: A text}
"""


def write(tmp_path, text):
    path = tmp_path / "demo.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("centre", ["business_support", "fintech_lab"])
def test_each_centre_shows_five_to_eight_example_exhibits_in_both_languages(centre):
    exhibition = load_exhibits(EXHIBITS_DIR / f"{centre}.yaml")
    assert exhibition.id == centre
    assert 5 <= len(exhibition.exhibits) <= 8
    assert "예시" in exhibition.note["ko"] and "example" in exhibition.note["en"]
    for exhibit in exhibition.exhibits:
        assert exhibit.maker["ko"].startswith("(예시)") and exhibit.maker["en"].startswith("(example)")
        for text in (exhibit.title, exhibit.shows, exhibit.text):
            assert text["ko"] != text["en"]  # translated, not copied


def test_a_good_file_loads(tmp_path):
    exhibition = load_exhibits(write(tmp_path, GOOD))
    assert [e.id for e in exhibition.exhibits] == ["one"]
    assert exhibition.exhibits[0].maker == {"ko": "(예시) 팀", "en": "(example) Team"}


@pytest.mark.parametrize("broken, key, words", [
    (GOOD.replace("    text: {ko: 설명, en: A text}\n", "    text: {ko: 설명}\n"),
     "exhibits[0].text.en", "missing"),
    (GOOD.replace("    shows:", "    show:"), "exhibits[0].show", "unknown key"),
    (GOOD.replace("note: {ko: 예시입니다., en: These are examples.}\n", ""), "note", "required"),
    (GOOD.split("exhibits:")[0] + "exhibits: []\n", "exhibits", "at least one"),
    (GOOD + GOOD[GOOD.index("  - id: one"):], "exhibits[1].id", "used by another"),
    (GOOD.replace("(예시) 팀, en", "(예시) 팀, 대표, en"), "exhibits[0].maker", "unsupported language"),
    ("- just a list\n", "top level", "must be a mapping"),
])
def test_a_malformed_file_is_refused_naming_file_and_key(tmp_path, broken, key, words):
    path = write(tmp_path, broken)
    with pytest.raises(DataError) as caught:
        load_exhibits(path)
    assert caught.value.path == str(path.resolve()) and caught.value.key == key
    assert words in str(caught.value) and "demo.yaml" in str(caught.value)


def test_invalid_yaml_says_which_line(tmp_path):
    with pytest.raises(DataError) as caught:
        load_exhibits(write(tmp_path, GOOD.replace("  - id: one", "  - id: [one")))
    assert "invalid YAML" in str(caught.value) and caught.value.line is not None


def test_too_many_exhibits_and_oversized_files_are_refused(tmp_path):
    one = GOOD[GOOD.index("  - id: one"):]
    many = GOOD + "".join(one.replace("id: one", f"id: e{i}") for i in range(MAX_EXHIBITS))
    with pytest.raises(DataError, match=f"at most {MAX_EXHIBITS}"):
        load_exhibits(write(tmp_path, many))
    with pytest.raises(DataError, match="limited"):
        load_exhibits(write(tmp_path, GOOD + "#" * MAX_DATA_FILE_BYTES))


def test_yaml_aliases_are_refused(tmp_path):
    aliased = GOOD.replace("title: {ko: 하나, en: One}", "title: &t {ko: 하나, en: One}").replace(
        "shows: {ko: 무엇, en: Something}", "shows: *t")
    with pytest.raises(DataError, match="aliases"):
        load_exhibits(write(tmp_path, aliased))
