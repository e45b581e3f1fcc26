"""The Tax Square desk: my local-tax bills, paying one after a confirmation step, and the receipt.

A payment goes through the outbox as kind "payment" with its idempotency key (the server requires
Idempotency-Key on payments), so a retry after a lost answer replays the receipt and never pays twice.
"""
from __future__ import annotations

from net.api import Bill, Receipt
from ui.service_kit import ServiceScreen
from ui.service_text import krw, short_time

METHODS = ("card", "bank_transfer", "virtual_account")


def show_receipt(page, t, receipt: Receipt) -> None:
    """A receipt's number, amount and method, time and payment reference, on a page."""
    page.paragraph("tax.receipt.number", t("tax.receipt.number", number=receipt.number), bold=True, max_rows=1)
    page.paragraph("tax.receipt.amount", t("tax.receipt.amount", amount=t("tax.amount", amount=krw(receipt.amount_krw)),
                                           method=t(f"tax.method.{receipt.method}")), max_rows=2)
    page.paragraph("tax.receipt.paid_at", t("tax.receipt.paid_at", when=short_time(receipt.paid_at)), max_rows=1)
    page.paragraph("tax.receipt.reference", t("tax.receipt.reference", reference=receipt.provider_reference),
                   max_rows=2)
    if receipt.provider == "sandbox":
        page.muted("tax.receipt.sandbox", t("tax.receipt.sandbox"), max_rows=2)


class TaxScreen(ServiceScreen):
    def start(self) -> None:
        self.bills: tuple[Bill, ...] | None = None
        self.page_no = 0
        self.method = 0
        self.paying: set[int] = set()
        self.receipt: Receipt | None = None
        self.open("bills", self.bills_view)
        if not self.signed_in:
            self.require_login(None)

    def bills_view(self) -> None:
        t = self.i18n.t
        page = self.new_page(t("tax.heading"))
        page.footer(("tax.close", t("common.close"), self.close, False))
        if not self.signed_in:
            page.paragraph("tax.sign_in_first", t("tax.sign_in_first"))
            page.button("tax.login", t("svc.login"), lambda: self.require_login(None), primary=True,
                        width=page.inner * 0.5)
            return
        if self.bills is None:
            page.status(t("svc.loading"))
            self.read("tax.bills", self.api.list_bills, then=self._loaded)
            return
        page.muted("tax.hint", t("tax.hint"), max_rows=1)
        page.list("tax.bills", list(self.bills), self._row, self._pick, self.page_no, self._go_page,
                  empty=t("tax.none"))

    def _loaded(self, bills) -> None:
        self.bills = bills
        self.render()

    def _go_page(self, number: int) -> None:
        self.page_no = number
        self.render()

    def _row(self, bill: Bill) -> str:
        t = self.i18n.t
        return t("tax.row", what=bill.description, amount=t("tax.amount", amount=krw(bill.amount_krw)),
                 due=bill.due_date, status=t(f"tax.status.{bill.status}"))

    def _pick(self, bill: Bill) -> None:
        self.open("confirm", lambda: self.confirm_view(bill))

    # -- confirm and pay ------------------------------------------------------------------------------
    def confirm_view(self, bill: Bill) -> None:
        t = self.i18n.t
        amount = t("tax.amount", amount=krw(bill.amount_krw))
        page = self.new_page(t("tax.bill_heading"))
        page.paragraph("tax.what", bill.description, bold=True, max_rows=2)
        page.paragraph("tax.details", t("tax.details", amount=amount, due=bill.due_date,
                                        status=t(f"tax.status.{bill.status}")), max_rows=2)
        page.gap(0.3)
        if bill.status == "paid":
            page.footer(("tax.back", t("svc.back"), self.back, True))
            return
        page.button("tax.method", t("tax.method", name=t(f"tax.method.{METHODS[self.method]}")), self._next_method,
                    width=page.inner * 0.7)
        page.gap(0.3)
        page.paragraph("tax.question", t("tax.confirm", amount=amount, what=bill.description), bold=True,
                       max_rows=3)
        page.muted("tax.sandbox", t("tax.sandbox"), max_rows=2)
        page.footer(("tax.back", t("common.cancel"), self.back, False),
                    ("tax.pay", t("tax.pay", amount=amount), lambda: self._pay(bill), True))

    def _next_method(self) -> None:
        self.method = (self.method + 1) % len(METHODS)
        notice = self.notice
        self.render()
        self.say(*notice)

    def _pay(self, bill: Bill) -> None:
        if bill.id in self.paying:
            return  # one payment per bill: a second press must not queue a second one
        self.require_login(lambda: self._send(bill))

    def _send(self, bill: Bill) -> None:
        if bill.id in self.paying:
            return
        self.paying.add(bill.id)
        self.write("payment", f"/v1/tax/bills/{bill.id}/payments",
                   {"method": METHODS[self.method], "amount_krw": int(bill.amount_krw)},
                   delivered=self._paid, failed=lambda error: self.paying.discard(bill.id))
        # While it waits, nothing on this view may pay again.
        self.drop_button("tax.pay")
        self.drop_button("tax.method")

    def _paid(self, result: dict) -> None:
        self.receipt = Receipt.from_json(result)
        self.bills = None  # read again: this bill is paid now
        self.net.reads.clear()
        del self.views[1:]
        self.open("receipt", self.receipt_view)

    def receipt_view(self) -> None:
        t = self.i18n.t
        page = self.new_page(t("tax.receipt.heading"))
        show_receipt(page, t, self.receipt)
        page.footer(("tax.receipt.bills", t("tax.receipt.bills"), self.back, False),
                    ("tax.receipt.done", t("common.done"), self.close, True))
