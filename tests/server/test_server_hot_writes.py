"""Pay and agree answer the same whether the fast path (server/api/hot_writes.py) or FastAPI takes them.

Two servers share one database: the shared test server (fast path on) and one with
``hot_writes`` off. Every request below goes to both, each side with its own citizens, bills and
petitions, and the answers are compared: status, the headers a client reads, and the JSON body
with its numbers masked (ids differ between the sides).
"""
from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from server_test_support import TIMEOUT_S, register_and_login

import server.api.hot_writes as hot_writes
from server.embedded import EmbeddedServer

HEADERS_COMPARED = ("content-type", "idempotent-replayed", "www-authenticate", "retry-after")
Send = Callable[..., requests.Response]


@pytest.fixture(scope="module")
def plain_url(server: EmbeddedServer) -> Iterator[str]:
    """A second server on the shared server's database, with the fast path off."""
    plain = EmbeddedServer(server.data_dir, database_url=server.database_url, seed_demo=False,
                           settings_overrides={"hot_writes": False})
    yield plain.start(timeout=TIMEOUT_S)
    plain.stop()


@pytest.fixture()
def taken(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Which units the fast path built (so the comparison cannot pass with the fast path idle)."""
    seen: list[str] = []
    for name in ("payment_unit", "agreement_unit"):
        real = getattr(hot_writes, name)

        def spy(*args: Any, _real: Any = real, _name: str = name) -> Any:
            seen.append(_name)
            return _real(*args)

        monkeypatch.setattr(hot_writes, name, spy)
    return seen


def answer(response: requests.Response) -> tuple[int, dict[str, str], str]:
    """What a client sees, with numbers (and the sandbox's random references) masked."""
    headers = {name: response.headers[name] for name in HEADERS_COMPARED if name in response.headers}
    return response.status_code, headers, re.sub(r"\d+", "#", re.sub(r"SBX-[0-9A-F]+", "SBX-", response.text))


def side(base_url: str, hot_url: str) -> dict[str, Any]:
    """One side's world: two citizens (registered on the shared database), a bill of each, a petition."""
    me, other = register_and_login(hot_url), register_and_login(hot_url)
    bills = requests.get(f"{hot_url}/v1/tax/bills", headers=me.headers, timeout=TIMEOUT_S).json()["items"]
    others = requests.get(f"{hot_url}/v1/tax/bills", headers=other.headers, timeout=TIMEOUT_S).json()["items"]
    petition = requests.post(f"{hot_url}/v1/petitions", headers=other.headers, timeout=TIMEOUT_S,
                             json={"title": "Shade on the plaza", "body": "Trees, please.", "category": "other"}).json()
    return {"url": base_url, "me": me, "other": other, "bill": bills[0], "others_bill": others[0],
            "petition": petition["id"]}


def pay(world: dict[str, Any], *, bill: str = "bill", key: str | None = "fresh", token: str | None = "me",
        body: Any = None, raw: bytes | None = None, content_type: str = "application/json",
        bill_path: str | None = None) -> requests.Response:
    """POST a payment on one side; ``key`` "fresh" is a new Idempotency-Key, else used as given."""
    headers = {"Content-Type": content_type}
    if token is not None:
        headers["Authorization"] = world[token].headers["Authorization"] if token in ("me", "other") else token
    if key is not None:
        headers["Idempotency-Key"] = uuid.uuid4().hex if key == "fresh" else key
    target = world[bill]
    payload = body if body is not None else {"method": "card", "amount_krw": target["amount_krw"]}
    data = raw if raw is not None else json.dumps(payload).encode()
    path = bill_path or str(target["id"])
    return requests.post(f"{world['url']}/v1/tax/bills/{path}/payments", data=data, headers=headers,
                         timeout=TIMEOUT_S)


def agree(world: dict[str, Any], *, petition: str | None = None, token: str | None = "me") -> requests.Response:
    """POST an agree on one side."""
    headers = {}
    if token is not None:
        headers["Authorization"] = world[token].headers["Authorization"] if token in ("me", "other") else token
    return requests.post(f"{world['url']}/v1/petitions/{petition or world['petition']}/agreements",
                         headers=headers, timeout=TIMEOUT_S)


def both(base_url: str, plain_url: str, steps: Callable[[dict[str, Any]], list[requests.Response]]) -> None:
    """Run ``steps`` on each side and compare the answers one by one."""
    hot = [answer(r) for r in steps(side(base_url, base_url))]
    plain = [answer(r) for r in steps(side(plain_url, base_url))]
    assert hot == plain


def test_payments_and_their_refusals_answer_alike(base_url: str, plain_url: str, taken: list[str]) -> None:
    def steps(world: dict[str, Any]) -> list[requests.Response]:
        key = uuid.uuid4().hex
        amount = world["bill"]["amount_krw"]
        return [
            pay(world, body={"method": "card", "amount_krw": amount + 1}),  # 422 amount_mismatch
            pay(world, key=key),  # 201
            pay(world, key=key),  # 201 replayed
            pay(world, key=key, body={"method": "bank_transfer", "amount_krw": amount}),  # 409 conflict
            pay(world),  # 409 already_paid
            pay(world, bill="others_bill"),  # 404: another citizen's bill
        ]

    both(base_url, plain_url, steps)
    assert taken.count("payment_unit") == 6


def test_a_replay_is_the_first_receipt_on_either_path(base_url: str, plain_url: str) -> None:
    world = side(base_url, base_url)
    key = uuid.uuid4().hex
    first = pay(world, key=key)
    world["url"] = plain_url
    again = pay(world, key=key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"


def test_malformed_payments_go_to_fastapi_and_answer_alike(base_url: str, plain_url: str, taken: list[str]) -> None:
    def steps(world: dict[str, Any]) -> list[requests.Response]:
        return [
            pay(world, token=None),  # 401 login_required
            pay(world, token="Basic abc"),
            pay(world, token="Bearer not-a-session"),  # well-formed: the fast path's 401 invalid_token
            pay(world, key=None),  # 422 Idempotency-Key required
            pay(world, key="x" * 256),
            pay(world, raw=b"{not json"),
            pay(world, raw=b""),
            pay(world, body={"method": "cash", "amount_krw": 1}),
            pay(world, body={"method": "card"}),
            pay(world, content_type="text/plain"),
            pay(world, bill_path="0"),
            pay(world, bill_path="99999999999"),
            pay(world, bill_path="012"),
        ]

    both(base_url, plain_url, steps)
    # Only the well-formed request with an unknown token reached the unit of work on the fast path.
    assert taken.count("payment_unit") == 1


def test_agrees_and_their_refusals_answer_alike(base_url: str, plain_url: str, taken: list[str]) -> None:
    def steps(world: dict[str, Any]) -> list[requests.Response]:
        return [
            agree(world),  # 201, count 1
            agree(world),  # 409 already_agreed
            agree(world, token="other"),  # 201, count 2
            agree(world, petition="2147483647"),  # 404
            agree(world, token=None),  # 401
            agree(world, token="Bearer not-a-session"),
            agree(world, petition="0"),  # 422
        ]

    both(base_url, plain_url, steps)
    assert taken.count("agreement_unit") == 5
