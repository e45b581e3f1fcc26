"""``GET /v1/petitions?mine=true``: a citizen's own petitions only, and only with a session."""

from __future__ import annotations

import requests

from server_test_support import Citizen

TIMEOUT_S = 15.0


def _file(http: requests.Session, base_url: str, who: Citizen, title: str) -> int:
    response = http.post(f"{base_url}/v1/petitions", json={"title": title, "body": "Body"}, headers=who.headers,
                         timeout=TIMEOUT_S)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_mine_lists_only_the_callers_own_petitions(http: requests.Session, base_url: str, citizen: Citizen,
                                                   other_citizen: Citizen, token: str) -> None:
    first = _file(http, base_url, citizen, f"Mine one {token}")
    second = _file(http, base_url, citizen, f"Mine two {token}")
    theirs = _file(http, base_url, other_citizen, f"Theirs {token}")

    response = http.get(f"{base_url}/v1/petitions", params={"mine": "true", "limit": 100}, headers=citizen.headers,
                        timeout=TIMEOUT_S)
    assert response.status_code == 200, response.text
    page = response.json()
    assert [item["id"] for item in page["items"]] == [second, first]  # newest first
    assert page["total"] == 2
    other = http.get(f"{base_url}/v1/petitions", params={"mine": "true"}, headers=other_citizen.headers,
                     timeout=TIMEOUT_S).json()
    assert [item["id"] for item in other["items"]] == [theirs]


def test_mine_combines_with_search(http: requests.Session, base_url: str, citizen: Citizen, token: str) -> None:
    _file(http, base_url, citizen, f"Benches {token}")
    wanted = _file(http, base_url, citizen, f"Trees {token}")
    page = http.get(f"{base_url}/v1/petitions", params={"mine": "true", "q": f"Trees {token}"},
                    headers=citizen.headers, timeout=TIMEOUT_S).json()
    assert [item["id"] for item in page["items"]] == [wanted]


def test_a_guest_asking_for_mine_is_told_to_sign_in(http: requests.Session, base_url: str) -> None:
    response = http.get(f"{base_url}/v1/petitions", params={"mine": "true"}, timeout=TIMEOUT_S)
    assert response.status_code == 401
    assert response.json()["code"] == "login_required"


def test_a_revoked_token_is_refused_for_mine_but_not_for_the_public_list(http: requests.Session, base_url: str,
                                                                         citizen: Citizen) -> None:
    assert http.delete(f"{base_url}/v1/sessions/current", headers=citizen.headers,
                       timeout=TIMEOUT_S).status_code == 204
    mine = http.get(f"{base_url}/v1/petitions", params={"mine": "true"}, headers=citizen.headers, timeout=TIMEOUT_S)
    assert mine.status_code == 401
    public = http.get(f"{base_url}/v1/petitions", headers=citizen.headers, timeout=TIMEOUT_S)
    assert public.status_code == 200
