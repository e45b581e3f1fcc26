"""``/v1/consultations``: threads with staff, and youth-counselling slot bookings."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from sqlalchemy.orm import Session

from server.deps import CurrentAccountDep, IdempotencyKeyDep, NowDep, OptionalAccountDep, SessionDep, SettingsDep
from server.idempotency import StoredResponse, encode_body, idempotent_response
from server.models import Account, ConsultationMessage, ConsultationThread
from server.schemas.accounts import Role
from server.schemas.common import responses
from server.schemas.consultations import MessageCreate, SlotList, SlotOut, ThreadCreate, ThreadDetail, ThreadList
from server.services import consultations

MAX_ID = 2**31 - 1
ItemId = Annotated[int, Path(ge=1, le=MAX_ID)]
router = APIRouter(prefix="/consultations", tags=["consultations"])


@router.post("", status_code=201, response_model=ThreadDetail, responses=responses(401, 422))
def open_thread(payload: ThreadCreate, session: SessionDep, now: NowDep, account: CurrentAccountDep) -> ThreadDetail:
    """Open a consultation in a category with a first message."""
    thread = consultations.open_thread(session, account, payload, now=now)
    return consultations.detail(session, thread)


@router.get("", response_model=ThreadList, responses=responses(401))
def list_threads(session: SessionDep, account: CurrentAccountDep) -> ThreadList:
    """The citizen's threads (staff: all threads), newest first."""
    items = [consultations.thread_out(t) for t in consultations.threads_for(session, account)]
    return ThreadList(items=items, total=len(items))


@router.get("/slots", response_model=SlotList, responses=responses(401, 422))
def list_slots(session: SessionDep, now: NowDep, account: OptionalAccountDep,
               limit: Annotated[int, Query(ge=1, le=200)] = 50) -> SlotList:
    """Upcoming youth-counselling slots and whether each is free."""
    items = [consultations.slot_out(s, account) for s in consultations.slots(session, now=now, limit=limit)]
    return SlotList(items=items, total=len(items))


@router.get("/bookings", response_model=SlotList, responses=responses(401))
def my_bookings(session: SessionDep, account: CurrentAccountDep) -> SlotList:
    """The signed-in citizen's booked slots."""
    items = [consultations.slot_out(s, account) for s in consultations.bookings_of(session, account)]
    return SlotList(items=items, total=len(items))


@router.post("/slots/{slot_id}/booking", status_code=201, response_model=SlotOut,
             responses=responses(401, 404, 409, 422))
def book_slot(slot_id: ItemId, session: SessionDep, now: NowDep, account: CurrentAccountDep) -> SlotOut:
    """Book a slot (409 ``slot_taken`` if someone else has it)."""
    return consultations.slot_out(consultations.book(session, account, slot_id, now=now), account)


@router.delete("/slots/{slot_id}/booking", status_code=204, responses=responses(401, 404, 422))
def cancel_booking(slot_id: ItemId, session: SessionDep, account: CurrentAccountDep) -> Response:
    """Cancel one's own booking."""
    consultations.cancel(session, account, slot_id)
    return Response(status_code=204)


@router.get("/{thread_id}", response_model=ThreadDetail, responses=responses(401, 404, 422))
def get_thread(thread_id: ItemId, session: SessionDep, account: CurrentAccountDep) -> ThreadDetail:
    """A thread with its messages (owner or staff only)."""
    return consultations.detail(session, consultations.visible_thread(session, account, thread_id))


@router.post("/{thread_id}/messages", status_code=201, response_model=ThreadDetail,
             responses=responses(401, 404, 409, 422))
def post_message(thread_id: ItemId, payload: MessageCreate, session: SessionDep, settings: SettingsDep, now: NowDep,
                 account: CurrentAccountDep, idempotency_key: IdempotencyKeyDep) -> Response:
    """Reply in a thread: the citizen who opened it, or staff.

    With an ``Idempotency-Key``, a retry with the same body replays the first answer (one message);
    the same key with another body or thread is 409 ``idempotency_conflict``.
    """

    def post(db: Session) -> StoredResponse:
        thread = _append_message(db, account, thread_id, payload.body, now=now)
        db.flush()
        return StoredResponse(201, encode_body(consultations.detail(db, thread).model_dump(mode="json")))

    return idempotent_response(session, key=idempotency_key, scope=f"POST /v1/consultations/{thread_id}/messages",
                               payload=payload.model_dump(mode="json"), action=post, owner=str(account.id), now=now,
                               ttl_s=settings.idempotency_ttl_s)


def _append_message(db: Session, account: Account, thread_id: int, body: str, *,
                    now: datetime) -> ConsultationThread:
    """``consultations.add_message`` without its commit: idempotent_response commits the message
    together with the stored answer, so a crash or a concurrent duplicate cannot leave one without
    the other. (The service commits inside, and this change is confined to the route.)"""
    thread = consultations.visible_thread(db, account, thread_id)
    role = Role.STAFF if consultations.is_staff(account) and thread.account_id != account.id else Role.CITIZEN
    db.add(ConsultationMessage(thread_id=thread.id, author_id=account.id, author_role=role.value, body=body,
                               created_at=now))
    # A staff reply marks the thread answered; the citizen writing again reopens it.
    thread.status = "answered" if role == Role.STAFF else "open"
    return thread
