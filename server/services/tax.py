"""Tax bills, exactly-once payments through the provider interface, and receipts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from server.core.context import AppServices
from server.core.driver_sql import DriverConnection
from server.core.errors import APIError
from server.models import Account, Payment, TaxBill
from server.schemas.tax import BillOut, BillStatus, PaymentIn, ReceiptOut

RECEIPT_PREFIX = "R-"
# The payment path's statements, built once (see services/petitions.py for why).
_BILLS, _PAYMENTS = TaxBill.__table__, Payment.__table__
_CLAIM = (
    update(_BILLS)
    .where(_BILLS.c.id == bindparam("p_bill"), _BILLS.c.account_id == bindparam("p_account"),
           _BILLS.c.status == BillStatus.UNPAID.value, _BILLS.c.amount_krw == bindparam("p_amount"))
    .values(status=BillStatus.PAID.value)
    .returning(_BILLS.c.description)
)
_BILL_STATE = select(_BILLS.c.status, _BILLS.c.amount_krw).where(
    _BILLS.c.id == bindparam("p_bill"), _BILLS.c.account_id == bindparam("p_account"))
_ADD_PAYMENT = insert(_PAYMENTS).returning(_PAYMENTS.c.id)


def bill_out(bill: TaxBill, receipt_id: int | None = None) -> BillOut:
    """The API shape of a bill."""
    return BillOut(id=bill.id, kind=bill.kind, description=bill.description, tax_year=bill.tax_year,
                   amount_krw=bill.amount_krw, due_date=bill.due_date, status=bill.status, demo=bill.demo,
                   receipt_id=receipt_id)


def receipt_out(payment: Payment) -> ReceiptOut:
    """The API shape of a payment."""
    return ReceiptOut(id=payment.id, number=f"{RECEIPT_PREFIX}{payment.id:06d}", bill_id=payment.bill_id,
                      amount_krw=payment.amount_krw, method=payment.method, provider=payment.provider,
                      provider_reference=payment.provider_reference, paid_at=payment.paid_at)


def bills_of(db: Session, account: Account) -> list[BillOut]:
    """The citizen's bills by due date, each with its receipt id once paid."""
    rows = db.execute(
        select(TaxBill, Payment.id).outerjoin(Payment, Payment.bill_id == TaxBill.id)
        .where(TaxBill.account_id == account.id).order_by(TaxBill.due_date, TaxBill.id)
    ).all()
    return [bill_out(bill, receipt_id) for bill, receipt_id in rows]


def own_bill(db: Session, account: Account, bill_id: int) -> tuple[TaxBill, int | None]:
    """One of the citizen's bills; 404 for unknown bills and for other citizens' bills alike."""
    row = db.execute(select(TaxBill, Payment.id).outerjoin(Payment, Payment.bill_id == TaxBill.id)
                     .where(TaxBill.id == bill_id, TaxBill.account_id == account.id)).first()
    if row is None:
        raise APIError(404, "not_found", f"Bill {bill_id} does not exist")
    return row[0], row[1]


def pay(db: DriverConnection, services: AppServices, account_id: int, bill_id: int, data: PaymentIn, *,
        now: datetime) -> ReceiptOut:
    """Pay a bill in full, once. Core statements; the caller commits (inside ``run_once``).

    The bill is claimed with one conditional UPDATE ... RETURNING (owner, unpaid, amount)
    before the provider is charged, so two concurrent payments (same key or not) cannot
    both charge: the second finds it paid. Only a refused claim reads the bill again, to
    say why.
    """
    claimed = db.execute(_CLAIM, {"p_bill": bill_id, "p_account": account_id, "p_amount": data.amount_krw}).first()
    if claimed is None:
        raise _refusal(db, account_id, bill_id)
    provider = services.payments
    result = provider.charge(amount_krw=data.amount_krw, method=data.method.value, description=claimed.description)
    if not result.approved:
        raise APIError(402, "payment_declined", result.message or "The payment was declined")
    values = {"bill_id": bill_id, "amount_krw": data.amount_krw, "method": data.method.value,
              "provider": provider.name, "provider_reference": result.reference, "paid_at": now}
    payment_id = db.execute(_ADD_PAYMENT, {**values, "account_id": account_id}).scalar_one()
    return ReceiptOut(id=payment_id, number=f"{RECEIPT_PREFIX}{payment_id:06d}", **values)


def _refusal(db: DriverConnection, account_id: int, bill_id: int) -> APIError:
    """Why a bill could not be claimed: 404, 409 ``already_paid`` or 422 ``amount_mismatch``."""
    bill = db.execute(_BILL_STATE, {"p_bill": bill_id, "p_account": account_id}).first()
    if bill is None:
        return APIError(404, "not_found", f"Bill {bill_id} does not exist")
    if bill.status == BillStatus.PAID:
        return APIError(409, "already_paid", "This bill is already paid")
    return APIError(422, "amount_mismatch", f"amount_krw must be the bill's amount, {bill.amount_krw} KRW",
                    field="amount_krw")


def receipts_of(db: Session, account: Account) -> Sequence[Payment]:
    """The citizen's payments, newest first."""
    return db.scalars(select(Payment).where(Payment.account_id == account.id).order_by(Payment.id.desc())).all()


def own_receipt(db: Session, account: Account, receipt_id: int) -> Payment:
    """One of the citizen's receipts; 404 otherwise."""
    payment = db.get(Payment, receipt_id)
    if payment is None or payment.account_id != account.id:
        raise APIError(404, "not_found", f"Receipt {receipt_id} does not exist")
    return payment
