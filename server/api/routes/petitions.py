"""``/v1/petitions``: file, list, search and read petitions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from sqlalchemy.orm import Session

from server.core.errors import APIError
from server.deps import (
    AddressDep,
    BearerDep,
    IdempotencyKeyDep,
    NowDep,
    OptionalAccountDep,
    ServicesDep,
    SessionDep,
    SettingsDep,
    get_optional_account,
)
from server.idempotency import StoredResponse, encode_body, idempotent_response
from server.schemas.common import responses
from server.schemas.petitions import (
    SEARCH_MAX,
    PetitionCreate,
    PetitionDetail,
    PetitionList,
    PetitionOut,
    PetitionStatus,
)
from server.services import petitions

# Ids are 32-bit on PostgreSQL; a larger path value is refused as invalid, not sent to the database.
MAX_ID = 2**31 - 1
CREATE_SCOPE = "POST /v1/petitions"
PetitionId = Annotated[int, Path(ge=1, le=MAX_ID)]

router = APIRouter(prefix="/petitions", tags=["petitions"])


@router.post("", status_code=201, response_model=PetitionDetail, responses=responses(401, 409, 413, 422, 429))
def create_petition(payload: PetitionCreate, session: SessionDep, settings: SettingsDep, now: NowDep,
                    account: OptionalAccountDep, address: AddressDep,
                    idempotency_key: IdempotencyKeyDep) -> Response:
    """File a petition. With an ``Idempotency-Key``, a retry replays the first answer.

    With a bearer token the citizen is the author. Without one, filing is allowed only while
    the server setting ``allow_anonymous_petitions`` is on (temporary; 401 ``login_required`` otherwise).
    """
    if account is None and not settings.allow_anonymous_petitions:
        raise APIError(401, "login_required", "Sign in to file a petition", headers={"WWW-Authenticate": "Bearer"})

    def create(db: Session) -> StoredResponse:
        petition = petitions.create(db, settings, payload, author=account, address=address, now=now)
        db.flush()
        return StoredResponse(201, encode_body(petitions.detail(db, petition).model_dump(mode="json")))

    return idempotent_response(session, key=idempotency_key, scope=CREATE_SCOPE,
                               payload=payload.model_dump(mode="json"), action=create,
                               owner=str(account.id) if account else "", now=now,
                               ttl_s=settings.idempotency_ttl_s)


@router.get("", response_model=PetitionList, responses=responses(401, 422))
def list_petitions(
    session: SessionDep,
    services: ServicesDep,
    now: NowDep,
    credentials: BearerDep,
    q: Annotated[str | None, Query(max_length=SEARCH_MAX, description="Search title and body")] = None,
    status: Annotated[list[PetitionStatus] | None,
                      Query(max_length=len(PetitionStatus), description="Only petitions in these statuses (repeat it)")] = None,
    mine: Annotated[bool, Query(description="Only the signed-in citizen's own petitions (needs a session)")] = False,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> PetitionList:
    """List petitions newest first; ``q`` filters by a substring of title or body.

    With ``mine=true`` only the caller's own petitions are listed (401 ``login_required`` for a guest).
    """
    author_id = None
    if mine:
        # The token is checked only here: a public listing must not fail over a stale token.
        account = get_optional_account(session, services, now, credentials)
        if account is None:
            raise APIError(401, "login_required", "Sign in to list your own petitions",
                           headers={"WWW-Authenticate": "Bearer"})
        author_id = account.id
    query = q.strip() if q else None
    rows, total = petitions.list_petitions(session, query=query, limit=limit, offset=offset, status=status or (),
                                           author_id=author_id)
    return PetitionList(items=[PetitionOut.model_validate(row) for row in rows], total=total)


@router.get("/{petition_id}", response_model=PetitionDetail, responses=responses(404, 422))
def get_petition(session: SessionDep, petition_id: PetitionId) -> PetitionDetail:
    """Return one petition with its status history and official answers."""
    return petitions.detail(session, petitions.get_visible(session, petition_id))
