"""Hangul syllables from typed jamo, as a 2-set (두벌식) keyboard composes them. Pure Python.

The on-screen keyboard keeps the jamo typed since the last space or field change and shows
`compose(jamo)`: composing the whole run again after every key is simpler than an incremental
automaton and makes backspace exact (drop the last jamo, compose again), so ㅘ typed as ㅗ+ㅏ goes
back to ㅗ and 앉 goes back to 안. The PyPI packages that do this (hgtk, hangul-jamo,
hangul-keyboard, jamolib) are single-author and little kept, and the rules fit in this module.
"""
from __future__ import annotations

CHO = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
JUNG = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
JONG = ("", "ㄱ", "ㄲ", "ㄳ", "ㄴ", "ㄵ", "ㄶ", "ㄷ", "ㄹ", "ㄺ", "ㄻ", "ㄼ", "ㄽ", "ㄾ", "ㄿ", "ㅀ", "ㅁ", "ㅂ",
        "ㅄ", "ㅅ", "ㅆ", "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ")

COMPOUND_VOWELS = {("ㅗ", "ㅏ"): "ㅘ", ("ㅗ", "ㅐ"): "ㅙ", ("ㅗ", "ㅣ"): "ㅚ", ("ㅜ", "ㅓ"): "ㅝ",
                   ("ㅜ", "ㅔ"): "ㅞ", ("ㅜ", "ㅣ"): "ㅟ", ("ㅡ", "ㅣ"): "ㅢ"}
DOUBLE_FINALS = {("ㄱ", "ㅅ"): "ㄳ", ("ㄴ", "ㅈ"): "ㄵ", ("ㄴ", "ㅎ"): "ㄶ", ("ㄹ", "ㄱ"): "ㄺ",
                 ("ㄹ", "ㅁ"): "ㄻ", ("ㄹ", "ㅂ"): "ㄼ", ("ㄹ", "ㅅ"): "ㄽ", ("ㄹ", "ㅌ"): "ㄾ",
                 ("ㄹ", "ㅍ"): "ㄿ", ("ㄹ", "ㅎ"): "ㅀ", ("ㅂ", "ㅅ"): "ㅄ"}
SPLIT_FINALS = {double: pair for pair, double in DOUBLE_FINALS.items()}


def is_jamo(ch: str) -> bool:
    """A consonant or vowel key of the 2-set layout (compatibility jamo)."""
    return ch in CHO or ch in JUNG


def syllable(cho: str, jung: str, jong: str = "") -> str:
    """The precomposed syllable (U+AC00…) of an initial, a vowel and an optional final."""
    return chr(0xAC00 + (CHO.index(cho) * len(JUNG) + JUNG.index(jung)) * len(JONG) + JONG.index(jong))


class _Block:
    """The syllable being built: initial, vowel, final (each "" while missing)."""

    def __init__(self, cho: str = "", jung: str = "", jong: str = ""):
        self.cho, self.jung, self.jong = cho, jung, jong

    def text(self) -> str:
        if self.cho and self.jung:
            return syllable(self.cho, self.jung, self.jong)
        return self.cho + self.jung  # a lone consonant or vowel shows as itself


def compose(jamo: list[str] | str) -> str:
    """Compose typed jamo into text: ㅎㅏㄴㄱㅡㄹ → 한글, ㄷㅏㄹㄱㅏ → 달가, ㅇㅏㄴㅈㅇㅏ → 앉아."""
    done: list[str] = []
    block: _Block | None = None
    for ch in jamo:
        if ch in JUNG:
            block = _vowel(block, ch, done)
        elif ch in CHO:
            block = _consonant(block, ch, done)
        else:
            if block is not None:
                done.append(block.text())
                block = None
            done.append(ch)
    if block is not None:
        done.append(block.text())
    return "".join(done)


def _vowel(block: _Block | None, ch: str, done: list[str]) -> _Block:
    if block is None:
        return _Block(jung=ch)
    if block.jong:
        # A final followed by a vowel starts the next syllable (달+ㅏ → 다라); of a double final
        # only the second half moves (앉+ㅏ → 안자).
        first, second = SPLIT_FINALS.get(block.jong, ("", block.jong))
        block.jong = first
        done.append(block.text())
        return _Block(second, ch)
    if not block.jung:
        block.jung = ch
        return block
    compound = COMPOUND_VOWELS.get((block.jung, ch))
    if compound is not None:
        block.jung = compound
        return block
    done.append(block.text())
    return _Block(jung=ch)


def _consonant(block: _Block | None, ch: str, done: list[str]) -> _Block:
    if block is not None and block.cho and block.jung:
        if not block.jong and ch in JONG:  # ㄸ ㅃ ㅉ are never finals
            block.jong = ch
            return block
        double = DOUBLE_FINALS.get((block.jong, ch))
        if double is not None:
            block.jong = double
            return block
    if block is not None:
        done.append(block.text())
    return _Block(cho=ch)
