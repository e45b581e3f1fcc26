"""Korean particles follow the word a value puts before them."""
import pytest

from client.i18n import Catalog
from client.korean_particles import attach


@pytest.mark.parametrize("text, expected", [
    ("시장실와(과) 대화", "시장실과 대화"),
    ("민원서류와(과) 대화", "민원서류와 대화"),
    ("제안 12이(가) 접수", "제안 12가 접수"),
    ("제안 13이(가) 접수", "제안 13이 접수"),
    ("5,000원을(를) 납부", "5,000원을 납부"),
    ("자동차세을(를) 입력", "자동차세를 입력"),
    ("서울(으)로 이동", "서울로 이동"),
    ("광장(으)로 이동", "광장으로 이동"),
    ("부산(으)로", "부산으로"),
    ("Lab와(과) 대화", "Lab와(과) 대화"),  # cannot tell how it is read: both forms stay
])
def test_the_particle_fits_the_sound_before_it(text, expected):
    assert attach(text) == expected


def test_the_catalog_resolves_particles_in_korean_only():
    ko, en = Catalog("ko"), Catalog("en")
    assert ko.t("proposal.delivered", number="SP-2026-0012") == "제안 SP-2026-0012가 접수되었습니다."
    assert "(" not in ko.t("tax.confirm", what="자동차세", amount="519,480원")
    assert en.t("proposal.delivered", number="SP-2026-0012") == "Your proposal SP-2026-0012 has been filed."
