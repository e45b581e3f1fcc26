"""Petitions over real HTTP: create, read, list, search, paging, 404s."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from server.schemas import PetitionCategory

TIMEOUT_S = 15.0
PETITION_KEYS = {"id", "number", "title", "body", "category", "status", "agree_count", "created_at", "demo"}

Search = Callable[..., dict[str, Any]]


def test_healthz(http: requests.Session, base_url: str) -> None:
    response = http.get(f"{base_url}/healthz", timeout=TIMEOUT_S)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_create_returns_the_petition(post_petition: Callable[..., requests.Response], token: str) -> None:
    before = datetime.now(UTC)
    response = post_petition(title=f"  More benches {token}  ", body="Near the fountain.", category="culture")

    assert response.status_code == 201, response.text
    assert response.headers["content-type"].startswith("application/json")
    petition = response.json()
    # The client's fields, plus the detail view's history and answers.
    assert set(petition) == PETITION_KEYS | {"history", "answers"}
    assert [event["status"] for event in petition["history"]] == ["open"]
    assert petition["answers"] == []
    assert isinstance(petition["id"], int)
    assert petition["number"] == f"P-{petition['id']:06d}"
    assert petition["title"] == f"More benches {token}"  # stripped
    assert petition["body"] == "Near the fountain."
    assert petition["category"] == "culture"
    assert petition["status"] == "open"
    assert petition["agree_count"] == 0
    assert petition["demo"] is False
    created = datetime.fromisoformat(petition["created_at"])
    assert created.utcoffset() == timedelta(0)
    assert before - timedelta(seconds=5) <= created <= datetime.now(UTC) + timedelta(seconds=5)


def test_category_defaults_to_other(post_petition: Callable[..., requests.Response]) -> None:
    response = post_petition(json={"title": "No category", "body": "b"})
    assert response.status_code == 201
    assert response.json()["category"] == "other"


@pytest.mark.parametrize("category", [c.value for c in PetitionCategory])
def test_every_category_is_accepted(post_petition: Callable[..., requests.Response], category: str) -> None:
    response = post_petition(category=category)
    assert response.status_code == 201, response.text
    assert response.json()["category"] == category


def test_get_returns_what_create_returned(
    http: requests.Session, base_url: str, post_petition: Callable[..., requests.Response]
) -> None:
    created = post_petition(title="서울광장 벤치를 늘려 주세요", body="어르신들이 쉴 곳이 필요합니다.").json()
    response = http.get(f"{base_url}/v1/petitions/{created['id']}", timeout=TIMEOUT_S)
    assert response.status_code == 200
    assert response.json() == created


def test_receipt_numbers_are_distinct_and_stable(
    http: requests.Session, base_url: str, post_petition: Callable[..., requests.Response]
) -> None:
    first = post_petition().json()
    second = post_petition().json()
    assert first["number"] != second["number"]
    again = http.get(f"{base_url}/v1/petitions/{first['id']}", timeout=TIMEOUT_S).json()
    assert again["number"] == first["number"]


def test_unknown_petition_is_404(http: requests.Session, base_url: str) -> None:
    response = http.get(f"{base_url}/v1/petitions/2147483000", timeout=TIMEOUT_S)
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Petition 2147483000 does not exist"}


def test_unknown_route_is_404_json(http: requests.Session, base_url: str) -> None:
    response = http.get(f"{base_url}/v1/no-such-thing", timeout=TIMEOUT_S)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_wrong_method_is_405_json(http: requests.Session, base_url: str) -> None:
    response = http.delete(f"{base_url}/v1/petitions", timeout=TIMEOUT_S)
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_list_is_newest_first_with_total(post_petition: Callable[..., requests.Response], search: Search, token: str) -> None:
    ids = [post_petition(title=f"{token} number {n}").json()["id"] for n in range(3)]
    page = search(token)
    assert page["total"] == 3
    assert [item["id"] for item in page["items"]] == list(reversed(ids))
    assert all(set(item) == PETITION_KEYS for item in page["items"])


def test_paging_walks_every_row_once(post_petition: Callable[..., requests.Response], search: Search, token: str) -> None:
    ids = [post_petition(title=f"{token} page {n}").json()["id"] for n in range(5)]
    seen: list[int] = []
    for offset in (0, 2, 4):
        page = search(token, limit=2, offset=offset)
        assert page["total"] == 5
        seen += [item["id"] for item in page["items"]]
    assert seen == list(reversed(ids))
    assert search(token, limit=2, offset=10) == {"items": [], "total": 5}


def test_default_limit_is_20(post_petition: Callable[..., requests.Response], search: Search, token: str) -> None:
    for n in range(21):
        assert post_petition(title=f"{token} {n}").status_code == 201
    page = search(token)
    assert page["total"] == 21
    assert len(page["items"]) == 20


def test_search_matches_body_case_insensitively(
    post_petition: Callable[..., requests.Response], search: Search, token: str
) -> None:
    post_petition(title="Title without the word", body=f"The body says {token.upper()}.")
    page = search(token)
    assert page["total"] == 1
    assert token.upper() in page["items"][0]["body"]


def test_search_treats_like_wildcards_literally(
    post_petition: Callable[..., requests.Response], search: Search, token: str
) -> None:
    post_petition(title=f"{token} 100% sure")
    post_petition(title=f"{token} 1000 sure")
    post_petition(title=f"{token} a_b")
    post_petition(title=f"{token} axb")
    # Unescaped, "%" and "_" would be LIKE wildcards and match the second row of each pair.
    assert [item["title"] for item in search(f"{token} 100%")["items"]] == [f"{token} 100% sure"]
    assert [item["title"] for item in search(f"{token} a_b")["items"]] == [f"{token} a_b"]


def test_search_finds_hangul(post_petition: Callable[..., requests.Response], search: Search, token: str) -> None:
    post_petition(title=f"{token} 청계천 산책로 조명", body="밤에 어둡습니다.")
    assert search(f"{token} 청계천")["total"] == 1
    assert search("밤에 어둡")["total"] >= 1
