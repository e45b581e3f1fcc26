"""Every text/background pair the screens draw meets WCAG's 4.5:1, in both palettes, even where a
background is see-through and the world behind it is as bright or as dark as it gets."""
import pytest

from ui.theme import HIGH_CONTRAST, STANDARD, contrast_ratio

WHITE, BLACK = (1.0, 1.0, 1.0, 1.0), (0.0, 0.0, 0.0, 1.0)


def _over(color, backdrop):
    """An alpha colour composited over an opaque backdrop."""
    a = color[3]
    return tuple(a * c + (1 - a) * b for c, b in zip(color[:3], backdrop[:3])) + (1.0,)


@pytest.mark.parametrize("palette", [STANDARD, HIGH_CONTRAST], ids=["standard", "high_contrast"])
def test_every_text_pair_reaches_4_5_to_1_over_any_backdrop(palette):
    for name, (fg, bg) in palette.text_pairs().items():
        worst = min(contrast_ratio(fg, _over(bg, backdrop)) for backdrop in (WHITE, BLACK))
        assert worst >= 4.5, f"{name}: {worst:.2f}:1"


def test_high_contrast_is_at_least_as_strong_as_standard_everywhere():
    standard, high = STANDARD.text_pairs(), HIGH_CONTRAST.text_pairs()
    for name in standard:
        assert contrast_ratio(*[_over(c, WHITE) for c in high[name]]) >= 7.0, name  # WCAG AAA in high contrast


def test_the_ratio_itself_matches_wcag_reference_values():
    assert contrast_ratio(WHITE, BLACK) == pytest.approx(21.0)
    assert contrast_ratio((0.4627, 0.4627, 0.4627, 1), WHITE) == pytest.approx(4.54, abs=0.02)  # #767676 on white
