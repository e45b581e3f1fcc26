"""The tax calculator's own checks (before anything is sent) and how it reads the articles the server cites."""
import pytest

from ui.tax_calculator import (Article, article_text, car_request, cited_articles, field_problem, find_article,
                               house_request, whole_number)

YEAR = 2025
EN = {"calc.article": "Art. {number}{parts}", "calc.decree": "Decree Art. {number}{parts}",
      "calc.part.1": "({n})", "calc.part.2": "({n})", "calc.part.3": "({n})", "calc.letters": "abcdefgh"}
KO = {"calc.article": "제{number}조{parts}", "calc.decree": "시행령 제{number}조{parts}",
      "calc.part.1": "제{n}항", "calc.part.2": "제{n}호", "calc.part.3": "{n}목", "calc.letters": "가나다라마바사아"}


def catalog(table):
    return lambda key, **values: table[key].format(**values)


@pytest.mark.parametrize(("text", "value"), [("1998", 1998), (" 1,998 ", 1998), ("300,000,000", 300_000_000),
                                             ("", None), ("1998cc", None), ("-5", None), ("1.5", None),
                                             ("１９９８", None), ("²", None)])
def test_whole_numbers_are_written_in_the_digits_0_to_9(text, value):
    assert whole_number(text) == value


@pytest.mark.parametrize(("key", "text", "problem"), [
    ("displacement_cc", "1998", None),
    ("displacement_cc", "", "calc.error.empty"),
    ("displacement_cc", "two litres", "calc.error.digits"),
    ("displacement_cc", "0", "calc.error.range"),
    ("displacement_cc", "20001", "calc.error.range"),
    ("first_year", str(YEAR), None),
    ("first_year", str(YEAR + 1), "calc.error.range"),
    ("first_year", str(YEAR - 99), None),  # its 100th year: the server's limit
    ("first_year", str(YEAR - 100), "calc.error.range"),
    ("official_price_krw", "10,000,000,000,000", None),
    ("official_price_krw", "10,000,000,000,001", "calc.error.range"),
    ("fair_market_ratio", "101", "calc.error.range"),
])
def test_each_field_is_checked_against_the_servers_bounds(key, text, problem):
    found = field_problem(key, text, YEAR)
    assert (found[0] if found else None) == problem


def test_a_range_message_shows_amounts_with_separators_and_years_without():
    assert field_problem("official_price_krw", "0", YEAR)[1] == {"low": "1", "high": "10,000,000,000,000"}
    assert field_problem("first_year", "1800", YEAR)[1] == {"low": "1926", "high": "2025"}


def test_requests_carry_what_the_server_takes():
    values = {"displacement_cc": "1,998", "first_year": "2021"}
    assert car_request(values, "combustion", False, YEAR) == {
        "fuel": "combustion", "displacement_cc": 1998, "vehicle_age_years": 5, "commercial": False}
    assert car_request(values, "electric", True, YEAR)["displacement_cc"] == 0
    assert house_request({"official_price_krw": "300000000", "fair_market_ratio": "60"}) == {
        "official_price_krw": 300_000_000, "fair_market_ratio": 0.6}


def test_the_servers_citations_are_read_and_written_in_each_language():
    cited = cited_articles(["Local Tax Act Art. 110 (tax base: official price x fair-market ratio)",
                            "Enforcement Decree Art. 109 (housing fair-market ratio 60%)",
                            "Art. 111(1)(3)(b) (progressive housing rates)", "no article here"])
    assert cited == (Article(110, ()), Article(109, (), True), Article(111, ("1", "3", "b")))
    rates = find_article(cited, 111)
    assert article_text(catalog(EN), rates) == "Art. 111(1)(3)(b)"
    assert article_text(catalog(KO), rates) == "제111조제1항제3호나목"
    assert article_text(catalog(KO), rates, whole=False) == "제111조"
    assert article_text(catalog(EN), cited[1]) == "Decree Art. 109"
    assert find_article(cited, 109) is None  # the Decree's article is not the Act's
    assert find_article(cited, 111, "2") is None
