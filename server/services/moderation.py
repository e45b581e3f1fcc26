"""Refuse insults and slurs in Korean and English, including disguised spellings.

Texts are normalised before matching so that the usual disguises fail:
- spacing and punctuation between letters (``씨 발``, ``f.u.c.k``);
- Hangul split into jamo (``ㅆㅣㅂㅏㄹ``), which is recomposed into syllables;
- consonant-only abbreviations (``ㅅㅂ``, ``ㅂㅅ``);
- full-width letters and common digit/symbol look-alikes (``fück`` is not handled; ``f4ck`` is).
Matching is on the normalised text, so words that merely contain a listed syllable pair in
ordinary use (``시발점``, a starting point) are allowed by an explicit exception list.
"""

from __future__ import annotations

import re
import unicodedata

# Hangul compatibility jamo (U+3131..U+3163) → conjoining leads / vowels / tails.
_LEADS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_TAILS = ["", "ㄱ", "ㄲ", "ㄳ", "ㄴ", "ㄵ", "ㄶ", "ㄷ", "ㄹ", "ㄺ", "ㄻ", "ㄼ", "ㄽ", "ㄾ", "ㄿ", "ㅀ",
          "ㅁ", "ㅂ", "ㅄ", "ㅅ", "ㅆ", "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ"]
_LOOKALIKES = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s",
                             "!": "i", "|": "i"})

KOREAN_WORDS = ("씨발", "씨바", "시발", "씨팔", "시팔", "씹", "병신", "븅신", "개새끼", "개새기", "개색기", "개색히",
                "좆", "좇같", "지랄", "미친놈", "미친년", "미친새끼", "니미", "느금마", "니애미", "엠창", "닥쳐",
                "썅", "꺼져", "한남충", "김치녀", "틀딱", "쪽바리", "짱깨", "걸레년", "애자", "등신")
KOREAN_INITIALS = ("ㅅㅂ", "ㅆㅂ", "ㅂㅅ", "ㅄ", "ㅈㄹ", "ㄱㅅㄲ", "ㅁㅊ", "ㅈㄴ", "ㄲㅈ")
ENGLISH_WORDS = ("fuck", "fuk", "shit", "bitch", "cunt", "nigger", "nigga", "faggot", "retard", "asshole",
                 "dickhead", "motherfucker", "whore", "slut", "bastard", "wanker", "twat", "chink", "gook", "spic")
# Ordinary words that contain a listed spelling once spaces are gone.
ALLOWED = ("시발점", "시발역", "시발택시", "등신대", "애자일", "씹어", "씹는", "씹고", "좆망", "class", "assess",
           "scunthorpe", "cocktail", "shitake", "shiitake", "therapist", "spicy", "spice", "document")


def _compose_jamo(text: str) -> str:
    """Recompose runs of compatibility jamo (consonant + vowel [+ consonant]) into syllables."""
    out: list[str] = []
    i = 0
    while i < len(text):
        lead, vowel = text[i], text[i + 1] if i + 1 < len(text) else ""
        if lead in _LEADS and vowel in _VOWELS:
            tail = ""
            after = text[i + 2] if i + 2 < len(text) else ""
            next_is_vowel = i + 3 < len(text) and text[i + 3] in _VOWELS
            if after in _TAILS[1:] and not next_is_vowel:
                tail = after
            code = 0xAC00 + (_LEADS.index(lead) * 21 + _VOWELS.index(vowel)) * 28 + _TAILS.index(tail)
            out.append(chr(code))
            i += 3 if tail else 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def normalise(text: str) -> str:
    """Fold width and case, map look-alikes, recompose jamo, and drop everything but letters."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_LOOKALIKES)
    # Everything Hangul becomes compatibility jamo first, then the letters are syllabified
    # again: "씨 발", "ㅆㅣㅂㅏㄹ" and "씨ㅂㅏㄹ" all come out as "씨발".
    folded = "".join(_to_jamo(char) for char in folded)
    letters = "".join(char for char in folded if char.isalpha())
    return _compose_jamo(letters)


def _to_jamo(char: str) -> str:
    code = ord(char)
    if 0xAC00 <= code <= 0xD7A3:  # a precomposed syllable
        index = code - 0xAC00
        return _LEADS[index // 588] + _VOWELS[(index % 588) // 28] + _TAILS[index % 28]
    if 0x1100 <= code <= 0x1112:  # leads
        return _LEADS[code - 0x1100]
    if 0x1161 <= code <= 0x1175:  # vowels
        return _VOWELS[code - 0x1161]
    if 0x11A8 <= code <= 0x11C2:  # tails
        return _TAILS[code - 0x11A7]
    return char


def _strip_allowed(normalised: str) -> str:
    for word in ALLOWED:
        normalised = normalised.replace(word, "·")
    return normalised


_INITIALS_RUN = re.compile(f"[{_LEADS}ㄳㄵㄶㄺㄻㄼㄽㄾㄿㅀㅄ]+")


def find_abuse(*texts: str) -> str | None:
    """Return a short reason if any text contains an insult or slur, else None."""
    for raw in texts:
        plain = _strip_allowed(normalise(raw))
        for word in KOREAN_WORDS:
            if word in plain:
                return "contains an insult or slur in Korean"
        for run in _INITIALS_RUN.findall(plain):
            if any(abbreviation in run for abbreviation in KOREAN_INITIALS):
                return "contains an abbreviated Korean insult"
        for word in ENGLISH_WORDS:
            if word in plain:
                return "contains an insult or slur in English"
    return None
