"""Petitions: filing (with moderation and rate limits), search, agrees, thresholds and answers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, bindparam, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.core import ratelimit
from server.core.config import ServerSettings
from server.core.driver_sql import DriverConnection
from server.core.errors import APIError
from server.models import Account, Agreement, Petition, PetitionAnswer, PetitionEvent
from server.schemas.petitions import (
    AgreementOut,
    AnswerCreate,
    PetitionCreate,
    PetitionDetail,
    PetitionOut,
    PetitionStatus,
)
from server.services.moderation import find_abuse

LIKE_ESCAPE = "\\"
# Statuses an agree can still move forward; answered and closed petitions keep theirs.
_PROGRESSING = (PetitionStatus.OPEN, PetitionStatus.AWAITING_ANSWER, PetitionStatus.PUBLIC_FORUM)
_STATUS_NOTES = {
    PetitionStatus.OPEN: "Filed",
    PetitionStatus.AWAITING_ANSWER: "Reached the agrees for the department's answer",
    PetitionStatus.PUBLIC_FORUM: "Reached the agrees for a public forum",
    PetitionStatus.AWAITING_MAYOR: "Reached the agrees for the mayor's answer",
    PetitionStatus.ANSWERED: "Official answer posted",
}
_TAKES_AGREES = (*_PROGRESSING, PetitionStatus.AWAITING_MAYOR)
_RANK = {status: rank for rank, status in enumerate(PetitionStatus)}
# The agree path's statements, built once: SQLAlchemy memoises a statement's cache key on the
# object, so a prebuilt statement with bind parameters skips building and keying it per request,
# which cost more than SQLite's work. They are immutable; values come with each execute().
_PETITIONS, _AGREEMENTS, _EVENTS = Petition.__table__, Agreement.__table__, PetitionEvent.__table__
_BUMP = (
    update(_PETITIONS)
    .where(_PETITIONS.c.id == bindparam("p_id"), _PETITIONS.c.hidden.is_(False),
           # OR of equalities, not IN: an IN list is re-expanded on every execution.
           or_(*(_PETITIONS.c.status == status.value for status in _TAKES_AGREES)))
    .values(agree_count=_PETITIONS.c.agree_count + 1)
    .returning(_PETITIONS.c.agree_count, _PETITIONS.c.status)
)
_HIDDEN = select(_PETITIONS.c.hidden).where(_PETITIONS.c.id == bindparam("p_id"))
_SET_STATUS = update(_PETITIONS).where(_PETITIONS.c.id == bindparam("p_id")).values(status=bindparam("p_status"))
_ADD_EVENT = insert(_EVENTS)
# A citizen's agreements are the record their agree rate limit counts: no separate event row.
_ADD_AGREEMENT = ratelimit.limited_insert(_AGREEMENTS, ["petition_id", "account_id", "created_at"],
                                          key="account_id", at="created_at")


def refuse_abuse(data: PetitionCreate) -> None:
    """422 ``inappropriate_content`` naming the field that holds an insult."""
    for field in ("title", "body"):
        reason = find_abuse(getattr(data, field))
        if reason:
            raise APIError(422, "inappropriate_content", f"{field} {reason}; please rephrase", field=field)


def add_petition(db: Session, data: PetitionCreate, *, now: datetime, author_id: int | None = None,
                 demo: bool = False) -> Petition:
    """Add an open petition and its first history entry, flushed so its id is known; the caller commits."""
    petition = Petition(title=data.title, body=data.body, category=data.category.value,
                        status=PetitionStatus.OPEN.value, agree_count=0, demo=demo, created_at=now,
                        author_id=author_id)
    db.add(petition)
    db.flush()
    db.add(PetitionEvent(petition_id=petition.id, status=PetitionStatus.OPEN.value,
                         note=_STATUS_NOTES[PetitionStatus.OPEN], created_at=now))
    return petition


def create(db: Session, settings: ServerSettings, data: PetitionCreate, *, author: Account | None,
           address: str, now: datetime) -> Petition:
    """File a petition after moderation and the per-citizen (or per-address) rate limit."""
    refuse_abuse(data)
    bucket = f"petition:acct:{author.id}" if author else f"petition:addr:{address}"
    ratelimit.take(db, bucket, limit=settings.petition_create_limit, window_s=settings.petition_create_window_s,
                   now=now, what="new petitions")
    return add_petition(db, data, now=now, author_id=author.id if author else None)


def get_visible(db: Session, petition_id: int) -> Petition:
    """The petition, or 404 when it does not exist or was hidden by moderation."""
    petition = db.get(Petition, petition_id)
    if petition is None or petition.hidden:
        raise APIError(404, "not_found", f"Petition {petition_id} does not exist")
    return petition


def detail(db: Session, petition: Petition) -> PetitionDetail:
    """The petition with its history and answers, oldest first."""
    history = db.scalars(select(PetitionEvent).where(PetitionEvent.petition_id == petition.id)
                         .order_by(PetitionEvent.id)).all()
    answers = db.scalars(select(PetitionAnswer).where(PetitionAnswer.petition_id == petition.id)
                         .order_by(PetitionAnswer.id)).all()
    base = PetitionOut.model_validate(petition).model_dump()
    return PetitionDetail.model_validate({**base, "history": history, "answers": answers}, from_attributes=True)


def list_petitions(db: Session, *, query: str | None, limit: int, offset: int,
                   status: Sequence[PetitionStatus] = (),
                   author_id: int | None = None) -> tuple[Sequence[Petition], int]:
    """One page of visible petitions, newest first, and how many match in total.

    ``query`` matches title or body, case-insensitively, as a plain substring:
    LIKE wildcards typed by the user are escaped. ``status``: any of these (all when empty).
    ``author_id`` keeps one citizen's own petitions.
    """
    conditions: list[ColumnElement[bool]] = [Petition.hidden.is_(False)]
    if query:
        pattern = f"%{_escape_like(query)}%"
        conditions.append(or_(Petition.title.ilike(pattern, escape=LIKE_ESCAPE),
                              Petition.body.ilike(pattern, escape=LIKE_ESCAPE)))
    if status:
        conditions.append(Petition.status.in_([s.value for s in status]))
    if author_id is not None:
        conditions.append(Petition.author_id == author_id)
    total = db.scalar(select(func.count()).select_from(Petition).where(*conditions)) or 0
    rows = db.scalars(
        select(Petition).where(*conditions)
        # id breaks ties between rows created in the same microsecond (e.g. seeds).
        .order_by(Petition.created_at.desc(), Petition.id.desc()).limit(limit).offset(offset)
    ).all()
    return rows, total


def status_for(count: int, settings: ServerSettings) -> PetitionStatus:
    """The threshold status a petition with ``count`` agrees has reached."""
    if count >= settings.threshold_mayor:
        return PetitionStatus.AWAITING_MAYOR
    if count >= settings.threshold_forum:
        return PetitionStatus.PUBLIC_FORUM
    if count >= settings.threshold_department:
        return PetitionStatus.AWAITING_ANSWER
    return PetitionStatus.OPEN


def set_agrees(db: Session, settings: ServerSettings, petition: Petition, count: int, *, now: datetime) -> None:
    """Give a new petition ``count`` agrees at once (demo data), with the statuses and history those reach."""
    petition.agree_count = count
    target = status_for(count, settings)
    for status in (PetitionStatus.AWAITING_ANSWER, PetitionStatus.PUBLIC_FORUM, PetitionStatus.AWAITING_MAYOR):
        if _RANK[status] <= _RANK[target]:
            petition.status = status.value
            db.add(PetitionEvent(petition_id=petition.id, status=status.value, note=_STATUS_NOTES[status],
                                 created_at=now))


def agree(db: DriverConnection, settings: ServerSettings, petition_id: int, account_id: int, *,
          now: datetime) -> AgreementOut:
    """Count one agree per citizen: 409 ``already_agreed`` on a second one, never a second count.

    Core statements on one connection, committed by the caller; the common case is two. The
    counter is bumped first with UPDATE ... RETURNING, which also proves the petition is visible
    and open and takes the write lock (SQLite) or the row lock (PostgreSQL), so concurrent agrees
    are counted one after another. The agreement is inserted only while the citizen has fewer
    than ``agree_limit`` agreements in the window (the rate limit) and only once per petition
    (the unique pair). On any error the caller's rollback undoes the count too.
    """
    bumped = db.execute(_BUMP, {"p_id": petition_id}).first()
    if bumped is None:
        hidden = db.scalar(_HIDDEN, {"p_id": petition_id})
        if hidden is None or hidden:
            raise APIError(404, "not_found", f"Petition {petition_id} does not exist")
        raise APIError(409, "petition_closed", "This petition no longer takes agrees")
    window = {"p_key": account_id, "p_since": now - timedelta(seconds=settings.agree_window_s),
              "p_limit": settings.agree_limit}
    try:
        added = db.execute(_ADD_AGREEMENT, {**window, "v_petition_id": petition_id, "v_account_id": account_id,
                                            "v_created_at": now})
    except IntegrityError as exc:
        raise APIError(409, "already_agreed", "You have already agreed to this petition") from exc
    if added.first() is None:
        raise ratelimit.retry_after(db, _AGREEMENTS, key="account_id", at="created_at", key_value=account_id,
                                    window_s=settings.agree_window_s, now=now, what="agrees")
    count, status = bumped
    target = status_for(count, settings)
    if PetitionStatus(status) in _PROGRESSING and _RANK[target] > _RANK[PetitionStatus(status)]:
        status = target.value
        db.execute(_SET_STATUS, {"p_id": petition_id, "p_status": status})
        db.execute(_ADD_EVENT, {"petition_id": petition_id, "status": status, "note": _STATUS_NOTES[target],
                                "created_at": now})
    return AgreementOut(petition_id=petition_id, agree_count=count, status=PetitionStatus(status))


def answer(db: Session, petition_id: int, staff: Account, data: AnswerCreate, *, now: datetime) -> Petition:
    """Post an official answer; the petition becomes ``answered``."""
    petition = get_visible(db, petition_id)
    db.add(PetitionAnswer(petition_id=petition_id, staff_id=staff.id, department=data.department,
                          body=data.body, created_at=now))
    petition.status = PetitionStatus.ANSWERED.value
    db.add(PetitionEvent(petition_id=petition_id, status=PetitionStatus.ANSWERED.value,
                         note=f"{_STATUS_NOTES[PetitionStatus.ANSWERED]} by {data.department}"[:200],
                         created_at=now))
    db.commit()
    return petition


def _escape_like(text: str) -> str:
    return text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%").replace("_", LIKE_ESCAPE + "_")
