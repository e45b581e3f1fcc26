"""``/v1/me/avatar``: the signed-in citizen's own avatar appearance (nobody else's is reachable)."""

from __future__ import annotations

from fastapi import APIRouter

from server.deps import CurrentAccountDep, NowDep, SessionDep
from server.schemas.avatars import AvatarIn, AvatarOut
from server.schemas.common import responses
from server.services import avatars

router = APIRouter(prefix="/me/avatar", tags=["accounts"])


@router.get("", response_model=AvatarOut, responses=responses(401, 404))
def get_avatar(session: SessionDep, account: CurrentAccountDep) -> AvatarOut:
    """The signed-in citizen's saved avatar; 404 ``not_found`` before the first save."""
    return avatars.to_out(avatars.avatar_of(session, account))


@router.put("", response_model=AvatarOut, responses=responses(401, 413, 422))
def put_avatar(payload: AvatarIn, session: SessionDep, now: NowDep, account: CurrentAccountDep) -> AvatarOut:
    """Save the signed-in citizen's avatar (the whole appearance; missing fields take their defaults)."""
    return avatars.to_out(avatars.save(session, account, payload, now=now))
