"""Registration, profile, roles and deletion. PII is encrypted before it reaches the database."""

from __future__ import annotations

import os
import secrets
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.core.context import AppServices
from server.core.errors import APIError
from server.core.security import password_problem
from server.models import Account, CitizenRecord
from server.schemas.accounts import AccountOut, RegisterData, Role, Verification
from server.services import auth, avatars, records
from server.services import demo as demo_content

# Magic numbers of the accepted identity-document formats; the file name is never trusted.
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"%PDF-", "application/pdf", ".pdf"),
)
DOCUMENT_FIELD = "identity_document"
DEMO_NOTE = "Verified automatically: this server runs the demo configuration."
PENDING_NOTE = "Waiting for a civil servant to check the identity document."


def sniff_document(content: bytes) -> tuple[str, str]:
    """Return (media type, extension) judged from the bytes, or raise 422."""
    for magic, media_type, extension in _SIGNATURES:
        if content.startswith(magic):
            return media_type, extension
    raise APIError(422, "unsupported_document", "The identity document must be a PNG, JPEG or PDF file",
                   field=DOCUMENT_FIELD)


def _store_document(directory: Path, content: bytes, extension: str) -> str:
    """Write the document under a random name, readable by the server's user only."""
    directory.mkdir(parents=True, exist_ok=True)
    name = secrets.token_hex(16) + extension
    fd = os.open(directory / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
    return name


def register(db: Session, services: AppServices, data: RegisterData, document: bytes, *, now: datetime,
             role: Role = Role.CITIZEN, demo: bool = False) -> Account:
    """Create an account with its identity document; 409 ``email_taken`` if the e-mail is in use."""
    settings = services.settings
    problem = password_problem(data.password, email=data.email)
    if problem:
        raise APIError(422, "weak_password", f"password {problem}", field="password")
    if len(document) > settings.max_upload_bytes:
        raise APIError(413, "document_too_large",
                       f"The identity document must be at most {settings.max_upload_bytes // (1024 * 1024)} MB",
                       field=DOCUMENT_FIELD)
    if not document:
        raise APIError(422, "invalid_field", f"{DOCUMENT_FIELD} is empty", field=DOCUMENT_FIELD)
    media_type, extension = sniff_document(document)
    email_index = services.pii.index(data.email)
    if db.scalar(select(Account.id).where(Account.email_index == email_index)) is not None:
        raise APIError(409, "email_taken", "An account with this e-mail already exists", field="email")
    pii = services.pii
    account = Account(
        email_index=email_index,
        email_enc=pii.encrypt(data.email),
        name_enc=pii.encrypt(data.name),
        birth_date_enc=pii.encrypt(data.birth_date.isoformat()),
        phone_enc=pii.encrypt(data.phone),
        address_enc=pii.encrypt(data.address),
        password_hash=services.passwords.hash(data.password),
        role=role.value,
        verification=(Verification.VERIFIED if settings.demo_mode else Verification.PENDING).value,
        id_document=_store_document(settings.resolved_uploads_dir(), document, extension),
        id_document_type=media_type,
        demo=demo,
        created_at=now,
    )
    db.add(account)
    try:
        db.flush()
    except IntegrityError as exc:
        db.rollback()
        raise APIError(409, "email_taken", "An account with this e-mail already exists", field="email") from exc
    if settings.demo_mode:
        # The demo configuration gives every new citizen a demo civil record and demo tax bills.
        records.add_demo_record(db, pii, account.id, data.name, data.birth_date, data.address)
        demo_content.add_demo_bills(db, account.id, now.year)
    db.commit()
    return account


def to_out(account: Account, services: AppServices) -> AccountOut:
    """Decrypt the profile for its owner."""
    pii = services.pii
    verified = account.verification == Verification.VERIFIED
    return AccountOut(
        id=account.id,
        name=pii.decrypt(account.name_enc) or "",
        birth_date=date.fromisoformat(pii.decrypt(account.birth_date_enc) or "1900-01-01"),
        email=pii.decrypt(account.email_enc) or "",
        phone=pii.decrypt(account.phone_enc),
        address=pii.decrypt(account.address_enc),
        role=Role(account.role),
        verification=Verification(account.verification),
        verification_note=(DEMO_NOTE if services.settings.demo_mode else "Verified by city staff.")
        if verified else PENDING_NOTE,
        demo=account.demo,
        created_at=account.created_at,
    )


def delete_account(db: Session, services: AppServices, account: Account, *, now: datetime) -> None:
    """Erase the account's PII, its document file, civil record and avatar, and sign it out everywhere.

    The row itself stays (without PII) so petitions and payments keep a consistent author id.
    """
    if account.id_document:
        (services.settings.resolved_uploads_dir() / account.id_document).unlink(missing_ok=True)
    account.email_index = account.email_enc = account.name_enc = None
    account.birth_date_enc = account.phone_enc = account.address_enc = None
    account.password_hash = account.id_document = account.id_document_type = None
    account.deleted_at = now
    db.execute(delete(CitizenRecord).where(CitizenRecord.account_id == account.id))
    avatars.forget(db, account.id)
    auth.revoke_all(db, account.id, now=now)
    db.commit()


def set_role(db: Session, account_id: int, role: Role) -> Account:
    """Change an account's role (administrators only; checked by the route)."""
    account = db.get(Account, account_id)
    if account is None or account.deleted_at is not None:
        raise APIError(404, "not_found", f"Account {account_id} does not exist")
    account.role = role.value
    db.commit()
    return account


def masked_name(name: str) -> str:
    """Mask a holder's name for public display: 홍길동 → 홍*동, Alice → A***e."""
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
