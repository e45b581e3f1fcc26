"""Every endpoint that returns or changes a citizen's data refuses another citizen's token."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import requests
from server_test_support import TIMEOUT_S, Citizen

# Operations on one item of a citizen's data: (method, path template, JSON body).
ITEM_OPERATIONS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "/v1/tax/bills/{bill}", None),
    ("POST", "/v1/tax/bills/{bill}/payments", {"method": "card", "amount_krw": "{amount}"}),
    ("GET", "/v1/tax/receipts/{receipt}", None),
    ("GET", "/v1/documents/{document}", None),
    ("GET", "/v1/documents/{document}/pdf", None),
    ("GET", "/v1/consultations/{thread}", None),
    ("POST", "/v1/consultations/{thread}/messages", {"body": "let me in"}),
]
# Lists of the caller's own data.
LISTS = ["/v1/tax/bills", "/v1/tax/receipts", "/v1/documents", "/v1/consultations", "/v1/consultations/bookings"]
# Item routes that are public, or for staff only (checked in their own tests), or for one's own slot booking.
NOT_CITIZEN_DATA = {
    "/v1/petitions/{petition_id}", "/v1/petitions/{petition_id}/agreements", "/v1/petitions/{petition_id}/answers",
    "/v1/petitions/{petition_id}/reports", "/v1/moderation/reports/{report_id}/resolution",
    "/v1/documents/verify/{code}", "/v1/accounts/{account_id}/role", "/v1/accounts/{account_id}/verification",
    "/v1/consultations/slots/{slot_id}/booking", "/v1/tax/calculations/{kind}",
}


@pytest.fixture(scope="module")
def owned(base_url: str, make_citizen: Any) -> dict[str, Any]:
    """One citizen with a bill, a paid bill's receipt, a document and a consultation thread."""
    owner: Citizen = make_citizen()
    bills = requests.get(f"{base_url}/v1/tax/bills", headers=owner.headers, timeout=TIMEOUT_S).json()["items"]
    paid = requests.post(f"{base_url}/v1/tax/bills/{bills[1]['id']}/payments",
                         json={"method": "card", "amount_krw": bills[1]["amount_krw"]},
                         headers={**owner.headers, "Idempotency-Key": str(uuid.uuid4())}, timeout=TIMEOUT_S).json()
    document = requests.post(f"{base_url}/v1/documents", json={"type": "vaccination_certificate"},
                             headers=owner.headers, timeout=TIMEOUT_S).json()
    thread = requests.post(f"{base_url}/v1/consultations",
                           json={"category": "tax", "subject": "Private", "message": "My income details"},
                           headers=owner.headers, timeout=TIMEOUT_S).json()
    return {"owner": owner, "bill": bills[0]["id"], "amount": bills[0]["amount_krw"], "receipt": paid["id"],
            "document": document["id"], "thread": thread["id"]}


def _fill(template: str, values: dict[str, Any]) -> str:
    return template.format(**{k: v for k, v in values.items() if k != "owner"})


@pytest.mark.parametrize(("method", "template", "body"), ITEM_OPERATIONS)
def test_another_citizen_is_refused(base_url: str, owned: dict[str, Any], other_citizen: Citizen, method: str,
                                   template: str, body: dict[str, Any] | None) -> None:
    url = base_url + _fill(template, owned)
    payload = {k: (owned["amount"] if v == "{amount}" else v) for k, v in body.items()} if body else None
    headers = {**other_citizen.headers, "Idempotency-Key": str(uuid.uuid4())}
    response = requests.request(method, url, json=payload, headers=headers, timeout=TIMEOUT_S)
    assert response.status_code in (403, 404), response.text
    assert response.json()["code"] in ("forbidden", "not_found")
    # The owner still gets through, so the refusal was about ownership, not a broken route.
    if method == "GET":
        mine = requests.get(url, headers=owned["owner"].headers, timeout=TIMEOUT_S)
        assert mine.status_code == 200


@pytest.mark.parametrize(("method", "template", "body"), ITEM_OPERATIONS)
def test_no_token_is_refused(base_url: str, owned: dict[str, Any], method: str, template: str,
                             body: dict[str, Any] | None) -> None:
    response = requests.request(method, base_url + _fill(template, owned), json=body,
                                headers={"Idempotency-Key": "x"}, timeout=TIMEOUT_S)
    assert response.status_code == 401


@pytest.mark.parametrize("path", LISTS)
def test_lists_show_only_the_callers_data(base_url: str, owned: dict[str, Any], other_citizen: Citizen,
                                          path: str) -> None:
    theirs = requests.get(base_url + path, headers=other_citizen.headers, timeout=TIMEOUT_S).json()["items"]
    ids = {item["id"] for item in theirs}
    assert not ids & {owned["bill"], owned["receipt"], owned["document"], owned["thread"]} or path.endswith("bills")
    if path.endswith("bills"):
        assert owned["bill"] not in ids
    assert requests.get(base_url + path, timeout=TIMEOUT_S).status_code == 401


def test_me_is_only_ever_oneself(base_url: str, owned: dict[str, Any], other_citizen: Citizen) -> None:
    me = requests.get(f"{base_url}/v1/me", headers=other_citizen.headers, timeout=TIMEOUT_S).json()
    assert me["id"] == other_citizen.id != owned["owner"].id


def test_my_avatar_is_only_ever_my_own(base_url: str, owned: dict[str, Any], other_citizen: Citizen) -> None:
    """/v1/me/avatar has no id to guess: each token reads and writes its own citizen's avatar only."""
    owner: Citizen = owned["owner"]
    mine = {"age": "senior", "height_m": 1.6, "mobility": "wheelchair"}
    assert requests.put(f"{base_url}/v1/me/avatar", json=mine, headers=owner.headers,
                        timeout=TIMEOUT_S).status_code == 200
    theirs = requests.get(f"{base_url}/v1/me/avatar", headers=other_citizen.headers, timeout=TIMEOUT_S)
    assert theirs.status_code == 404 and theirs.json()["code"] == "not_found"
    assert requests.put(f"{base_url}/v1/me/avatar", json={"age": "child", "height_m": 1.1},
                        headers=other_citizen.headers, timeout=TIMEOUT_S).status_code == 200
    still = requests.get(f"{base_url}/v1/me/avatar", headers=owner.headers, timeout=TIMEOUT_S).json()
    assert (still["age"], still["mobility"]) == ("senior", "wheelchair")


def test_every_item_route_is_probed_or_listed_as_not_citizen_data(base_url: str) -> None:
    schema = requests.get(f"{base_url}/openapi.json", timeout=TIMEOUT_S).json()
    item_routes = {path for path in schema["paths"] if "{" in path}
    probed = {template for _method, template, _body in ITEM_OPERATIONS}
    probed_as_openapi = {p.replace("{bill}", "{bill_id}").replace("{receipt}", "{receipt_id}")
                         .replace("{document}", "{document_id}").replace("{thread}", "{thread_id}") for p in probed}
    assert item_routes - probed_as_openapi - NOT_CITIZEN_DATA == set()
