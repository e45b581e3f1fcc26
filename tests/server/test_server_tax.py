"""Local tax: bills, exactly-once payments with Idempotency-Key, receipts, and the calculators."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import requests
from server_test_support import TIMEOUT_S, Citizen, register_and_login

from server.core.clock import ManualClock
from server.embedded import EmbeddedServer


def _bills(base_url: str, citizen: Citizen) -> list[dict[str, Any]]:
    response = requests.get(f"{base_url}/v1/tax/bills", headers=citizen.headers, timeout=TIMEOUT_S)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def _pay(base_url: str, citizen: Citizen, bill: dict[str, Any], key: str | None, **body: Any) -> requests.Response:
    headers = dict(citizen.headers)
    if key is not None:
        headers["Idempotency-Key"] = key
    payload = {"method": "card", "amount_krw": bill["amount_krw"], **body}
    return requests.post(f"{base_url}/v1/tax/bills/{bill['id']}/payments", json=payload, headers=headers,
                         timeout=TIMEOUT_S)


def test_demo_bills_follow_the_local_tax_calendar(base_url: str, citizen: Citizen) -> None:
    bills = _bills(base_url, citizen)
    months = [(bill["kind"], date.fromisoformat(bill["due_date"]).month) for bill in bills]
    assert months == [("automobile", 6), ("property", 7), ("resident", 8), ("property", 9), ("automobile", 12)]
    assert all(bill["demo"] and bill["status"] == "unpaid" and bill["amount_krw"] > 0 for bill in bills)
    one = requests.get(f"{base_url}/v1/tax/bills/{bills[0]['id']}", headers=citizen.headers, timeout=TIMEOUT_S)
    assert one.json() == bills[0]


def test_pay_then_retry_replays_one_payment(base_url: str, citizen: Citizen) -> None:
    bill = _bills(base_url, citizen)[0]
    key = str(uuid.uuid4())
    first = _pay(base_url, citizen, bill, key)
    assert first.status_code == 201, first.text
    receipt = first.json()
    assert receipt["provider"] == "sandbox" and receipt["amount_krw"] == bill["amount_krw"]
    retry = _pay(base_url, citizen, bill, key)
    assert retry.status_code == 201 and retry.json() == receipt
    assert retry.headers["Idempotent-Replayed"] == "true"
    receipts = requests.get(f"{base_url}/v1/tax/receipts", headers=citizen.headers, timeout=TIMEOUT_S).json()
    assert [r["id"] for r in receipts["items"]] == [receipt["id"]]
    paid = requests.get(f"{base_url}/v1/tax/bills/{bill['id']}", headers=citizen.headers, timeout=TIMEOUT_S)
    assert paid.json()["status"] == "paid" and paid.json()["receipt_id"] == receipt["id"]
    one = requests.get(f"{base_url}/v1/tax/receipts/{receipt['id']}", headers=citizen.headers, timeout=TIMEOUT_S)
    assert one.json() == receipt


def test_same_key_different_body_is_409(base_url: str, citizen: Citizen) -> None:
    bill = _bills(base_url, citizen)[0]
    key = str(uuid.uuid4())
    assert _pay(base_url, citizen, bill, key).status_code == 201
    conflict = _pay(base_url, citizen, bill, key, method="bank_transfer")
    assert conflict.status_code == 409 and conflict.json()["code"] == "idempotency_conflict"


def test_paying_twice_with_new_keys_is_409(base_url: str, citizen: Citizen) -> None:
    bill = _bills(base_url, citizen)[1]
    assert _pay(base_url, citizen, bill, "k1").status_code == 201
    again = _pay(base_url, citizen, bill, "k2")
    assert again.status_code == 409 and again.json()["code"] == "already_paid"


@pytest.mark.parametrize("key", [None, "", "k" * 256])
def test_payment_needs_a_valid_key(base_url: str, citizen: Citizen, key: str | None) -> None:
    bill = _bills(base_url, citizen)[0]
    response = _pay(base_url, citizen, bill, key)
    assert response.status_code == 422 and response.json()["code"] == "invalid_idempotency_key"
    assert _bills(base_url, citizen)[0]["status"] == "unpaid"


def test_wrong_amount_is_refused(base_url: str, citizen: Citizen) -> None:
    bill = _bills(base_url, citizen)[0]
    response = _pay(base_url, citizen, bill, "amount", amount_krw=bill["amount_krw"] - 10)
    assert response.status_code == 422 and response.json()["field"] == "amount_krw"


@pytest.mark.parametrize("same_key", [True, False])
def test_concurrent_duplicates_make_exactly_one_payment(base_url: str, citizen: Citizen, same_key: bool) -> None:
    bill = _bills(base_url, citizen)[2]
    key = str(uuid.uuid4())

    def attempt(n: int) -> requests.Response:
        return _pay(base_url, citizen, bill, key if same_key else f"{key}-{n}")

    with ThreadPoolExecutor(8) as pool:
        responses = list(pool.map(attempt, range(8)))
    ok = [r for r in responses if r.status_code == 201]
    if same_key:
        assert len(ok) == 8 and len({r.text for r in ok}) == 1
    else:
        assert len(ok) == 1 and all(r.json()["code"] == "already_paid" for r in responses if r not in ok)
    receipts = requests.get(f"{base_url}/v1/tax/receipts", headers=citizen.headers, timeout=TIMEOUT_S).json()
    assert [r["bill_id"] for r in receipts["items"]].count(bill["id"]) == 1


def test_keys_of_different_citizens_never_collide(base_url: str, citizen: Citizen, other_citizen: Citizen) -> None:
    mine, theirs = _bills(base_url, citizen)[0], _bills(base_url, other_citizen)[0]
    first = _pay(base_url, citizen, mine, "shared-key")
    second = _pay(base_url, other_citizen, theirs, "shared-key")
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] != second.json()["id"]


def test_keys_are_forgotten_after_24_hours(tmp_path: Path, start_server: Callable[..., EmbeddedServer]) -> None:
    clock = ManualClock()
    srv = start_server(tmp_path, seed_demo=False, clock=clock,
                       settings_overrides={"session_idle_s": 3 * 86400, "session_absolute_s": 3 * 86400})
    assert srv.url is not None
    citizen = register_and_login(srv.url)
    bill = _bills(srv.url, citizen)[0]
    assert _pay(srv.url, citizen, bill, "daily").status_code == 201
    clock.advance(23 * 3600)
    assert _pay(srv.url, citizen, bill, "daily").headers.get("Idempotent-Replayed") == "true"
    clock.advance(3601)
    # The key is gone: the same request is new again, and the bill is already paid.
    late = _pay(srv.url, citizen, bill, "daily")
    assert late.status_code == 409 and late.json()["code"] == "already_paid"


# Worked examples: Local Tax Act Art. 127 (rates, age reduction) and Art. 151 (education tax 30%).
@pytest.mark.parametrize(("car", "expected"), [
    # 1,999 cc, new: 1,999 x 200 = 399,800; education tax 119,940; total 519,740.
    ({"displacement_cc": 1999}, {"automobile_tax_krw": 399_800, "local_education_tax_krw": 119_940,
                                 "total_krw": 519_740, "june_krw": 259_870, "december_krw": 259_870}),
    # 1,598 cc: 1,598 x 140 = 223,720; education 67,116 → 67,110 (below 10 KRW dropped).
    ({"displacement_cc": 1598}, {"automobile_tax_krw": 223_720, "local_education_tax_krw": 67_110}),
    # 998 cc: 998 x 80 = 79,840; education 23,952 → 23,950.
    ({"displacement_cc": 998}, {"automobile_tax_krw": 79_840, "local_education_tax_krw": 23_950}),
    # 1,999 cc in its 5th year: 15% off → 339,830; education 101,949 → 101,940.
    ({"displacement_cc": 1999, "vehicle_age_years": 5}, {"age_reduction_rate": 0.15,
                                                          "automobile_tax_krw": 339_830}),
    # 12th year or older: the reduction stops at 50%.
    ({"displacement_cc": 1999, "vehicle_age_years": 20}, {"age_reduction_rate": 0.5,
                                                           "automobile_tax_krw": 199_900}),
    # Electric (other passenger car): 100,000 + 30,000 education tax.
    ({"fuel": "electric"}, {"automobile_tax_krw": 100_000, "local_education_tax_krw": 30_000,
                            "total_krw": 130_000}),
    # Commercial 2,000 cc: 19 KRW/cc, no age reduction, no education tax.
    ({"displacement_cc": 2000, "commercial": True, "vehicle_age_years": 9},
     {"automobile_tax_krw": 38_000, "local_education_tax_krw": 0}),
])
def test_automobile_tax_calculator(base_url: str, car: dict[str, Any], expected: dict[str, Any]) -> None:
    response = requests.post(f"{base_url}/v1/tax/calculations/automobile", json=car, timeout=TIMEOUT_S)
    assert response.status_code == 200, response.text
    result = response.json()
    assert {k: result[k] for k in expected} == expected
    assert any("127" in article for article in result["articles"])


# Worked examples: Art. 110 (base = price x 60%), Art. 111(1)(3)(b) brackets, Art. 151 (education 20%).
@pytest.mark.parametrize(("price", "expected"), [
    # 100 million: base 60 million x 0.1% = 60,000; education 12,000; under 200,000 → all in July.
    (100_000_000, {"tax_base_krw": 60_000_000, "property_tax_krw": 60_000, "total_krw": 72_000,
                   "july_krw": 72_000, "september_krw": 0}),
    # 200 million: base 120 million: 60,000 + 60 million x 0.15% = 150,000; education 30,000.
    (200_000_000, {"tax_base_krw": 120_000_000, "property_tax_krw": 150_000, "local_education_tax_krw": 30_000}),
    # 300 million: base 180 million: 195,000 + 30 million x 0.25% = 270,000; total 324,000 in halves.
    (300_000_000, {"property_tax_krw": 270_000, "total_krw": 324_000, "july_krw": 162_000,
                   "september_krw": 162_000}),
    # 1 billion: base 600 million: 570,000 + 300 million x 0.4% = 1,770,000; education 354,000.
    (1_000_000_000, {"property_tax_krw": 1_770_000, "local_education_tax_krw": 354_000, "total_krw": 2_124_000}),
])
def test_housing_property_tax_calculator(base_url: str, price: int, expected: dict[str, Any]) -> None:
    response = requests.post(f"{base_url}/v1/tax/calculations/property", json={"official_price_krw": price},
                             timeout=TIMEOUT_S)
    assert response.status_code == 200, response.text
    result = response.json()
    assert {k: result[k] for k in expected} == expected


@pytest.mark.parametrize(("kind", "body"), [("automobile", {"displacement_cc": -1}),
                                            ("property", {"official_price_krw": "a lot"}),
                                            ("property", {"official_price_krw": 1, "fair_market_ratio": 2})])
def test_calculators_refuse_nonsense(base_url: str, kind: str, body: dict[str, Any]) -> None:
    response = requests.post(f"{base_url}/v1/tax/calculations/{kind}", json=body, timeout=TIMEOUT_S)
    assert response.status_code == 422 and response.json()["code"] == "invalid_field"


def test_unknown_calculator_is_404(base_url: str) -> None:
    response = requests.post(f"{base_url}/v1/tax/calculations/dog", json={}, timeout=TIMEOUT_S)
    assert response.status_code == 404
