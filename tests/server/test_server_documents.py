"""Civil documents: seven PDFs with embedded Hangul font, verification codes, QR, 90-day verification."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
import requests
from server_test_support import TIMEOUT_S, Citizen, register_and_login

from server.core.clock import ManualClock
from server.embedded import EmbeddedServer
from server.schemas.documents import DocumentType

ALWAYS_AVAILABLE = [t for t in DocumentType if t != DocumentType.MILITARY]


def _issue(base_url: str, citizen: Citizen, doc_type: str) -> requests.Response:
    return requests.post(f"{base_url}/v1/documents", json={"type": doc_type}, headers=citizen.headers,
                         timeout=TIMEOUT_S)


@pytest.mark.parametrize("doc_type", ALWAYS_AVAILABLE)
def test_issue_each_document(base_url: str, citizen: Citizen, doc_type: DocumentType) -> None:
    issued = _issue(base_url, citizen, doc_type.value)
    assert issued.status_code == 201, issued.text
    meta = issued.json()
    pdf = requests.get(f"{base_url}{meta['pdf_url']}", headers=citizen.headers, timeout=TIMEOUT_S)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert hashlib.sha256(pdf.content).hexdigest() == meta["sha256"]
    assert b"FontFile2" in pdf.content  # the TrueType (Hangul) font is embedded


def test_military_certificate_needs_a_military_record(base_url: str, make_citizen: Callable[..., Citizen]) -> None:
    # Demo records give men a service record, women none (deterministic per account id).
    outcomes = {_issue(base_url, make_citizen(), "military_service_certificate").status_code for _ in range(6)}
    assert outcomes <= {201, 409} and outcomes


def test_verification_is_public_and_masks_the_name(base_url: str, make_citizen: Callable[..., Citizen]) -> None:
    citizen = make_citizen(name="홍길동")
    meta = _issue(base_url, citizen, "vaccination_certificate").json()
    check = requests.get(f"{base_url}/v1/documents/verify/{meta['verification_code']}", timeout=TIMEOUT_S)
    assert check.status_code == 200
    body = check.json()
    assert body["holder"] == "홍*동" and body["sha256"] == meta["sha256"]
    assert body["type"] == "vaccination_certificate" and body["issued_at"] == meta["issued_at"]
    assert "birth" not in str(body) and "1990" not in str(body)


def test_unknown_code_is_404(base_url: str) -> None:
    response = requests.get(f"{base_url}/v1/documents/verify/AAAA-BBBB-CCCC-DDDD", timeout=TIMEOUT_S)
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_codes_verify_for_90_days(tmp_path: Path, start_server: Callable[..., EmbeddedServer]) -> None:
    clock = ManualClock()
    srv = start_server(tmp_path, seed_demo=False, clock=clock)
    assert srv.url is not None
    citizen = register_and_login(srv.url)
    code = _issue(srv.url, citizen, "entry_exit_record").json()["verification_code"]
    clock.advance(89 * 86400)
    assert requests.get(f"{srv.url}/v1/documents/verify/{code}", timeout=TIMEOUT_S).status_code == 200
    clock.advance(86400)
    expired = requests.get(f"{srv.url}/v1/documents/verify/{code}", timeout=TIMEOUT_S)
    assert expired.status_code == 410 and expired.json()["code"] == "expired"


def test_documents_list_and_unknown_type(base_url: str, citizen: Citizen) -> None:
    issued = _issue(base_url, citizen, "resident_registration_abstract").json()
    listed = requests.get(f"{base_url}/v1/documents", headers=citizen.headers, timeout=TIMEOUT_S).json()
    assert [item["id"] for item in listed["items"]] == [issued["id"]]
    assert _issue(base_url, citizen, "passport").json()["field"] == "type"


def test_issuing_needs_login(base_url: str) -> None:
    response = requests.post(f"{base_url}/v1/documents", json={"type": "vaccination_certificate"}, timeout=TIMEOUT_S)
    assert response.status_code == 401
