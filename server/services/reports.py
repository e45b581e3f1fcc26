"""Reports of petitions by citizens, and the staff moderation queue."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.core.errors import APIError
from server.models import Account, Petition, Report
from server.schemas.petitions import ReportDecision
from server.services.petitions import get_visible

OPEN = "open"


def report(db: Session, petition_id: int, reporter: Account, reason: str, *, now: datetime) -> Report:
    """File a report; one per citizen and petition (409 ``already_reported``)."""
    get_visible(db, petition_id)
    row = Report(petition_id=petition_id, reporter_id=reporter.id, reason=reason, status=OPEN, created_at=now)
    db.add(row)
    try:
        db.commit()
    except IntegrityError as exc:
        db.rollback()
        raise APIError(409, "already_reported", "You have already reported this petition") from exc
    return row


def open_reports(db: Session, *, limit: int, offset: int) -> tuple[Sequence[Report], int]:
    """The staff queue: open reports, oldest first."""
    total = db.scalar(select(func.count()).select_from(Report).where(Report.status == OPEN)) or 0
    rows = db.scalars(select(Report).where(Report.status == OPEN).order_by(Report.id).limit(limit)
                      .offset(offset)).all()
    return rows, total


def resolve(db: Session, report_id: int, decision: ReportDecision, *, now: datetime) -> Report:
    """Dismiss a report, or hide the petition (which resolves every open report on it)."""
    row = db.get(Report, report_id)
    if row is None:
        raise APIError(404, "not_found", f"Report {report_id} does not exist")
    if row.status != OPEN:
        raise APIError(409, "already_resolved", "This report was already handled")
    if decision == ReportDecision.HIDE:
        petition = db.get(Petition, row.petition_id)
        if petition is not None:
            petition.hidden = True
        for other in db.scalars(select(Report).where(Report.petition_id == row.petition_id, Report.status == OPEN)):
            other.status, other.resolved_at = "hidden", now
    else:
        row.status, row.resolved_at = "dismissed", now
    db.commit()
    return row
