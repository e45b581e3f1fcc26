"""Reading and saving a citizen's own avatar appearance."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from server.core.errors import APIError
from server.models import Account, AvatarProfile
from server.schemas.avatars import AvatarFields, AvatarIn, AvatarOut

_FIELDS = tuple(AvatarFields.model_fields)


def to_out(row: AvatarProfile) -> AvatarOut:
    """The response body for a stored avatar."""
    return AvatarOut(**{name: getattr(row, name) for name in _FIELDS}, updated_at=row.updated_at)


def avatar_of(db: Session, account: Account) -> AvatarProfile:
    """The account's saved avatar; 404 ``not_found`` when it has never saved one."""
    row = db.get(AvatarProfile, account.id)
    if row is None:
        raise APIError(404, "not_found", "No avatar has been saved for this account yet")
    return row


def save(db: Session, account: Account, avatar: AvatarIn, *, now: datetime) -> AvatarProfile:
    """Replace the account's avatar with ``avatar`` (created on first save)."""
    row = db.get(AvatarProfile, account.id)
    if row is None:
        row = AvatarProfile(account_id=account.id)
        db.add(row)
    for name in _FIELDS:
        setattr(row, name, getattr(avatar, name))
    row.updated_at = now
    db.commit()
    return row


def forget(db: Session, account_id: int) -> None:
    """Drop the account's avatar (account deletion); the caller commits."""
    db.execute(delete(AvatarProfile).where(AvatarProfile.account_id == account_id))
