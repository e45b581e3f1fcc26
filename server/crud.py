"""Database operations on petitions, free of HTTP concerns so services and seeds can share them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from server.models import Petition, utcnow
from server.schemas import PetitionCreate, PetitionStatus

LIKE_ESCAPE = "\\"


def add_petition(session: Session, data: PetitionCreate, *, demo: bool = False) -> Petition:
    """Add a new open petition and flush it so its id is known; the caller commits."""
    petition = Petition(
        title=data.title,
        body=data.body,
        category=data.category.value,
        status=PetitionStatus.OPEN.value,
        agree_count=0,
        demo=demo,
        created_at=utcnow(),
    )
    session.add(petition)
    session.flush()
    return petition


def get_petition(session: Session, petition_id: int) -> Petition | None:
    """Return the petition with ``petition_id``, or None."""
    return session.get(Petition, petition_id)


def list_petitions(
    session: Session, *, query: str | None, limit: int, offset: int
) -> tuple[Sequence[Petition], int]:
    """Return one page of petitions, newest first, and how many match in total.

    ``query`` matches title or body, case-insensitively, as a plain substring:
    LIKE wildcards typed by the user are escaped.
    """
    conditions: list[ColumnElement[bool]] = []
    if query:
        pattern = f"%{_escape_like(query)}%"
        conditions.append(
            or_(
                Petition.title.ilike(pattern, escape=LIKE_ESCAPE),
                Petition.body.ilike(pattern, escape=LIKE_ESCAPE),
            )
        )
    total = session.scalar(select(func.count()).select_from(Petition).where(*conditions)) or 0
    rows = session.scalars(
        select(Petition)
        .where(*conditions)
        # id breaks ties between rows created in the same microsecond (e.g. seeds).
        .order_by(Petition.created_at.desc(), Petition.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return rows, total


def _escape_like(text: str) -> str:
    return (
        text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )
