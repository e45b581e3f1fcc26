"""Consultation threads (citizen ↔ staff) and youth-counselling bookings without double booking."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.core.errors import APIError
from server.models import Account, ConsultationMessage, ConsultationThread, CounsellingSlot
from server.schemas.accounts import Role
from server.schemas.consultations import MessageOut, SlotOut, ThreadCreate, ThreadDetail, ThreadOut


def is_staff(account: Account) -> bool:
    """Staff and admins answer any thread."""
    return account.role in (Role.STAFF, Role.ADMIN)


def open_thread(db: Session, account: Account, data: ThreadCreate, *, now: datetime) -> ConsultationThread:
    """Open a thread with the citizen's first message."""
    thread = ConsultationThread(account_id=account.id, category=data.category.value, subject=data.subject,
                                status="open", created_at=now)
    db.add(thread)
    db.flush()
    db.add(ConsultationMessage(thread_id=thread.id, author_id=account.id, author_role=Role.CITIZEN.value,
                               body=data.message, created_at=now))
    db.commit()
    return thread


def threads_for(db: Session, account: Account) -> Sequence[ConsultationThread]:
    """A citizen's own threads; staff see every thread."""
    query = select(ConsultationThread).order_by(ConsultationThread.id.desc())
    if not is_staff(account):
        query = query.where(ConsultationThread.account_id == account.id)
    return db.scalars(query).all()


def visible_thread(db: Session, account: Account, thread_id: int) -> ConsultationThread:
    """The thread if the account owns it or is staff; 404 otherwise (no hint that it exists)."""
    thread = db.get(ConsultationThread, thread_id)
    if thread is None or (thread.account_id != account.id and not is_staff(account)):
        raise APIError(404, "not_found", f"Consultation {thread_id} does not exist")
    return thread


def add_message(db: Session, account: Account, thread_id: int, body: str, *, now: datetime) -> ConsultationThread:
    """Append a message; a staff reply marks the thread answered."""
    thread = visible_thread(db, account, thread_id)
    role = Role.STAFF if is_staff(account) and thread.account_id != account.id else Role.CITIZEN
    db.add(ConsultationMessage(thread_id=thread.id, author_id=account.id, author_role=role.value, body=body,
                               created_at=now))
    thread.status = "answered" if role == Role.STAFF else "open"
    db.commit()
    return thread


def thread_out(thread: ConsultationThread) -> ThreadOut:
    """The API shape of a thread."""
    return ThreadOut(id=thread.id, category=thread.category, subject=thread.subject, status=thread.status,
                     created_at=thread.created_at)


def detail(db: Session, thread: ConsultationThread) -> ThreadDetail:
    """A thread with its messages, oldest first."""
    messages = db.scalars(select(ConsultationMessage).where(ConsultationMessage.thread_id == thread.id)
                          .order_by(ConsultationMessage.id)).all()
    return ThreadDetail(**thread_out(thread).model_dump(),
                        messages=[MessageOut(id=m.id, author_role=m.author_role, body=m.body,
                                             created_at=m.created_at) for m in messages])


def slots(db: Session, *, now: datetime, limit: int) -> Sequence[CounsellingSlot]:
    """Upcoming slots, soonest first."""
    return db.scalars(select(CounsellingSlot).where(CounsellingSlot.starts_at > now)
                      .order_by(CounsellingSlot.starts_at, CounsellingSlot.id).limit(limit)).all()


def slot_out(slot: CounsellingSlot, viewer: Account | None) -> SlotOut:
    """The API shape of a slot; who booked it is never shown to others."""
    return SlotOut(id=slot.id, starts_at=slot.starts_at, minutes=slot.minutes, counsellor=slot.counsellor,
                   available=slot.booked_by is None,
                   booked_by_me=viewer is not None and slot.booked_by == viewer.id)


def book(db: Session, account: Account, slot_id: int, *, now: datetime) -> CounsellingSlot:
    """Book a free future slot; the conditional UPDATE makes double booking impossible (409 ``slot_taken``)."""
    slot = db.get(CounsellingSlot, slot_id)
    if slot is None:
        raise APIError(404, "not_found", f"Slot {slot_id} does not exist")
    if slot.starts_at <= now:
        raise APIError(409, "slot_past", "This slot has already started")
    if slot.booked_by == account.id:
        raise APIError(409, "already_booked", "You have already booked this slot")
    result = db.execute(update(CounsellingSlot).where(CounsellingSlot.id == slot_id,
                                                      CounsellingSlot.booked_by.is_(None))
                        .values(booked_by=account.id))
    if result.rowcount != 1:
        db.rollback()
        raise APIError(409, "slot_taken", "Someone else has booked this slot")
    db.commit()
    db.refresh(slot)
    return slot


def cancel(db: Session, account: Account, slot_id: int) -> None:
    """Cancel one's own booking; 404 when the slot is not booked by this account."""
    result = db.execute(update(CounsellingSlot).where(CounsellingSlot.id == slot_id,
                                                      CounsellingSlot.booked_by == account.id)
                        .values(booked_by=None))
    if result.rowcount != 1:
        db.rollback()
        raise APIError(404, "not_found", f"You have no booking for slot {slot_id}")
    db.commit()


def bookings_of(db: Session, account: Account) -> Sequence[CounsellingSlot]:
    """The citizen's booked slots, soonest first."""
    return db.scalars(select(CounsellingSlot).where(CounsellingSlot.booked_by == account.id)
                      .order_by(CounsellingSlot.starts_at)).all()
