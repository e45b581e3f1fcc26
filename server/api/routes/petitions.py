"""``/v1/petitions``: file, list, search and read petitions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from sqlalchemy.orm import Session

from server import crud
from server.core.errors import APIError
from server.deps import IdempotencyKeyDep, SessionDep
from server.idempotency import StoredResponse, encode_body, request_hash, run_once
from server.schemas import SEARCH_MAX, ErrorOut, PetitionCreate, PetitionList, PetitionOut

# Ids are 32-bit on PostgreSQL; a larger path value is refused as invalid, not sent to the database.
MAX_ID = 2**31 - 1
CREATE_SCOPE = "POST /v1/petitions"
REPLAY_HEADER = "Idempotent-Replayed"

router = APIRouter(prefix="/petitions", tags=["petitions"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorOut, "description": "Invalid field (code invalid_field) or header"},
}


@router.post(
    "",
    status_code=201,
    response_model=PetitionOut,
    responses={
        **_ERRORS,
        409: {"model": ErrorOut, "description": "Idempotency-Key reused with a different body"},
        413: {"model": ErrorOut, "description": "Body larger than max_body_bytes"},
    },
)
def create_petition(payload: PetitionCreate, session: SessionDep, idempotency_key: IdempotencyKeyDep) -> Response:
    """File a petition. With an ``Idempotency-Key``, a retry replays the first answer."""

    def create(db: Session) -> StoredResponse:
        petition = crud.add_petition(db, payload)
        body = PetitionOut.model_validate(petition).model_dump(mode="json")
        return StoredResponse(201, encode_body(body))

    if idempotency_key is None:
        result = create(session)
        session.commit()
    else:
        result = run_once(
            session,
            key=idempotency_key,
            scope=CREATE_SCOPE,
            fingerprint=request_hash(CREATE_SCOPE, payload.model_dump(mode="json")),
            action=create,
        )
    headers = {REPLAY_HEADER: "true"} if result.replayed else None
    return Response(result.body, status_code=result.status_code, media_type="application/json", headers=headers)


@router.get("", response_model=PetitionList, responses=_ERRORS)
def list_petitions(
    session: SessionDep,
    q: Annotated[str | None, Query(max_length=SEARCH_MAX, description="Search title and body")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> PetitionList:
    """List petitions newest first; ``q`` filters by a substring of title or body."""
    query = q.strip() if q else None
    rows, total = crud.list_petitions(session, query=query, limit=limit, offset=offset)
    return PetitionList(items=[PetitionOut.model_validate(row) for row in rows], total=total)


@router.get(
    "/{petition_id}",
    response_model=PetitionOut,
    responses={**_ERRORS, 404: {"model": ErrorOut, "description": "No petition with this id"}},
)
def get_petition(session: SessionDep, petition_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> PetitionOut:
    """Return one petition by id."""
    petition = crud.get_petition(session, petition_id)
    if petition is None:
        raise APIError(404, "not_found", f"Petition {petition_id} does not exist")
    return PetitionOut.model_validate(petition)
