"""Idempotency-Key: replays, conflicts and concurrent duplicates never write twice."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests

TIMEOUT_S = 15.0
THREADS = 8

Search = Callable[..., dict[str, Any]]


def test_retry_with_same_key_replays_the_first_answer(
    post_petition: Callable[..., requests.Response], search: Search, token: str
) -> None:
    key = str(uuid.uuid4())
    first = post_petition(key=key, title=f"{token} retry", body="b")
    second = post_petition(key=key, title=f"{token} retry", body="b")

    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert "Idempotent-Replayed" not in first.headers
    assert second.headers["Idempotent-Replayed"] == "true"
    assert search(token)["total"] == 1


def test_replay_compares_the_validated_body(
    post_petition: Callable[..., requests.Response], search: Search, token: str
) -> None:
    # Surrounding whitespace is stripped before comparing, as before storing.
    key = str(uuid.uuid4())
    first = post_petition(key=key, title=f"{token} spaced", body="b")
    second = post_petition(key=key, title=f"  {token} spaced ", body="b\n", category="other")
    assert second.status_code == 201
    assert second.json()["id"] == first.json()["id"]
    assert search(token)["total"] == 1


def test_same_key_with_a_different_body_is_409(
    post_petition: Callable[..., requests.Response], search: Search, token: str
) -> None:
    key = str(uuid.uuid4())
    assert post_petition(key=key, title=f"{token} original", body="b").status_code == 201

    response = post_petition(key=key, title=f"{token} changed", body="b")
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_conflict"
    assert search(token)["total"] == 1


def test_different_keys_write_separately(
    post_petition: Callable[..., requests.Response], search: Search, token: str
) -> None:
    for _ in range(2):
        assert post_petition(key=str(uuid.uuid4()), title=f"{token} twice", body="b").status_code == 201
    assert search(token)["total"] == 2


def test_without_a_key_every_post_writes(
    post_petition: Callable[..., requests.Response], search: Search, token: str
) -> None:
    for _ in range(2):
        assert post_petition(title=f"{token} unkeyed", body="b").status_code == 201
    assert search(token)["total"] == 2


def _post_concurrently(base_url: str, bodies_and_keys: list[tuple[dict[str, Any], str]]) -> list[requests.Response]:
    """POST all at once: a barrier releases every thread together, with no sleeps."""
    barrier = threading.Barrier(len(bodies_and_keys))

    def post(body_and_key: tuple[dict[str, Any], str]) -> requests.Response:
        body, key = body_and_key
        barrier.wait(timeout=TIMEOUT_S)
        return requests.post(
            f"{base_url}/v1/petitions", json=body, headers={"Idempotency-Key": key}, timeout=TIMEOUT_S
        )

    with ThreadPoolExecutor(max_workers=len(bodies_and_keys)) as pool:
        return list(pool.map(post, bodies_and_keys))


def test_concurrent_duplicates_create_exactly_one(base_url: str, search: Search, token: str) -> None:
    key = str(uuid.uuid4())
    body = {"title": f"{token} concurrent", "body": "b"}
    responses = _post_concurrently(base_url, [(body, key)] * THREADS)

    assert [r.status_code for r in responses] == [201] * THREADS, [r.text for r in responses]
    assert len({r.json()["id"] for r in responses}) == 1
    assert sum(r.headers.get("Idempotent-Replayed") == "true" for r in responses) == THREADS - 1
    assert search(token)["total"] == 1


def test_concurrent_distinct_keys_all_succeed(base_url: str, search: Search, token: str) -> None:
    requests_to_send = [({"title": f"{token} writer {n}", "body": "b"}, str(uuid.uuid4())) for n in range(THREADS)]
    responses = _post_concurrently(base_url, requests_to_send)

    assert [r.status_code for r in responses] == [201] * THREADS, [r.text for r in responses]
    assert len({r.json()["id"] for r in responses}) == THREADS
    assert search(token)["total"] == THREADS
