"""Civil document bodies."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field


class DocumentType(StrEnum):
    """The seven documents the city issues."""

    RESIDENT_COPY = "resident_registration_copy"
    RESIDENT_ABSTRACT = "resident_registration_abstract"
    HEALTH_PAYMENT = "health_insurance_payment"
    HEALTH_ELIGIBILITY = "health_insurance_eligibility"
    VACCINATION = "vaccination_certificate"
    ENTRY_EXIT = "entry_exit_record"
    MILITARY = "military_service_certificate"


class DocumentRequest(BaseModel):
    """Which document to issue."""

    type: DocumentType


class DocumentOut(BaseModel):
    """An issued document's metadata; the PDF is at ``pdf_url``."""

    id: int
    type: DocumentType
    title: str
    verification_code: str
    issued_at: datetime
    sha256: str = Field(description="SHA-256 of the PDF bytes")
    pdf_url: str


class DocumentList(BaseModel):
    """A citizen's issued documents, newest first."""

    items: list[DocumentOut]
    total: int


class VerificationOut(BaseModel):
    """What anyone holding a code may learn: no PII beyond a masked name."""

    type: DocumentType
    title: str
    issued_at: datetime
    valid_until: datetime
    holder: str = Field(description="Masked holder name, e.g. 홍*동")
    sha256: str
