"""``/v1/tax``: a citizen's bills, payments (Idempotency-Key required), receipts and calculators."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Path, Response
from server.core.driver_sql import DriverConnection

from server.deps import CurrentAccountDep, RequiredIdempotencyKeyDep, SessionDep, TokenWork, TokenWorkDep
from server.idempotency import StoredResponse, idempotent_response
from server.schemas.common import responses
from server.schemas.tax import (
    AutomobileTaxIn,
    AutomobileTaxOut,
    BillList,
    BillOut,
    PaymentIn,
    PropertyTaxIn,
    PropertyTaxOut,
    ReceiptList,
    ReceiptOut,
)
from server.services import auth, tax, tax_rules

MAX_ID = 2**31 - 1
ItemId = Annotated[int, Path(ge=1, le=MAX_ID)]
router = APIRouter(prefix="/tax", tags=["tax"])


@router.get("/bills", response_model=BillList, responses=responses(401))
def list_bills(session: SessionDep, account: CurrentAccountDep) -> BillList:
    """The signed-in citizen's bills, by due date."""
    items = tax.bills_of(session, account)
    return BillList(items=items, total=len(items))


@router.get("/bills/{bill_id}", response_model=BillOut, responses=responses(401, 404, 422))
def get_bill(bill_id: ItemId, session: SessionDep, account: CurrentAccountDep) -> BillOut:
    """One bill of the signed-in citizen."""
    return tax.bill_out(*tax.own_bill(session, account, bill_id))


@router.post("/bills/{bill_id}/payments", status_code=201, response_model=ReceiptOut,
             responses={**responses(401, 404, 409, 422), 402: responses(422)[422] | {"description": "Declined"}})
async def pay_bill(bill_id: ItemId, payload: PaymentIn, work: TokenWorkDep,
                   idempotency_key: RequiredIdempotencyKeyDep) -> Response:
    """Pay a bill. Same key and body replay the receipt; same key, other body → 409.

    The built-in provider is a sandbox that approves every payment and moves no money.
    """
    return await work.database.run_write(payment_unit(work, bill_id, payload, idempotency_key))


def payment_unit(work: TokenWork, bill_id: int, payload: PaymentIn, idempotency_key: str) \
        -> Callable[[DriverConnection], Response]:
    """The payment as one unit of work on one connection: the token check, the key and the payment.

    Shared by the route and its fast path (server/api/hot_writes.py).
    """
    scope = f"POST /v1/tax/bills/{bill_id}/payments"
    services, now = work.services, work.now
    settings = services.settings

    def unit(conn: DriverConnection) -> Response:
        signed_in = auth.authenticate_token(conn, settings, work.token, now=now)

        def action(db: DriverConnection) -> StoredResponse:
            receipt = tax.pay(db, services, signed_in.account_id, bill_id, payload, now=now)
            # Same text as encode_body(receipt.model_dump(mode="json")), without the detour through dicts.
            return StoredResponse(201, receipt.model_dump_json())

        return idempotent_response(conn, key=idempotency_key, scope=scope, payload=payload.model_dump(mode="json"),
                                   action=action, owner=str(signed_in.account_id), now=now,
                                   ttl_s=settings.idempotency_ttl_s)

    return unit


@router.get("/receipts", response_model=ReceiptList, responses=responses(401))
def list_receipts(session: SessionDep, account: CurrentAccountDep) -> ReceiptList:
    """The signed-in citizen's receipts, newest first."""
    items = [tax.receipt_out(p) for p in tax.receipts_of(session, account)]
    return ReceiptList(items=items, total=len(items))


@router.get("/receipts/{receipt_id}", response_model=ReceiptOut, responses=responses(401, 404, 422))
def get_receipt(receipt_id: ItemId, session: SessionDep, account: CurrentAccountDep) -> ReceiptOut:
    """One receipt of the signed-in citizen."""
    return tax.receipt_out(tax.own_receipt(session, account, receipt_id))


@router.post("/calculations/automobile", response_model=AutomobileTaxOut, responses=responses(422))
def calculate_automobile(payload: AutomobileTaxIn) -> AutomobileTaxOut:
    """Automobile tax on a passenger car (Local Tax Act Art. 127, 151). Public."""
    return tax_rules.automobile_tax(payload)


@router.post("/calculations/property", response_model=PropertyTaxOut, responses=responses(422))
def calculate_property(payload: PropertyTaxIn) -> PropertyTaxOut:
    """Housing property tax (Local Tax Act Art. 110, 111, 115, 151). Public."""
    return tax_rules.housing_property_tax(payload)
