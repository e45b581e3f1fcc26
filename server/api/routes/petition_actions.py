"""Signed-in actions on a petition: agree, answer (staff), report; and the staff moderation queue."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel

from server.api.routes.petitions import MAX_ID, PetitionId
from server.deps import CurrentAccountDep, NowDep, SessionDep, SettingsDep, StaffAccountDep
from server.schemas.common import responses
from server.schemas.petitions import (
    AgreementOut,
    AnswerCreate,
    PetitionDetail,
    PetitionStatus,
    ReportCreate,
    ReportList,
    ReportOut,
    ReportResolve,
)
from server.services import petitions, reports

router = APIRouter(tags=["petitions"])


class ReportReceipt(BaseModel):
    """Confirmation that a report reached the staff queue."""

    id: int
    petition_id: int
    status: str


@router.post("/petitions/{petition_id}/agreements", status_code=201, response_model=AgreementOut,
             responses=responses(401, 404, 409, 422, 429))
def agree(petition_id: PetitionId, session: SessionDep, settings: SettingsDep, now: NowDep,
          account: CurrentAccountDep) -> AgreementOut:
    """Agree to a petition, once per citizen (a second agree is 409 ``already_agreed``)."""
    petition = petitions.agree(session, settings, petition_id, account, now=now)
    return AgreementOut(petition_id=petition.id, agree_count=petition.agree_count,
                        status=PetitionStatus(petition.status))


@router.post("/petitions/{petition_id}/answers", status_code=201, response_model=PetitionDetail,
             responses=responses(401, 403, 404, 422))
def answer(petition_id: PetitionId, payload: AnswerCreate, session: SessionDep, now: NowDep,
           staff: StaffAccountDep) -> PetitionDetail:
    """Staff post the city's official answer."""
    return petitions.detail(session, petitions.answer(session, petition_id, staff, payload, now=now))


@router.post("/petitions/{petition_id}/reports", status_code=201, response_model=ReportReceipt,
             responses=responses(401, 404, 409, 422))
def report(petition_id: PetitionId, payload: ReportCreate, session: SessionDep, now: NowDep,
           account: CurrentAccountDep) -> ReportReceipt:
    """Report a petition to the moderators (once per citizen)."""
    row = reports.report(session, petition_id, account, payload.reason, now=now)
    return ReportReceipt(id=row.id, petition_id=row.petition_id, status=row.status)


@router.get("/moderation/reports", response_model=ReportList, responses=responses(401, 403, 422))
def moderation_queue(session: SessionDep, staff: StaffAccountDep,
                     limit: Annotated[int, Query(ge=1, le=100)] = 20,
                     offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0) -> ReportList:
    """Open reports for staff, oldest first."""
    rows, total = reports.open_reports(session, limit=limit, offset=offset)
    return ReportList(items=[ReportOut.model_validate(row) for row in rows], total=total)


@router.post("/moderation/reports/{report_id}/resolution", response_model=ReportOut,
             responses=responses(401, 403, 404, 409, 422))
def resolve(payload: ReportResolve, session: SessionDep, now: NowDep, staff: StaffAccountDep,
            report_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> ReportOut:
    """Dismiss a report or hide the petition."""
    return ReportOut.model_validate(reports.resolve(session, report_id, payload.decision, now=now))
