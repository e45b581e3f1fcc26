"""Demo content given to demo citizens and, in the demo configuration, to every new citizen.

Everything here is marked ``demo`` so it is never mistaken for real data.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sqlalchemy.orm import Session

from server.models import CounsellingSlot, TaxBill
from server.schemas.tax import AutomobileTaxIn, PropertyTaxIn, TaxKind
from server.services.tax_rules import automobile_tax, housing_property_tax

KST = timezone(timedelta(hours=9))
DEMO_CAR = AutomobileTaxIn(displacement_cc=1999, vehicle_age_years=5)
DEMO_HOUSE = PropertyTaxIn(official_price_krw=300_000_000)
RESIDENT_TAX_KRW = 12_500  # resident tax (individual) 10,000 + local education tax 25%


def add_demo_bills(db: Session, account_id: int, year: int) -> None:
    """The year's five local-tax bills, amounts from the calculators (the caller commits)."""
    car = automobile_tax(DEMO_CAR)
    house = housing_property_tax(DEMO_HOUSE)
    bills = (
        (TaxKind.AUTOMOBILE, "자동차세 1기분 Automobile tax, 1st half [DEMO]", car.june_krw, date(year, 6, 30)),
        (TaxKind.PROPERTY, "재산세(주택) 1기분 Property tax, July [DEMO]", house.july_krw, date(year, 7, 31)),
        (TaxKind.RESIDENT, "주민세(개인분) Resident tax [DEMO]", RESIDENT_TAX_KRW, date(year, 8, 31)),
        (TaxKind.PROPERTY, "재산세(주택) 2기분 Property tax, September [DEMO]", house.september_krw,
         date(year, 9, 30)),
        (TaxKind.AUTOMOBILE, "자동차세 2기분 Automobile tax, 2nd half [DEMO]", car.december_krw,
         date(year, 12, 31)),
    )
    for kind, description, amount, due in bills:
        db.add(TaxBill(account_id=account_id, kind=kind.value, description=description, tax_year=year,
                       amount_krw=amount, due_date=due, status="unpaid", demo=True))


def add_demo_slots(db: Session, *, now: datetime, days: int = 14) -> int:
    """Youth-counselling slots on the next ``days`` weekdays at 10:00, 14:00 and 16:00 Seoul time."""
    start = now.astimezone(KST).date()
    added = 0
    for offset in range(1, days + 1):
        day = start + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for hour, counsellor in ((10, "김상담 (DEMO)"), (14, "이청년 (DEMO)"), (16, "박마음 (DEMO)")):
            starts = datetime(day.year, day.month, day.day, hour, tzinfo=KST)
            db.add(CounsellingSlot(starts_at=starts, minutes=50, counsellor=counsellor, demo=True))
            added += 1
    return added
