"""Local Tax Act (지방세법) formulas: automobile tax and housing property tax.

Amounts are integers in KRW. Each final tax amount is truncated below 10 KRW, as the
National Treasury Management Act (국고금 관리법) Article 47 does for tax amounts.
Not modelled: surcharges for specific regions (지역자원시설세), the urban-area levy
(도시지역분), single-homeowner special rates, annual prepayment discounts.
"""

from __future__ import annotations

from server.schemas.tax import AutomobileTaxIn, AutomobileTaxOut, CarFuel, PropertyTaxIn, PropertyTaxOut

# Article 127(1)(1): passenger cars, KRW per cc, as (upper cc bound, rate); None = no bound.
NON_COMMERCIAL_RATES: tuple[tuple[int | None, int], ...] = ((1000, 80), (1600, 140), (None, 200))
COMMERCIAL_RATES: tuple[tuple[int | None, int], ...] = ((1600, 18), (2500, 19), (None, 24))
# Article 127(1)(1), "그 밖의 승용자동차" (electric, hydrogen): flat annual amounts.
OTHER_CAR_TAX = {False: 100_000, True: 20_000}
# Article 127(3): from the 3rd year, 5% per year off non-commercial passenger cars, at most 50%.
# Percentages and rates are integers (per cent, per ten thousand) so no float rounding creeps in.
AGE_REDUCTION_PERCENT_PER_YEAR = 5
AGE_REDUCTION_MAX_PERCENT = 50
# Article 151(1): local education tax is 30% of the automobile tax on non-commercial passenger cars
# and 20% of the property tax.
EDUCATION_PERCENT_AUTOMOBILE = 30
EDUCATION_PERCENT_PROPERTY = 20
# Article 111(1)(3)(b): housing, as (lower bound of the bracket, tax at that bound, marginal rate in 1/10000).
HOUSING_BRACKETS: tuple[tuple[int, int, int], ...] = (
    (0, 0, 10),  # up to 60 million: 0.1%
    (60_000_000, 60_000, 15),  # to 150 million: 60,000 + 0.15% over 60 million
    (150_000_000, 195_000, 25),  # to 300 million: 195,000 + 0.25% over 150 million
    (300_000_000, 570_000, 40),  # above: 570,000 + 0.4% over 300 million
)
# Article 115(1)(3): housing property tax is paid half in July and half in September; at or
# below this annual amount it may be collected at once in July.
SINGLE_INSTALMENT_MAX = 200_000


def truncate_10(amount: int) -> int:
    """Drop the part below 10 KRW (국고금 관리법 제47조)."""
    return amount // 10 * 10


def age_reduction_percent(age_years: int) -> int:
    """Article 127(3): 0 for the first two years, then 5% per year from the 3rd, capped at 50%."""
    if age_years < 3:
        return 0
    return min(AGE_REDUCTION_PERCENT_PER_YEAR * (age_years - 2), AGE_REDUCTION_MAX_PERCENT)


def automobile_tax(car: AutomobileTaxIn) -> AutomobileTaxOut:
    """Annual automobile tax on a passenger car (Local Tax Act Art. 127, 151)."""
    rate: int | None = None
    if car.fuel == CarFuel.ELECTRIC:
        base = OTHER_CAR_TAX[car.commercial]
    else:
        table = COMMERCIAL_RATES if car.commercial else NON_COMMERCIAL_RATES
        rate = next(r for bound, r in table if bound is None or car.displacement_cc <= bound)
        base = car.displacement_cc * rate
    reduction = 0 if car.commercial else age_reduction_percent(car.vehicle_age_years)
    tax = truncate_10(base * (100 - reduction) // 100)
    education = 0 if car.commercial else truncate_10(tax * EDUCATION_PERCENT_AUTOMOBILE // 100)
    total = tax + education
    june = truncate_10(total // 2)
    return AutomobileTaxOut(
        rate_krw_per_cc=rate, base_tax_krw=base, age_reduction_rate=reduction / 100,
        automobile_tax_krw=tax, local_education_tax_krw=education, total_krw=total,
        june_krw=june, december_krw=total - june,
        articles=["Local Tax Act Art. 127(1)(1) (rates)", "Art. 127(3) (age reduction)",
                  "Art. 151(1) (local education tax 30%)", "Art. 128 (June and December instalments)"],
    )


def housing_property_tax(house: PropertyTaxIn) -> PropertyTaxOut:
    """Annual property tax on a house (Local Tax Act Art. 110, 111(1)(3)(b), 115, 151)."""
    # The ratio is taken to four decimals so the base is exact integer arithmetic.
    base = house.official_price_krw * round(house.fair_market_ratio * 10_000) // 10_000
    lower, fixed, per_10000 = next(b for b in reversed(HOUSING_BRACKETS) if base > b[0] or b[0] == 0)
    tax = truncate_10(fixed + (base - lower) * per_10000 // 10_000)
    education = truncate_10(tax * EDUCATION_PERCENT_PROPERTY // 100)
    total = tax + education
    july = total if total <= SINGLE_INSTALMENT_MAX else truncate_10(total // 2)
    return PropertyTaxOut(
        tax_base_krw=base, property_tax_krw=tax, local_education_tax_krw=education, total_krw=total,
        july_krw=july, september_krw=total - july,
        articles=["Local Tax Act Art. 110 (tax base: official price x fair-market ratio)",
                  "Enforcement Decree Art. 109 (housing fair-market ratio 60%)",
                  "Art. 111(1)(3)(b) (progressive housing rates)", "Art. 151(1) (local education tax 20%)",
                  "Art. 115(1)(3) (July and September instalments)"],
    )
