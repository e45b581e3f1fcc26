"""``/v1/me/avatar``: a citizen's avatar saved to the account, checked field by field, theirs alone."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from server_test_support import TIMEOUT_S, Citizen

from server.embedded import EmbeddedServer
from server.models import AvatarProfile

SENIOR_IN_WHEELCHAIR = {"version": 1, "age": "senior", "height_m": 1.58, "build": "slim", "skin_tone": "#A86B45",
                        "hair_style": "bun", "hair_color": "#b9b9b9", "top_color": "#2e7d32",
                        "bottom_color": "#1b1b1b", "shoes_color": "#5a3a22", "mobility": "wheelchair"}


def _put(base_url: str, citizen: Citizen, body: Any) -> requests.Response:
    return requests.put(f"{base_url}/v1/me/avatar", json=body, headers=citizen.headers, timeout=TIMEOUT_S)


def _get(base_url: str, citizen: Citizen) -> requests.Response:
    return requests.get(f"{base_url}/v1/me/avatar", headers=citizen.headers, timeout=TIMEOUT_S)


def test_nothing_saved_yet_is_not_found(base_url: str, citizen: Citizen) -> None:
    response = _get(base_url, citizen)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_save_and_read_back(base_url: str, citizen: Citizen) -> None:
    saved = _put(base_url, citizen, SENIOR_IN_WHEELCHAIR)
    assert saved.status_code == 200, saved.text
    read = _get(base_url, citizen)
    assert read.status_code == 200
    body = read.json()
    expected = {**SENIOR_IN_WHEELCHAIR, "skin_tone": "#a86b45"}  # colours are kept lower-case
    assert {k: body[k] for k in expected} == expected
    assert body["updated_at"] == saved.json()["updated_at"]
    # A second save replaces the first, whole.
    again = _put(base_url, citizen, {"age": "child", "height_m": 1.2})
    assert again.status_code == 200, again.text
    body = _get(base_url, citizen).json()
    assert (body["age"], body["height_m"], body["mobility"], body["skin_tone"]) == (
        "child", 1.2, "walking", "#e8b996")


@pytest.mark.parametrize(("change", "field"), [
    ({"age": "elder"}, "age"),
    ({"age": "child", "height_m": 1.9}, "height_m"),
    ({"height_m": "tall"}, "height_m"),
    ({"height_m": 7}, "height_m"),
    ({"build": "huge"}, "build"),
    ({"skin_tone": "brown"}, "skin_tone"),
    ({"hair_color": "#12345"}, "hair_color"),
    ({"hair_style": "mohawk"}, "hair_style"),
    ({"top_color": None}, "top_color"),
    ({"mobility": "flying"}, "mobility"),
    ({"hat": "red"}, "hat"),
    ({"version": 2}, "version"),
])
def test_invalid_fields_are_named(base_url: str, citizen: Citizen, change: dict[str, Any], field: str) -> None:
    response = _put(base_url, citizen, {**SENIOR_IN_WHEELCHAIR, **change})
    assert response.status_code == 422, response.text
    error = response.json()
    assert error["code"] == "invalid_field"
    assert error["field"] == field
    assert field in error["message"]
    assert _get(base_url, citizen).status_code == 404  # nothing was stored


def test_not_an_object_is_refused(base_url: str, citizen: Citizen) -> None:
    response = _put(base_url, citizen, ["senior"])
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_field"


def test_a_huge_body_is_refused_before_it_is_read(base_url: str, citizen: Citizen) -> None:
    response = _put(base_url, citizen, {**SENIOR_IN_WHEELCHAIR, "hat": "x" * 200_000})
    assert response.status_code == 413
    assert response.json()["code"] == "body_too_large"


@pytest.mark.parametrize("method", ["GET", "PUT"])
def test_no_token_is_refused(base_url: str, method: str) -> None:
    response = requests.request(method, f"{base_url}/v1/me/avatar", json=SENIOR_IN_WHEELCHAIR, timeout=TIMEOUT_S)
    assert response.status_code == 401
    assert response.json()["code"] == "login_required"


def test_account_deletion_erases_the_avatar(server: EmbeddedServer, base_url: str, citizen: Citizen) -> None:
    assert _put(base_url, citizen, SENIOR_IN_WHEELCHAIR).status_code == 200
    gone = requests.delete(f"{base_url}/v1/me", headers=citizen.headers, timeout=TIMEOUT_S)
    assert gone.status_code == 204
    assert server.app is not None
    with server.app.state.db.session_factory() as session:
        assert session.get(AvatarProfile, citizen.id) is None
