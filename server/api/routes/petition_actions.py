"""Signed-in actions on a petition: agree, answer (staff), report; and the staff moderation queue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel
from server.core.driver_sql import DriverConnection

from server.api.routes.petitions import MAX_ID, PetitionId
from server.deps import CurrentAccountDep, NowDep, SessionDep, StaffAccountDep, TokenWork, TokenWorkDep
from server.schemas.common import responses
from server.schemas.petitions import (
    AgreementOut,
    AnswerCreate,
    PetitionDetail,
    ReportCreate,
    ReportList,
    ReportOut,
    ReportResolve,
)
from server.services import auth, petitions, reports

router = APIRouter(tags=["petitions"])


class ReportReceipt(BaseModel):
    """Confirmation that a report reached the staff queue."""

    id: int
    petition_id: int
    status: str


@router.post("/petitions/{petition_id}/agreements", status_code=201, response_model=AgreementOut,
             responses=responses(401, 404, 409, 422, 429))
async def agree(petition_id: PetitionId, work: TokenWorkDep) -> Response:
    """Agree to a petition, once per citizen (a second agree is 409 ``already_agreed``)."""
    return await work.database.run_write(agreement_unit(work, petition_id))


def agreement_unit(work: TokenWork, petition_id: int) -> Callable[[DriverConnection], Response]:
    """The agree as one unit of work on one connection: the token check and the write.

    Run on the database's writer (server/core/writer.py): this is a busy write route, and an ORM
    session, thread hand-offs per dependency and validating the returned model again each cost
    more than the work. Shared by the route and its fast path (server/api/hot_writes.py).
    """
    settings = work.services.settings

    def unit(conn: DriverConnection) -> Response:
        signed_in = auth.authenticate_token(conn, settings, work.token, now=work.now)
        agreement = petitions.agree(conn, settings, petition_id, signed_in.account_id, now=work.now)
        conn.commit()
        return Response(agreement.model_dump_json(), status_code=201, media_type="application/json")

    return unit


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
