"""No text on screen renders as boxes: every character the client can show is in the bundled fonts.

That is every catalog string (assets/i18n), every manifest and dialogue text (scenes/), and every
non-ASCII character written into the client's code (arrows, dots, ellipses).
"""
import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from client.paths import ASSETS_DIR, PROJECT_ROOT

FONTS = ("NanumGothic.ttf", "NanumGothicBold.ttf")
SOURCES = (
    ("assets/i18n", "**/*.yaml"),
    ("scenes", "**/*.yaml"),
    ("ui", "**/*.py"),
    ("client", "**/*.py"),
    ("server/services", "demo*.py"),  # seeded petitions, bills and records shown on the screens
)
# Characters that are never drawn: YAML/Python syntax aside, line breaks and the like.
NOT_DRAWN = set("\n\r\t")


def _shown_characters() -> dict[str, str]:
    """Each character outside ASCII, with one file that uses it."""
    found: dict[str, str] = {}
    for folder, pattern in SOURCES:
        for path in sorted((PROJECT_ROOT / folder).glob(pattern)):
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".py":
                text = " ".join(re.findall(r"\"[^\"\n]*\"|'[^'\n]*'", text))  # string literals only, not comments
            for ch in set(text) - NOT_DRAWN:
                if ord(ch) > 127:
                    found.setdefault(ch, str(path.relative_to(PROJECT_ROOT)))
    return found


@pytest.mark.parametrize("font", FONTS)
def test_every_character_the_client_shows_is_in_the_font(font):
    cmap = TTFont(ASSETS_DIR / "fonts" / font).getBestCmap()
    shown = _shown_characters()
    assert len(shown) > 400  # the Korean catalogs alone use hundreds of syllables
    missing = {f"U+{ord(ch):04X} {ch!r}": where for ch, where in shown.items() if ord(ch) not in cmap}
    assert not missing, f"would render as boxes with {font}: {missing}"
