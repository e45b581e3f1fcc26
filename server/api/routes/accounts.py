"""``/v1/accounts``, ``/v1/sessions``, ``/v1/me``: register, sign in and out, profile, deletion."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Response, UploadFile
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

from server.core.errors import APIError
from server.deps import (
    AddressDep,
    AdminAccountDep,
    CurrentAccountDep,
    NowDep,
    ServicesDep,
    SessionDep,
    StaffAccountDep,
)
from server.models import Account
from server.schemas.accounts import AccountOut, LoginIn, RegisterData, Role, RoleUpdate, SessionOut, Verification
from server.schemas.common import responses
from server.services import accounts, auth

MAX_ID = 2**31 - 1
router = APIRouter(tags=["accounts"])


class AccountRoleOut(BaseModel):
    """An account's id, role and verification, as staff and admins see it (no PII)."""

    id: int
    role: Role
    verification: Verification


def _role_out(account: Account) -> AccountRoleOut:
    return AccountRoleOut(id=account.id, role=Role(account.role), verification=Verification(account.verification))


@router.post("/accounts", status_code=201, response_model=AccountOut, responses=responses(409, 413, 422))
def register(
    session: SessionDep,
    services: ServicesDep,
    now: NowDep,
    name: Annotated[str, Form(max_length=200)],
    birth_date: Annotated[str, Form(max_length=20, description="YYYY-MM-DD")],
    email: Annotated[str, Form(max_length=300)],
    password: Annotated[str, Form(max_length=1024, description="8-128 characters, not a common password")],
    identity_document: Annotated[UploadFile, File(description="PNG, JPEG or PDF, at most 5 MB")],
    phone: Annotated[str | None, Form(max_length=40)] = None,
    address: Annotated[str | None, Form(max_length=300)] = None,
) -> AccountOut:
    """Register a citizen with an identity document (judged by content, not by its name)."""
    try:
        data = RegisterData.model_validate(
            {"name": name, "birth_date": birth_date, "email": email, "password": password,
             "phone": phone, "address": address or None}
        )
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from None
    content = identity_document.file.read(services.settings.max_upload_bytes + 1)
    account = accounts.register(session, services, data, content, now=now)
    return accounts.to_out(account, services)


@router.post("/sessions", status_code=201, response_model=SessionOut, responses=responses(401, 422, 429))
def login(payload: LoginIn, session: SessionDep, services: ServicesDep, now: NowDep,
          address: AddressDep) -> SessionOut:
    """Sign in; the token is returned once and stored only as a hash."""
    token, row = auth.login(session, services, email=payload.email, password=payload.password,
                            address=address, now=now)
    return SessionOut(token=token, expires_at=row.expires_at, idle_timeout_s=services.settings.session_idle_s)


@router.delete("/sessions/current", status_code=204, responses=responses(401))
def logout(session: SessionDep, now: NowDep, account: CurrentAccountDep) -> Response:
    """Sign out: the token stops working at once."""
    auth.logout(session, now=now)
    return Response(status_code=204)


@router.get("/me", response_model=AccountOut, responses=responses(401))
def me(account: CurrentAccountDep, services: ServicesDep) -> AccountOut:
    """The signed-in account's own profile."""
    return accounts.to_out(account, services)


@router.delete("/me", status_code=204, responses=responses(401))
def delete_me(session: SessionDep, services: ServicesDep, now: NowDep, account: CurrentAccountDep) -> Response:
    """Delete the account: PII and the identity document are erased, sessions revoked."""
    accounts.delete_account(session, services, account, now=now)
    return Response(status_code=204)


@router.put("/accounts/{account_id}/role", response_model=AccountRoleOut, responses=responses(401, 403, 404, 422))
def set_role(payload: RoleUpdate, session: SessionDep, admin: AdminAccountDep,
             account_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> AccountRoleOut:
    """Administrators grant or remove the staff and admin roles."""
    if account_id == admin.id and payload.role != Role.ADMIN:
        raise APIError(409, "last_admin", "Administrators cannot demote themselves")
    return _role_out(accounts.set_role(session, account_id, payload.role))


@router.post("/accounts/{account_id}/verification", response_model=AccountRoleOut,
             responses=responses(401, 403, 404, 422))
def verify(session: SessionDep, staff: StaffAccountDep,
           account_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> AccountRoleOut:
    """Staff mark an account verified after checking its identity document."""
    account = session.get(Account, account_id)
    if account is None or account.deleted_at is not None:
        raise APIError(404, "not_found", f"Account {account_id} does not exist")
    account.verification = Verification.VERIFIED.value
    session.commit()
    return _role_out(account)
