"""``/v1/documents``: issue civil documents, download them, and verify codes (public)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from server.deps import CurrentAccountDep, NowDep, ServicesDep, SessionDep
from server.schemas.common import responses
from server.schemas.documents import DocumentList, DocumentOut, DocumentRequest, VerificationOut
from server.services import documents

MAX_ID = 2**31 - 1
router = APIRouter(prefix="/documents", tags=["documents"])


@router.post("", status_code=201, response_model=DocumentOut, responses=responses(401, 409, 422))
def issue_document(payload: DocumentRequest, request: Request, session: SessionDep, services: ServicesDep,
                   now: NowDep, account: CurrentAccountDep) -> DocumentOut:
    """Issue a document from the citizen's record (409 ``no_record`` when there is none)."""
    base_url = str(request.base_url).rstrip("/")
    return documents.to_out(documents.issue(session, services, account, payload.type, base_url=base_url, now=now))


@router.get("", response_model=DocumentList, responses=responses(401))
def list_documents(session: SessionDep, account: CurrentAccountDep) -> DocumentList:
    """The signed-in citizen's documents, newest first."""
    items = [documents.to_out(row) for row in documents.documents_of(session, account)]
    return DocumentList(items=items, total=len(items))


@router.get("/verify/{code}", response_model=VerificationOut, responses=responses(404, 422) | {
    410: responses(404)[404] | {"description": "The code is older than the validity period (expired)"}})
def verify_document(code: Annotated[str, Path(min_length=4, max_length=32)], session: SessionDep,
                    services: ServicesDep, now: NowDep) -> VerificationOut:
    """Public: type, issue date, masked holder name and PDF hash, for 90 days after issue."""
    return documents.verify(session, code, valid_days=services.settings.document_valid_days, now=now)


@router.get("/{document_id}", response_model=DocumentOut, responses=responses(401, 404, 422))
def get_document(document_id: Annotated[int, Path(ge=1, le=MAX_ID)], session: SessionDep,
                 account: CurrentAccountDep) -> DocumentOut:
    """One of the signed-in citizen's documents."""
    return documents.to_out(documents.own_document(session, account, document_id))


@router.get("/{document_id}/pdf", response_class=Response, responses={
    200: {"content": {"application/pdf": {}}, "description": "The PDF"}, **responses(401, 404, 422)})
def get_pdf(document_id: Annotated[int, Path(ge=1, le=MAX_ID)], session: SessionDep,
            account: CurrentAccountDep) -> Response:
    """The PDF bytes of one of the signed-in citizen's documents."""
    row = documents.own_document(session, account, document_id)
    return Response(row.pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{row.doc_type}-{row.id}.pdf"',
                             "Cache-Control": "no-store"})
