"""Local tax bodies: bills, payments, receipts and calculators."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, Field


class TaxKind(StrEnum):
    """Local taxes billed by the city."""

    AUTOMOBILE = "automobile"  # June and December
    PROPERTY = "property"  # July and September
    RESIDENT = "resident"  # August


class BillStatus(StrEnum):
    """Whether a bill is still owed."""

    UNPAID = "unpaid"
    PAID = "paid"


class BillOut(BaseModel):
    """One bill, in KRW."""

    id: int
    kind: TaxKind
    description: str
    tax_year: int
    amount_krw: int
    due_date: date
    status: BillStatus
    demo: bool
    receipt_id: int | None = None


class BillList(BaseModel):
    """A citizen's bills, by due date."""

    items: list[BillOut]
    total: int


class PaymentMethod(StrEnum):
    """How the citizen pays."""

    CARD = "card"
    BANK_TRANSFER = "bank_transfer"
    VIRTUAL_ACCOUNT = "virtual_account"


class PaymentIn(BaseModel):
    """A payment of the whole bill; ``amount_krw`` must equal the bill's amount."""

    method: PaymentMethod
    amount_krw: int = Field(ge=1, le=10**13)


class ReceiptOut(BaseModel):
    """Proof of payment."""

    id: int
    number: str = Field(description="Receipt number, e.g. R-000042")
    bill_id: int
    amount_krw: int
    method: PaymentMethod
    provider: str = Field(description="'sandbox' means no money moved (demo/test provider)")
    provider_reference: str
    paid_at: datetime


class ReceiptList(BaseModel):
    """A citizen's receipts, newest first."""

    items: list[ReceiptOut]
    total: int


class CarFuel(StrEnum):
    """Combustion cars are taxed by displacement; electric (and hydrogen) cars at a flat rate."""

    COMBUSTION = "combustion"
    ELECTRIC = "electric"


class AutomobileTaxIn(BaseModel):
    """A passenger car for the automobile tax calculator."""

    fuel: CarFuel = CarFuel.COMBUSTION
    displacement_cc: int = Field(default=0, ge=0, le=20000, description="Engine displacement; ignored for electric")
    vehicle_age_years: int = Field(default=1, ge=1, le=100, description="차령: the registration year counts as 1")
    commercial: bool = Field(default=False, description="Commercial (영업용) use")


class AutomobileTaxOut(BaseModel):
    """The annual automobile tax and its two instalments (June, December), in KRW."""

    rate_krw_per_cc: int | None
    base_tax_krw: int
    age_reduction_rate: float
    automobile_tax_krw: int
    local_education_tax_krw: int
    total_krw: int
    june_krw: int
    december_krw: int
    articles: list[str]


class PropertyTaxIn(BaseModel):
    """A house for the housing property tax calculator."""

    official_price_krw: int = Field(ge=0, le=10**13, description="공시가격 of the house")
    fair_market_ratio: float = Field(default=0.6, gt=0, le=1, description="공정시장가액비율 (housing default 60%)")


class PropertyTaxOut(BaseModel):
    """The annual housing property tax and its instalments (July, September), in KRW."""

    tax_base_krw: int
    property_tax_krw: int
    local_education_tax_krw: int
    total_krw: int
    july_krw: int
    september_krw: int
    articles: list[str]
