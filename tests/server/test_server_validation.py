"""Refusals: every error is JSON with a stable code, and validation errors name the field."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

TIMEOUT_S = 15.0
MAX_BODY_BYTES = 64 * 1024
ERROR_KEYS = {"code", "message", "field"}


def assert_error(response: requests.Response, status: int, code: str, field: str | None = None) -> dict[str, Any]:
    """Check the common error shape and return the decoded body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error: dict[str, Any] = response.json()
    assert set(error) <= ERROR_KEYS
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    if field is not None:
        assert error.get("field") == field
        assert field in error["message"]
    return error


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"body": "b"}, "title"),
        ({"title": "   ", "body": "b"}, "title"),
        ({"title": "x" * 121, "body": "b"}, "title"),
        ({"title": 42, "body": "b"}, "title"),
        ({"title": "two\nlines", "body": "b"}, "title"),
        ({"title": "t"}, "body"),
        ({"title": "t", "body": " \n "}, "body"),
        ({"title": "t", "body": "x" * 5001}, "body"),
        ({"title": "t", "body": "nul \x00 here"}, "body"),
        ({"title": "t", "body": "b", "category": "weather"}, "category"),
        ({"title": "t", "body": "b", "category": "Economy"}, "category"),
    ],
)
def test_invalid_petition_names_the_field(
    post_petition: Callable[..., requests.Response], body: dict[str, Any], field: str
) -> None:
    assert_error(post_petition(json=body), 422, "invalid_field", field)


@pytest.mark.parametrize("title", ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "   =cmd"])
def test_formula_titles_are_refused(post_petition: Callable[..., requests.Response], title: str) -> None:
    assert_error(post_petition(title=title), 422, "invalid_field", "title")


def test_length_limits_are_inclusive(post_petition: Callable[..., requests.Response]) -> None:
    response = post_petition(title="t" * 120, body="b" * 5000)
    assert response.status_code == 201, response.text
    assert len(response.json()["title"]) == 120


def test_a_title_with_an_inner_dash_is_fine(post_petition: Callable[..., requests.Response]) -> None:
    assert post_petition(title="Bus 7-11 = late").status_code == 201


def test_malformed_json(http: requests.Session, base_url: str) -> None:
    response = http.post(
        f"{base_url}/v1/petitions",
        data=b'{"title": ',
        headers={"Content-Type": "application/json"},
        timeout=TIMEOUT_S,
    )
    assert_error(response, 422, "invalid_json")


def test_body_must_be_an_object(post_petition: Callable[..., requests.Response]) -> None:
    assert_error(post_petition(json=["title", "body"]), 422, "invalid_field")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"offset": -1}, "offset"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_invalid_list_parameters(http: requests.Session, base_url: str, params: dict[str, Any], field: str) -> None:
    response = http.get(f"{base_url}/v1/petitions", params=params, timeout=TIMEOUT_S)
    assert_error(response, 422, "invalid_field", field)


@pytest.mark.parametrize("petition_id", ["abc", "0", "-3", str(2**40)])
def test_invalid_petition_id(http: requests.Session, base_url: str, petition_id: str) -> None:
    response = http.get(f"{base_url}/v1/petitions/{petition_id}", timeout=TIMEOUT_S)
    assert_error(response, 422, "invalid_field", "petition_id")


@pytest.mark.parametrize("key", ["", "k" * 256])
def test_invalid_idempotency_key(post_petition: Callable[..., requests.Response], key: str) -> None:
    assert_error(post_petition(key=key), 422, "invalid_idempotency_key", "Idempotency-Key")


def test_longest_idempotency_key_is_accepted(post_petition: Callable[..., requests.Response], token: str) -> None:
    assert post_petition(key=(token * 30)[:255]).status_code == 201


def test_body_over_content_length_limit(post_petition: Callable[..., requests.Response], search: Any, token: str) -> None:
    response = post_petition(title=token, body="x" * MAX_BODY_BYTES)
    assert_error(response, 413, "body_too_large")
    assert search(token)["total"] == 0


def test_body_over_limit_when_streamed_without_length(http: requests.Session, base_url: str) -> None:
    def chunks() -> Iterator[bytes]:
        # A generator makes requests use chunked transfer encoding: no Content-Length.
        yield b'{"title": "t", "body": "'
        for _ in range(80):
            yield b"x" * 1024
        yield b'"}'

    response = http.post(
        f"{base_url}/v1/petitions",
        data=chunks(),
        headers={"Content-Type": "application/json"},
        timeout=TIMEOUT_S,
    )
    assert "content-length" not in response.request.headers
    assert_error(response, 413, "body_too_large")


def test_large_body_on_a_route_that_ignores_bodies_is_json_413(http: requests.Session, base_url: str) -> None:
    response = http.post(f"{base_url}/healthz", data=b"x" * (MAX_BODY_BYTES + 1), timeout=TIMEOUT_S)
    assert_error(response, 413, "body_too_large")


def test_body_of_exactly_the_limit_is_accepted(http: requests.Session, base_url: str) -> None:
    # Unknown fields are ignored, so padding makes a valid body of exactly the limit.
    skeleton = json.dumps({"title": "Exactly at the limit", "body": "b", "pad": ""}).encode()
    body = json.dumps(
        {"title": "Exactly at the limit", "body": "b", "pad": "x" * (MAX_BODY_BYTES - len(skeleton))}
    ).encode()
    assert len(body) == MAX_BODY_BYTES
    response = http.post(
        f"{base_url}/v1/petitions", data=body, headers={"Content-Type": "application/json"}, timeout=TIMEOUT_S
    )
    assert response.status_code == 201, response.text


def test_server_keeps_serving_after_refusals(http: requests.Session, base_url: str) -> None:
    assert http.get(f"{base_url}/healthz", timeout=TIMEOUT_S).json() == {"status": "ok"}
