"""Korean particles after a word only known at run time: "{desk}와(과)" becomes "시장실과" or "민원서류와".

A Korean particle's form depends on whether the word before it ends in a consonant (받침): 이/가,
을/를, 은/는, 과/와, 으로/로. Catalog texts write both forms, e.g. "{number}이(가)", and `attach` picks
the right one once the value is in. A word ending in a digit is read as Korean reads the digit; one
ending in anything else (Latin letters, symbols) keeps both forms, which is what Korean writing does
when it cannot tell. Pure Python.
"""
from __future__ import annotations

import re

# (form after a consonant, form after a vowel) as catalogs write them
_PAIRS = {"이(가)": ("이", "가"), "을(를)": ("을", "를"), "은(는)": ("은", "는"), "과(와)": ("과", "와"),
          "와(과)": ("과", "와"), "(으)로": ("으로", "로")}
_PATTERN = re.compile(r"(\S)(" + "|".join(re.escape(k) for k in _PAIRS) + ")")
# How digits are read: 일 삼 육 칠 팔 십 영 end in a consonant; 이 사 오 구 do not.
_DIGIT_FINAL = {"0": True, "1": True, "2": False, "3": True, "4": False, "5": False, "6": True, "7": True,
                "8": True, "9": False}


def _final(ch: str) -> tuple[bool, bool] | None:
    """(ends in a consonant, that consonant is ㄹ) for the last sound of ch, or None when unknown."""
    if "가" <= ch <= "힣":
        tail = (ord(ch) - 0xAC00) % 28
        return tail != 0, tail == 8
    if ch in _DIGIT_FINAL:
        return _DIGIT_FINAL[ch], ch in "178"
    return None


def attach(text: str) -> str:
    """Resolve every "X(Y)" particle in text by the sound just before it."""

    def pick(match: re.Match) -> str:
        before, written = match.group(1), match.group(2)
        final = _final(before)
        if final is None:
            return match.group(0)
        consonant, rieul = final
        after_consonant, after_vowel = _PAIRS[written]
        if written == "(으)로" and rieul:
            return before + after_vowel  # ㄹ takes 로: 서울로, 1로
        return before + (after_consonant if consonant else after_vowel)

    return _PATTERN.sub(pick, text)
