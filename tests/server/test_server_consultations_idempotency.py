"""Consultation messages with an Idempotency-Key: a retry replays the first answer and writes once."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests
from server_test_support import TIMEOUT_S, Citizen

THREADS = 6


def _open_thread(base_url: str, citizen: Citizen) -> int:
    body = {"category": "dasan_120", "subject": "Bench broken", "message": "Near the fountain."}
    response = requests.post(f"{base_url}/v1/consultations", json=body, headers=citizen.headers, timeout=TIMEOUT_S)
    assert response.status_code == 201, response.text
    thread_id: int = response.json()["id"]
    return thread_id


def _post(base_url: str, who: Citizen, thread_id: int, body: Any, key: str | None) -> requests.Response:
    headers = dict(who.headers, **({"Idempotency-Key": key} if key is not None else {}))
    return requests.post(f"{base_url}/v1/consultations/{thread_id}/messages", json=body, headers=headers,
                         timeout=TIMEOUT_S)


def _messages(base_url: str, who: Citizen, thread_id: int) -> list[str]:
    thread = requests.get(f"{base_url}/v1/consultations/{thread_id}", headers=who.headers, timeout=TIMEOUT_S)
    return [m["body"] for m in thread.json()["messages"]]


def test_same_key_and_body_replays_one_message(base_url: str, citizen: Citizen) -> None:
    thread_id = _open_thread(base_url, citizen)
    key = str(uuid.uuid4())
    first = _post(base_url, citizen, thread_id, {"body": "Still broken."}, key)
    second = _post(base_url, citizen, thread_id, {"body": " Still broken. "}, key)  # stripped before comparing
    assert first.status_code == second.status_code == 201, second.text
    assert second.json() == first.json()
    assert "Idempotent-Replayed" not in first.headers and second.headers["Idempotent-Replayed"] == "true"
    assert _messages(base_url, citizen, thread_id) == ["Near the fountain.", "Still broken."]


def test_same_key_with_another_body_or_thread_is_409(base_url: str, citizen: Citizen) -> None:
    thread_id, other_thread = _open_thread(base_url, citizen), _open_thread(base_url, citizen)
    key = str(uuid.uuid4())
    assert _post(base_url, citizen, thread_id, {"body": "One."}, key).status_code == 201
    for target, body in ((thread_id, {"body": "Two."}), (other_thread, {"body": "One."})):
        conflict = _post(base_url, citizen, target, body, key)
        assert conflict.status_code == 409 and conflict.json()["code"] == "idempotency_conflict"
    assert _messages(base_url, citizen, thread_id) == ["Near the fountain.", "One."]
    assert _messages(base_url, citizen, other_thread) == ["Near the fountain."]


def test_without_a_key_each_post_is_a_message_and_staff_answers(base_url: str, citizen: Citizen,
                                                                staff: Citizen) -> None:
    thread_id = _open_thread(base_url, citizen)
    assert _post(base_url, citizen, thread_id, {"body": "Again."}, None).status_code == 201
    assert _post(base_url, citizen, thread_id, {"body": "Again."}, None).status_code == 201
    answered = _post(base_url, staff, thread_id, {"body": "Fixed today."}, str(uuid.uuid4()))
    assert answered.status_code == 201 and answered.json()["status"] == "answered"
    assert [m["author_role"] for m in answered.json()["messages"]] == ["citizen"] * 3 + ["staff"]


def test_keys_belong_to_their_owner_and_others_get_404(base_url: str, citizen: Citizen,
                                                       other_citizen: Citizen) -> None:
    thread_id = _open_thread(base_url, citizen)
    key = str(uuid.uuid4())
    assert _post(base_url, citizen, thread_id, {"body": "Mine."}, key).status_code == 201
    stranger = _post(base_url, other_citizen, thread_id, {"body": "Mine."}, key)
    assert stranger.status_code == 404 and stranger.json()["code"] == "not_found"
    assert _messages(base_url, citizen, thread_id) == ["Near the fountain.", "Mine."]


def test_bad_key_is_422(base_url: str, citizen: Citizen) -> None:
    thread_id = _open_thread(base_url, citizen)
    response = _post(base_url, citizen, thread_id, {"body": "x"}, "k" * 256)  # longer than 255
    assert response.status_code == 422 and response.json()["code"] == "invalid_idempotency_key"


def test_concurrent_duplicates_write_once(base_url: str, citizen: Citizen) -> None:
    thread_id = _open_thread(base_url, citizen)
    key = str(uuid.uuid4())
    with ThreadPoolExecutor(THREADS) as pool:
        replies = list(pool.map(lambda _: _post(base_url, citizen, thread_id, {"body": "Race."}, key),
                                range(THREADS)))
    assert {r.status_code for r in replies} == {201}
    assert len({r.text for r in replies}) == 1
    assert _messages(base_url, citizen, thread_id) == ["Near the fountain.", "Race."]
