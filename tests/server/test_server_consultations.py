"""Consultations: threads with staff, and youth-counselling slots without double booking."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
from server_test_support import TIMEOUT_S, Citizen, register_and_login

from server.embedded import EmbeddedServer
from server.seed import DEMO_PASSWORD


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServer]:
    """A server with the demo data (accounts, slots) seeded."""
    with EmbeddedServer(tmp_path_factory.mktemp("demo"), seed_demo=True) as srv:
        yield srv


def _open(base_url: str, citizen: Citizen, **fields: Any) -> requests.Response:
    body = {"category": "dasan_120", "subject": "Street light out", "message": "At Sejong-daero 110.", **fields}
    return requests.post(f"{base_url}/v1/consultations", json=body, headers=citizen.headers, timeout=TIMEOUT_S)


@pytest.mark.parametrize("category", ["dasan_120", "youth", "business", "tax"])
def test_open_a_thread_in_each_category(base_url: str, citizen: Citizen, category: str) -> None:
    response = _open(base_url, citizen, category=category)
    assert response.status_code == 201
    thread = response.json()
    assert thread["category"] == category and thread["status"] == "open"
    assert [m["author_role"] for m in thread["messages"]] == ["citizen"]


def test_staff_reply_and_the_citizen_sees_it(base_url: str, citizen: Citizen, staff: Citizen) -> None:
    thread = _open(base_url, citizen).json()
    url = f"{base_url}/v1/consultations/{thread['id']}/messages"
    reply = requests.post(url, json={"body": "Repair crew booked for tomorrow."}, headers=staff.headers,
                          timeout=TIMEOUT_S)
    assert reply.status_code == 201 and reply.json()["status"] == "answered"
    mine = requests.get(f"{base_url}/v1/consultations/{thread['id']}", headers=citizen.headers, timeout=TIMEOUT_S)
    assert [m["author_role"] for m in mine.json()["messages"]] == ["citizen", "staff"]
    listed = requests.get(f"{base_url}/v1/consultations", headers=citizen.headers, timeout=TIMEOUT_S).json()
    assert [t["id"] for t in listed["items"]] == [thread["id"]]


def test_invalid_category_and_empty_message(base_url: str, citizen: Citizen) -> None:
    assert _open(base_url, citizen, category="weather").json()["field"] == "category"
    assert _open(base_url, citizen, message="   ").json()["field"] == "message"


def test_demo_accounts_sign_in(demo_server: EmbeddedServer) -> None:
    response = requests.post(f"{demo_server.url}/v1/sessions",
                             json={"email": "demo1@example.seoul", "password": DEMO_PASSWORD}, timeout=TIMEOUT_S)
    assert response.status_code == 201
    me = requests.get(f"{demo_server.url}/v1/me", headers={"Authorization": f"Bearer {response.json()['token']}"},
                      timeout=TIMEOUT_S).json()
    assert me["demo"] is True and "DEMO" in me["name"]


def test_book_cancel_and_no_double_booking(demo_server: EmbeddedServer) -> None:
    assert demo_server.url is not None
    url = demo_server.url
    first, second = register_and_login(url), register_and_login(url)
    slots = requests.get(f"{url}/v1/consultations/slots", timeout=TIMEOUT_S).json()["items"]
    assert slots and all(slot["available"] for slot in slots)
    slot = slots[0]
    booking = f"{url}/v1/consultations/slots/{slot['id']}/booking"
    booked = requests.post(booking, headers=first.headers, timeout=TIMEOUT_S)
    assert booked.status_code == 201 and booked.json()["booked_by_me"] is True
    taken = requests.post(booking, headers=second.headers, timeout=TIMEOUT_S)
    assert taken.status_code == 409 and taken.json()["code"] == "slot_taken"
    seen_by_other = requests.get(f"{url}/v1/consultations/slots", headers=second.headers, timeout=TIMEOUT_S).json()
    shown = next(s for s in seen_by_other["items"] if s["id"] == slot["id"])
    assert shown["available"] is False and shown["booked_by_me"] is False
    assert requests.delete(booking, headers=second.headers, timeout=TIMEOUT_S).status_code == 404
    assert requests.delete(booking, headers=first.headers, timeout=TIMEOUT_S).status_code == 204
    assert requests.post(booking, headers=second.headers, timeout=TIMEOUT_S).status_code == 201
    mine = requests.get(f"{url}/v1/consultations/bookings", headers=second.headers, timeout=TIMEOUT_S).json()
    assert [s["id"] for s in mine["items"]] == [slot["id"]]


def test_concurrent_bookings_give_one_winner(demo_server: EmbeddedServer) -> None:
    assert demo_server.url is not None
    url = demo_server.url
    people = [register_and_login(url) for _ in range(6)]
    slot = requests.get(f"{url}/v1/consultations/slots", timeout=TIMEOUT_S).json()["items"][-1]

    def book(person: Citizen) -> int:
        return requests.post(f"{url}/v1/consultations/slots/{slot['id']}/booking", headers=person.headers,
                             timeout=TIMEOUT_S).status_code

    with ThreadPoolExecutor(6) as pool:
        codes = sorted(pool.map(book, people))
    assert codes == [201] + [409] * 5


def test_data_dir_has_the_demo_key(demo_server: EmbeddedServer) -> None:
    assert (Path(demo_server.data_dir) / "pii.key").exists()
