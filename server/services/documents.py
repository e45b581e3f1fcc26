"""Issuing civil documents as PDFs (fpdf2, Hangul font embedded) with a verification code and QR code.

fpdf2 and segno are imported inside the functions: the embedded server must start fast,
and most sessions never issue a document.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.core.context import AppServices
from server.core.errors import APIError
from server.models import Account, IssuedDocument
from server.schemas.documents import DocumentOut, DocumentType, VerificationOut
from server.services import records
from server.services.accounts import masked_name

FONT_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"
FONT_FILE = FONT_DIR / "NanumGothic.ttf"
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are typed by people

TITLES: dict[DocumentType, str] = {
    DocumentType.RESIDENT_COPY: "주민등록표 등본 (Resident registration copy)",
    DocumentType.RESIDENT_ABSTRACT: "주민등록표 초본 (Resident registration abstract)",
    DocumentType.HEALTH_PAYMENT: "건강보험료 납부확인서 (Health insurance payment confirmation)",
    DocumentType.HEALTH_ELIGIBILITY: "건강보험 자격득실확인서 (Health insurance eligibility)",
    DocumentType.VACCINATION: "예방접종증명서 (Vaccination certificate)",
    DocumentType.ENTRY_EXIT: "출입국에 관한 사실증명 (Entry/exit record)",
    DocumentType.MILITARY: "병적증명서 (Military service certificate)",
}


def new_code() -> str:
    """A 16-character verification code in four groups (80 bits of randomness)."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(16))
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


def _lines(doc_type: DocumentType, record: dict[str, Any]) -> list[str]:
    """The body lines of a document, from the citizen's record."""
    person = [f"성명 Name: {record['name']}", f"주민등록번호 RRN: {record['rrn_masked']}"]
    health = record["health_insurance"]
    if doc_type == DocumentType.RESIDENT_COPY:
        household = [f"  {m['relation']}: {m['name']}" for m in record["household"]]
        return [*person, f"주소 Address: {record['address']}", "세대 구성 Household:", *household]
    if doc_type == DocumentType.RESIDENT_ABSTRACT:
        return [*person, f"주소 Address: {record['address']}", f"전입일 Moved in: {record['moved_in']}"]
    if doc_type == DocumentType.HEALTH_PAYMENT:
        return [*person, f"보험자 Insurer: {health['insurer']}", f"증번호 Number: {health['number']}",
                f"월 보험료 Monthly premium: {health['monthly_premium_krw']:,} KRW",
                f"납부 개월 Months paid last year: {health['months_paid_last_year']}"]
    if doc_type == DocumentType.HEALTH_ELIGIBILITY:
        return [*person, f"자격 Status: {health['status']}", f"취득일 Since: {health['since']}"]
    if doc_type == DocumentType.VACCINATION:
        return [*person, *[f"  {v['date']}  {v['vaccine']}" for v in record["vaccinations"]]]
    if doc_type == DocumentType.ENTRY_EXIT:
        return [*person, *[f"  {t['date']}  {t['direction']}  {t['port']}" for t in record["travel"]]]
    military = record.get("military")
    if not military:
        raise APIError(409, "no_record", "The city holds no military service record for this account")
    return [*person, f"군별 Branch: {military['branch']}", f"계급 Rank: {military['rank']}",
            f"복무 Service: {military['service']}", f"전역 Discharge: {military['discharge']}"]


def render_pdf(title: str, lines: Sequence[str], *, code: str, verify_url: str, issued_at: datetime,
               demo: bool) -> bytes:
    """Render one A4 page with the embedded Hangul font and a vector QR code of ``verify_url``."""
    import segno  # noqa: PLC0415 - heavy, only needed when issuing
    from fpdf import FPDF  # noqa: PLC0415

    # fontTools reports every font table it cannot subset; that is noise, not a problem.
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    pdf = FPDF(format="A4")
    pdf.set_creation_date(issued_at)
    pdf.add_page()
    pdf.add_font("Nanum", fname=str(FONT_FILE))
    pdf.set_font("Nanum", size=11)
    pdf.cell(0, 8, "서울특별시 Seoul Metropolitan Government", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Nanum", size=16)
    pdf.multi_cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Nanum", size=11)
    if demo:
        pdf.cell(0, 8, "[DEMO] 시연용 자료 - demonstration data, not an official document", new_x="LMARGIN",
                 new_y="NEXT")
    pdf.ln(4)
    for text in lines:
        pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.cell(0, 7, f"발급일 Issued: {issued_at:%Y-%m-%d %H:%M} UTC", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 7, f"확인번호 Verification code: {code}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Nanum", size=8)
    pdf.cell(0, 6, verify_url, new_x="LMARGIN", new_y="NEXT")
    qr = segno.make(verify_url, error="m")
    top, module = pdf.get_y() + 4, 0.8
    for y, row in enumerate(qr.matrix):
        for x, dark in enumerate(row):
            if dark:
                pdf.rect(pdf.l_margin + x * module, top + y * module, module, module, style="F")
    return bytes(pdf.output())


def issue(db: Session, services: AppServices, account: Account, doc_type: DocumentType, *, base_url: str,
          now: datetime) -> IssuedDocument:
    """Issue ``doc_type`` from the citizen's record and store the PDF with its code and hash."""
    record = records.load_record(db, services.pii, account.id)
    lines = _lines(doc_type, record)
    code = new_code()
    pdf = render_pdf(TITLES[doc_type], lines, code=code, verify_url=f"{base_url}/v1/documents/verify/{code}",
                     issued_at=now, demo=bool(record.get("demo")))
    row = IssuedDocument(account_id=account.id, doc_type=doc_type.value, code=code,
                         holder_masked=masked_name(record["name"]), sha256=hashlib.sha256(pdf).hexdigest(),
                         pdf=pdf, issued_at=now)
    db.add(row)
    db.commit()
    return row


def to_out(row: IssuedDocument) -> DocumentOut:
    """The API shape of an issued document."""
    doc_type = DocumentType(row.doc_type)
    return DocumentOut(id=row.id, type=doc_type, title=TITLES[doc_type], verification_code=row.code,
                       issued_at=row.issued_at, sha256=row.sha256, pdf_url=f"/v1/documents/{row.id}/pdf")


def documents_of(db: Session, account: Account) -> Sequence[IssuedDocument]:
    """The citizen's documents, newest first (the PDFs are not loaded)."""
    return db.scalars(select(IssuedDocument).where(IssuedDocument.account_id == account.id)
                      .order_by(IssuedDocument.id.desc())).all()


def own_document(db: Session, account: Account, document_id: int) -> IssuedDocument:
    """One of the citizen's documents; 404 otherwise."""
    row = db.get(IssuedDocument, document_id)
    if row is None or row.account_id != account.id:
        raise APIError(404, "not_found", f"Document {document_id} does not exist")
    return row


def verify(db: Session, code: str, *, valid_days: int, now: datetime) -> VerificationOut:
    """Public check of a code: 404 unknown, 410 ``expired`` after ``valid_days``."""
    row = db.scalar(select(IssuedDocument).where(IssuedDocument.code == code.strip().upper()))
    if row is None:
        raise APIError(404, "not_found", "No document has this verification code")
    valid_until = row.issued_at + timedelta(days=valid_days)
    if now >= valid_until:
        raise APIError(410, "expired", "This verification code has expired")
    doc_type = DocumentType(row.doc_type)
    return VerificationOut(type=doc_type, title=TITLES[doc_type], issued_at=row.issued_at,
                           valid_until=valid_until, holder=row.holder_masked, sha256=row.sha256)
