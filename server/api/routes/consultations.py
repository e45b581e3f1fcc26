"""``/v1/consultations``: threads with staff, and youth-counselling slot bookings."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from server.deps import CurrentAccountDep, NowDep, OptionalAccountDep, SessionDep
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
             responses=responses(401, 404, 422))
def post_message(thread_id: ItemId, payload: MessageCreate, session: SessionDep, now: NowDep,
                 account: CurrentAccountDep) -> ThreadDetail:
    """Reply in a thread: the citizen who opened it, or staff."""
    thread = consultations.add_message(session, account, thread_id, payload.body, now=now)
    return consultations.detail(session, thread)
