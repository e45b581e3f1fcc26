"""The Tax Square tax calculator: automobile tax on a passenger car and property tax on a house,
worked out by the city's service (``/v1/tax/calculations/*``, public: no sign-in).

First a choice of tax, then a form with the server's inputs, checked here before anything is sent
(digits only, within the server's bounds, a message naming the field), then the breakdown the
server returns: each amount in won with the Local Tax Act article it cites, and a reminder that the
bill is what counts. Back from the breakdown returns to the form with the figures still typed.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable

from net.api import AutomobileTax, PropertyTax, error_text
from ui.service_kit import ServiceScreen
from ui.service_text import krw

FUELS = ("combustion", "electric")  # as server/schemas/tax.py CarFuel names them
CAR_FIELDS = ("displacement_cc", "first_year")
HOUSE_FIELDS = ("official_price_krw", "fair_market_ratio")
# The server's bounds (server/schemas/tax.py); 0 cc and a free house are refused here as typing slips.
MAX_CC = 20_000
MAX_AGE_YEARS = 100
MAX_PRICE_KRW = 10**13
FIELD_CHARS = 20  # room to type (and be told about) a figure past the bounds
# The server's names for what it refuses, as this form's fields.
SERVER_FIELDS = {"displacement_cc": "displacement_cc", "vehicle_age_years": "first_year",
                 "official_price_krw": "official_price_krw", "fair_market_ratio": "fair_market_ratio"}


# -- checking the form (pure) ---------------------------------------------------------------------
def whole_number(text: str) -> int | None:
    """'1,998' or ' 1998 ' -> 1998; None unless it is a whole number written in the digits 0-9."""
    plain = re.sub(r"[\s,]", "", text)
    return int(plain) if re.fullmatch(r"[0-9]{1,20}", plain) else None


def bounds(key: str, this_year: int) -> tuple[int, int]:
    """The lowest and highest value field ``key`` takes."""
    return {"displacement_cc": (1, MAX_CC),
            # The registration year counts as the car's first year, and the server takes up to 100.
            "first_year": (this_year - MAX_AGE_YEARS + 1, this_year),
            "official_price_krw": (1, MAX_PRICE_KRW),
            "fair_market_ratio": (1, 100)}[key]


def field_problem(key: str, text: str, this_year: int) -> tuple[str, dict[str, str]] | None:
    """(catalog key, its values) for what is wrong with one field's text, or None when it is fine."""
    if not text.strip():
        return "calc.error.empty", {}
    value = whole_number(text)
    if value is None:
        return "calc.error.digits", {}
    low, high = bounds(key, this_year)
    if not low <= value <= high:
        shown = str if key == "first_year" else krw  # a year is not an amount: no thousands separator
        return "calc.error.range", {"low": shown(low), "high": shown(high)}
    return None


def car_request(values: dict[str, str], fuel: str, commercial: bool, this_year: int) -> dict:
    """The automobile calculator's arguments from checked fields (the registration year counts as 1)."""
    cc = whole_number(values["displacement_cc"]) if fuel != "electric" else 0
    age = this_year - whole_number(values["first_year"]) + 1
    return {"fuel": fuel, "displacement_cc": cc or 0, "vehicle_age_years": age, "commercial": commercial}


def house_request(values: dict[str, str]) -> dict:
    """The property calculator's arguments from checked fields (the ratio is typed in per cent)."""
    return {"official_price_krw": whole_number(values["official_price_krw"]),
            "fair_market_ratio": whole_number(values["fair_market_ratio"]) / 100}


# -- the articles the server cites (pure) ---------------------------------------------------------
_CITATION = re.compile(r"(Enforcement Decree )?Art\. (\d+)((?:\([0-9a-z]+\))*)")


@dataclass(frozen=True)
class Article:
    """One cited article: its number, its paragraph/subparagraph/item, and whether of the Decree."""

    number: int
    parts: tuple[str, ...]
    decree: bool = False


def cited_articles(citations: tuple[str, ...] | list[str]) -> tuple[Article, ...]:
    """The articles in the server's citations ('Art. 127(1)(1) (rates)', 'Enforcement Decree Art. 109 …')."""
    found = []
    for text in citations:
        match = _CITATION.search(text)
        if match:
            found.append(Article(int(match[2]), tuple(re.findall(r"\(([0-9a-z]+)\)", match[3])), bool(match[1])))
    return tuple(found)


def find_article(articles: tuple[Article, ...], number: int, paragraph: str | None = None) -> Article | None:
    """The cited article of the Act with this number (and paragraph), if the server cites it."""
    return next((a for a in articles if not a.decree and a.number == number
                 and (paragraph is None or a.parts[:1] == (paragraph,))), None)


def article_text(t: Callable[..., str], article: Article, whole: bool = True) -> str:
    """'Art. 111(1)(3)(b)' / '제111조제1항제3호나목'; with whole=False the article number alone."""
    parts = ""
    for depth, part in enumerate(article.parts[:3] if whole else (), start=1):
        if part.isalpha():
            letters = t("calc.letters")
            part = letters[(ord(part) - ord("a")) % len(letters)]
        parts += t(f"calc.part.{depth}", n=part)
    return t("calc.decree" if article.decree else "calc.article", number=article.number, parts=parts)


@dataclass(frozen=True)
class Line:
    """One line of the breakdown: what, how much (None for a line of words), which article."""

    wid: str
    name: str
    amount: str | None = None
    article: Article | None = None
    bold: bool = False


class TaxCalculatorScreen(ServiceScreen):
    """Choice of tax -> its form -> the server's breakdown (Back keeps what was typed)."""

    def start(self) -> None:
        self.fuel = 0
        self.commercial = False
        self.values = {"displacement_cc": "", "first_year": "", "official_price_krw": "", "fair_market_ratio": "60"}
        self.entries: dict = {}
        self.result: AutomobileTax | PropertyTax | None = None
        self.pending = -1  # the view generation a calculation was asked from
        self.open("kinds", self.kinds_view)

    @property
    def this_year(self) -> int:
        return dt.date.today().year

    # -- the choice ----------------------------------------------------------------------------------
    def kinds_view(self) -> None:
        t = self.i18n.t
        page = self.new_page(t("calc.heading"))
        page.paragraph("calc.intro", t("calc.intro"), max_rows=3)
        page.gap(0.3)
        width = page.inner * 0.75
        page.button("calc.kind.automobile", t("calc.kind.automobile"), lambda: self.open("car", self.car_view),
                    width=width)
        page.button("calc.kind.property", t("calc.kind.property"), lambda: self.open("house", self.house_view),
                    width=width)
        page.footer(("calc.close", t("common.close"), self.close, False))

    # -- the forms -----------------------------------------------------------------------------------
    def car_view(self) -> None:
        t = self.i18n.t
        page = self.new_page(t("calc.car_heading"))
        self._pair(page, lambda width, x: self._choice(page, "calc.fuel", self._fuel_text(), self._next_fuel, width, x),
                   lambda width, x: self._choice(page, "calc.use", self._use_text(), self._next_use, width, x))
        page.gap(0.2)
        keys = ("first_year",) if FUELS[self.fuel] == "electric" else CAR_FIELDS
        self._fields(page, keys)
        page.muted("calc.hint", t("calc.car_hint"), max_rows=2, keep=page.status_room())
        self._form_footer(page, self._calculate_car)

    def house_view(self) -> None:
        t = self.i18n.t
        page = self.new_page(t("calc.house_heading"))
        self._fields(page, HOUSE_FIELDS)
        page.muted("calc.hint", t("calc.house_hint"), max_rows=3, keep=page.status_room())
        self._form_footer(page, self._calculate_house)

    def _pair(self, page, left: Callable[[float, float], object], right: Callable[[float, float], object]) -> None:
        """Two things side by side (each given its width and left edge), so a form fits at 200%."""
        half = (page.inner - page.theme.pad) / 2
        top = page.y
        left(half, page.x)
        below = page.y
        page.y = top
        right(half, page.x + half + page.theme.pad)
        page.y = min(page.y, below)

    def _fields(self, page, keys: tuple[str, ...]) -> None:
        """The form's number fields, two to a row, each with what was typed before."""
        t = self.i18n.t
        self.entries = {}

        def field(key: str) -> Callable[[float, float], object]:
            def make(width: float, x: float) -> None:
                home = page.x
                page.x = x  # Page.entry lays a field out from the page's left edge
                label = self.fit.shorten(t(f"calc.field.{key}"), page.theme.text_size, width, bold=True)
                self.entries[key] = page.entry(f"calc.{key}", label, max_chars=FIELD_CHARS, text=self.values[key],
                                               width=width)
                page.x = home
            return make

        for index in range(0, len(keys), 2):
            pair = keys[index:index + 2]
            if len(pair) == 2:
                self._pair(page, field(pair[0]), field(pair[1]))
            else:
                field(pair[0])((page.inner - page.theme.pad) / 2, page.x)

    def _form_footer(self, page, calculate: Callable[[], None]) -> None:
        t = self.i18n.t
        page.footer(("calc.back", t("svc.back"), self.back, False),
                    ("calc.calculate", t("calc.calculate"), calculate, True))

    def _choice(self, page, wid: str, text: str, command: Callable[[], None], width: float, x: float) -> None:
        """A button that steps through a choice's values; it says a press changes it where there is room
        (a screen reader always hears so)."""
        theme = page.theme
        hinted = self.i18n.t("calc.change", choice=text)
        fits = self.fit.width(hinted, theme.text_size, True) <= width - theme.pad * 2
        page.button(wid, hinted if fits else text, command, width=width, x=x)
        self.ui.widgets[f"svc.{wid}"].name = hinted

    def _fuel_text(self) -> str:
        t = self.i18n.t
        return t("calc.fuel", name=t(f"calc.fuel.{FUELS[self.fuel]}"))

    def _use_text(self) -> str:
        t = self.i18n.t
        return t("calc.use", name=t("calc.use.commercial" if self.commercial else "calc.use.private"))

    def _next_fuel(self) -> None:
        self.fuel = (self.fuel + 1) % len(FUELS)
        self._redraw("svc.calc.fuel")  # an electric car has no engine size to ask for

    def _next_use(self) -> None:
        self.commercial = not self.commercial
        self._redraw("svc.calc.use")

    def _redraw(self, wid: str) -> None:
        """Rebuild the form keeping what is typed, and the ring on the button for a keyboard user."""
        ringed = self.focused == wid
        self._harvest()
        self.render()
        if ringed:
            self._clicked(wid)

    def _harvest(self) -> None:
        for key, entry in self.entries.items():
            self.values[key] = entry.get()

    # -- calculating ---------------------------------------------------------------------------------
    def _problem(self, keys: tuple[str, ...]) -> str | None:
        t = self.i18n.t
        for key in keys:
            problem = field_problem(key, self.values[key], self.this_year)
            if problem is not None:
                return t(problem[0], field=t(f"calc.field.{key}"), **problem[1])
        return None

    def _ask(self, keys: tuple[str, ...], calculate: Callable[[], object]) -> None:
        """Check the shown fields, then ask the server on the worker (once per press while it works)."""
        if self.pending == self.generation:
            return
        self._harvest()
        problem = self._problem(keys)
        if problem is not None:
            self.say(problem, error=True)
            return
        self.pending = self.generation
        self.say(self.i18n.t("calc.working"))
        self.call(calculate, then=self._answered, failed=self._refused)

    def _calculate_car(self) -> None:
        fuel = FUELS[self.fuel]
        keys = tuple(k for k in CAR_FIELDS if k in self.entries)
        self._ask(keys, lambda: self.api.calculate_automobile_tax(
            **car_request(self.values, fuel, self.commercial, self.this_year)))

    def _calculate_house(self) -> None:
        self._ask(HOUSE_FIELDS, lambda: self.api.calculate_property_tax(**house_request(self.values)))

    def _answered(self, result: AutomobileTax | PropertyTax) -> None:
        self.pending = -1
        self.result = result
        self.open("result", self.result_view)

    def _refused(self, error: BaseException) -> None:
        """The server's refusal in the citizen's words, naming the field when it names one."""
        self.pending = -1
        t = self.i18n.t
        reason = error_text(self.i18n, error)
        key = SERVER_FIELDS.get(getattr(error, "field", None) or "")
        if key is not None and getattr(error, "code", "") == "invalid_field":
            reason = t("calc.error.server", field=t(f"calc.field.{key}"), reason=reason)
        self.say(reason, error=True)

    # -- the breakdown -------------------------------------------------------------------------------
    def result_view(self) -> None:
        t, result = self.i18n.t, self.result
        car = isinstance(result, AutomobileTax)
        page = self.new_page(t("calc.result_car" if car else "calc.result_house"))
        lines = self._car_lines(result) if car else self._house_lines(result)
        bottom = page.footer_top + page.status_room()
        for line in lines:
            if line.wid.endswith("total"):
                page.gap(0.15)
            self._line(page, line, bottom)
        page.status(t("calc.estimate"))  # where a message would go: nothing else is said on this view
        page.footer(("calc.back", t("svc.back"), self.back, False),
                    ("calc.done", t("common.done"), self.close, True))

    def _won(self, amount: int) -> str:
        return self.i18n.t("calc.amount", amount=krw(amount))

    def _car_lines(self, tax: AutomobileTax) -> list[Line]:
        t, cited = self.i18n.t, cited_articles(tax.articles)
        rates = find_article(cited, 127, "1")
        if tax.rate_krw_per_cc is None:
            lines = [Line("calc.line.rate", t("calc.line.flat"), self._won(tax.base_tax_krw), rates)]
        else:
            cc = tax.base_tax_krw // tax.rate_krw_per_cc
            lines = [Line("calc.line.rate", t("calc.line.rate", cc=krw(cc), rate=krw(tax.rate_krw_per_cc)),
                          self._won(tax.base_tax_krw), rates)]
        if not self.commercial:
            off = tax.base_tax_krw - tax.automobile_tax_krw
            lines.append(Line("calc.line.reduction", t("calc.line.reduction", percent=round(tax.age_reduction_rate * 100)),
                              t("calc.minus", amount=krw(off)) if off else self._won(0), find_article(cited, 127, "3")))
        lines.append(Line("calc.line.automobile_tax", t("calc.line.automobile_tax"), self._won(tax.automobile_tax_krw)))
        if tax.local_education_tax_krw or not self.commercial:
            lines.append(Line("calc.line.education", t("calc.line.car_education"),
                              self._won(tax.local_education_tax_krw), find_article(cited, 151)))
        lines.append(Line("calc.line.total", t("calc.line.total"), self._won(tax.total_krw), bold=True))
        lines.append(Line("calc.line.instalments", t("calc.line.june_december", june=krw(tax.june_krw),
                                                     december=krw(tax.december_krw)), None, find_article(cited, 128)))
        return lines

    def _house_lines(self, tax: PropertyTax) -> list[Line]:
        t, cited = self.i18n.t, cited_articles(tax.articles)
        price = whole_number(self.values["official_price_krw"]) or 0
        percent = whole_number(self.values["fair_market_ratio"]) or 0
        if tax.september_krw:
            instalments = t("calc.line.july_september", july=krw(tax.july_krw), september=krw(tax.september_krw))
        else:
            instalments = t("calc.line.july_only", july=krw(tax.july_krw))
        return [
            Line("calc.line.base", t("calc.line.base", price=krw(price), percent=percent),
                 self._won(tax.tax_base_krw), find_article(cited, 110)),
            Line("calc.line.property_tax", t("calc.line.property_tax"), self._won(tax.property_tax_krw),
                 find_article(cited, 111)),
            Line("calc.line.education", t("calc.line.house_education"), self._won(tax.local_education_tax_krw),
                 find_article(cited, 151)),
            Line("calc.line.total", t("calc.line.total"), self._won(tax.total_krw), bold=True),
            Line("calc.line.instalments", instalments, None, find_article(cited, 115)),
        ]

    def _line(self, page, line: Line, bottom: float) -> None:
        """What on the left with its article, the amount on the right; the article gets a row of its
        own (shortened to the article number first) only when the row is too narrow for both."""
        t, theme, fit = self.i18n.t, page.theme, self.fit
        size, small = theme.text_size, theme.small_size
        if page.y - size * 1.2 < bottom:
            return  # no room left above the status line (never seen at 100-200%; cut rather than overlap)
        room = page.inner - (fit.width(line.amount, size, line.bold) + theme.pad * 2 if line.amount else 0)
        name, below = line.name, ""
        if line.article is not None:
            for whole in (True, False):
                cited = t("calc.cited", name=line.name, article=article_text(t, line.article, whole))
                if fit.width(cited, size, line.bold) <= room:
                    name = cited
                    break
            else:
                below = article_text(t, line.article)
        page.y -= size
        page.label(line.wid, fit.shorten(name, size, room, line.bold), bold=line.bold)
        if line.amount:
            self.ui.label(f"svc.{line.wid}.amount", line.amount, (page.x + page.inner, page.y), parent=page.panel,
                          align="right", bold=line.bold)
        page.y -= size * 0.3
        if below:
            page.y -= small
            page.label(f"{line.wid}.article", below, size="small", color=theme.palette.muted)
            page.y -= small * 0.3
