"""Local tax: bills, payment, receipts and the public calculators. Pure Python: no Panda3D."""
from __future__ import annotations

from net.api_core import ApiCore
from net.models import AutomobileTax, Bill, PropertyTax, Receipt, decode_list


class TaxApi(ApiCore):
    """The signed-in citizen's local tax."""

    def list_bills(self) -> tuple[Bill, ...]:
        """The citizen's bills, by due date."""
        return decode_list(Bill, self._call("GET", "/v1/tax/bills"))

    def get_bill(self, bill_id: int) -> Bill:
        """One of the citizen's bills."""
        return Bill.from_json(self._call("GET", f"/v1/tax/bills/{int(bill_id)}"))

    def pay_bill(self, bill_id: int, method: str, amount_krw: int, idempotency_key: str) -> Receipt:
        """Pay a whole bill (method card, bank_transfer or virtual_account).

        The key is required: a retry after a lost answer replays the receipt instead of paying twice.
        """
        data = self._call("POST", f"/v1/tax/bills/{int(bill_id)}/payments", expect=(201,),
                          json={"method": method, "amount_krw": int(amount_krw)}, idempotency_key=idempotency_key)
        return Receipt.from_json(data)

    def list_receipts(self) -> tuple[Receipt, ...]:
        """The citizen's receipts, newest first."""
        return decode_list(Receipt, self._call("GET", "/v1/tax/receipts"))

    def get_receipt(self, receipt_id: int) -> Receipt:
        """One of the citizen's receipts."""
        return Receipt.from_json(self._call("GET", f"/v1/tax/receipts/{int(receipt_id)}"))

    def calculate_automobile_tax(self, fuel: str = "combustion", displacement_cc: int = 0,
                                 vehicle_age_years: int = 1, commercial: bool = False) -> AutomobileTax:
        """The annual automobile tax on a passenger car (public; no sign-in needed)."""
        data = self._call("POST", "/v1/tax/calculations/automobile",
                          json={"fuel": fuel, "displacement_cc": displacement_cc,
                                "vehicle_age_years": vehicle_age_years, "commercial": commercial})
        return AutomobileTax.from_json(data)

    def calculate_property_tax(self, official_price_krw: int, fair_market_ratio: float = 0.6) -> PropertyTax:
        """The annual housing property tax (public; no sign-in needed)."""
        data = self._call("POST", "/v1/tax/calculations/property",
                          json={"official_price_krw": official_price_krw, "fair_market_ratio": fair_market_ratio})
        return PropertyTax.from_json(data)
