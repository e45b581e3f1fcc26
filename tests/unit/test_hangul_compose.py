"""Hangul composition as a citizen types on a 2-set keyboard: worked examples, and backspace."""
import pytest

from ui.hangul_compose import compose, syllable


@pytest.mark.parametrize("typed, shown", [
    ("ㅎㅏㄴ", "한"),
    ("ㅎㅏㄴㄱㅡㄹ", "한글"),
    ("ㅈㅔㅇㅏㄴ", "제안"),  # ㅇ after 제 has no vowel yet: it starts the next syllable once ㅏ comes
    ("ㄷㅏㄹㄱㅏ", "달가"),  # ㄹㄱ would be ㄺ, but the vowel takes ㄱ to the next syllable
    ("ㄷㅏㄹㄱ", "닭"),
    ("ㅇㅏㄴㅈㅇㅏ", "앉아"),
    ("ㅇㅏㄴㅈㅏ", "안자"),  # a double final gives its second half to the next vowel
    ("ㅇㅓㅂㅅㄷㅏ", "없다"),
    ("ㄱㅗㅏ", "과"), ("ㅇㅗㅐ", "왜"), ("ㅎㅗㅣ", "회"), ("ㅁㅜㅓ", "뭐"), ("ㄱㅜㅔ", "궤"), ("ㅇㅜㅣ", "위"),
    ("ㅇㅡㅣ", "의"),
    ("ㅅㅓㅇㅜㄹ", "서울"),
    ("ㄸㅏㄸ", "따ㄸ"),  # ㄸ is never a final
    ("ㅆㅏㅆ", "쌌"),
    ("ㄱ", "ㄱ"), ("ㅏ", "ㅏ"), ("ㄱㄴ", "ㄱㄴ"), ("ㅏㅓ", "ㅏㅓ"),
    ("ㅎㅏㄴ 1ㄱ", "한 1ㄱ"),  # anything else ends the syllable
])
def test_worked_examples(typed, shown):
    assert compose(typed) == shown


@pytest.mark.parametrize("double, pair", [
    ("ㄳ", "ㄱㅅ"), ("ㄵ", "ㄴㅈ"), ("ㄶ", "ㄴㅎ"), ("ㄺ", "ㄹㄱ"), ("ㄻ", "ㄹㅁ"), ("ㄼ", "ㄹㅂ"), ("ㄽ", "ㄹㅅ"),
    ("ㄾ", "ㄹㅌ"), ("ㄿ", "ㄹㅍ"), ("ㅀ", "ㄹㅎ"), ("ㅄ", "ㅂㅅ"),
])
def test_every_double_final(double, pair):
    assert compose("ㄱㅏ" + pair) == syllable("ㄱ", "ㅏ", double)
    assert compose("ㄱㅏ" + pair + "ㅏ") == syllable("ㄱ", "ㅏ", pair[0]) + syllable(pair[1], "ㅏ")


def test_backspace_undoes_one_jamo_at_a_time():
    typed = list("ㅇㅏㄴㅈㅇㅏ")
    shown = []
    while typed:
        shown.append(compose(typed))
        typed.pop()
    assert shown == ["앉아", "앉ㅇ", "앉", "안", "아", "ㅇ"]
    assert compose(list("ㄱㅗㅏ")[:-1]) == "고"  # ㅘ back to ㅗ
