"""Petitions with accounts: authors, agrees, thresholds, answers, moderation, reports, rate limits."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
from server_test_support import TIMEOUT_S, Citizen, register_and_login

from server.core.clock import ManualClock
from server.embedded import EmbeddedServer

StartServer = Callable[..., EmbeddedServer]


def _file(base_url: str, citizen: Citizen | None = None, **fields: Any) -> requests.Response:
    body = {"title": "More benches", "body": "Please.", "category": "other", **fields}
    headers = citizen.headers if citizen else {}
    return requests.post(f"{base_url}/v1/petitions", json=body, headers=headers, timeout=TIMEOUT_S)


def _agree(base_url: str, petition_id: int, citizen: Citizen) -> requests.Response:
    return requests.post(f"{base_url}/v1/petitions/{petition_id}/agreements", headers=citizen.headers,
                         timeout=TIMEOUT_S)


def test_agree_counts_once_per_citizen(base_url: str, citizen: Citizen, other_citizen: Citizen) -> None:
    petition = _file(base_url, citizen).json()
    first = _agree(base_url, petition["id"], citizen)
    assert first.status_code == 201 and first.json() == {"petition_id": petition["id"], "agree_count": 1,
                                                         "status": "open"}
    again = _agree(base_url, petition["id"], citizen)
    assert again.status_code == 409 and again.json()["code"] == "already_agreed"
    assert _agree(base_url, petition["id"], other_citizen).json()["agree_count"] == 2
    assert requests.get(f"{base_url}/v1/petitions/{petition['id']}", timeout=TIMEOUT_S).json()["agree_count"] == 2


def test_concurrent_agrees_by_one_citizen_count_once(base_url: str, citizen: Citizen) -> None:
    petition = _file(base_url, citizen).json()
    with ThreadPoolExecutor(8) as pool:
        codes = sorted(pool.map(lambda _: _agree(base_url, petition["id"], citizen).status_code, range(8)))
    assert codes == [201] + [409] * 7
    assert requests.get(f"{base_url}/v1/petitions/{petition['id']}", timeout=TIMEOUT_S).json()["agree_count"] == 1


def test_agree_needs_login(base_url: str, citizen: Citizen) -> None:
    petition = _file(base_url, citizen).json()
    response = requests.post(f"{base_url}/v1/petitions/{petition['id']}/agreements", timeout=TIMEOUT_S)
    assert response.status_code == 401 and response.json()["code"] == "login_required"


def test_agree_on_a_missing_petition_is_404(base_url: str, citizen: Citizen) -> None:
    assert _agree(base_url, 2_000_000_000, citizen).status_code == 404


def test_thresholds_move_the_status_and_keep_history(tmp_path: Path, start_server: StartServer) -> None:
    srv = start_server(tmp_path, seed_demo=False, settings_overrides={
        "threshold_department": 2, "threshold_forum": 3, "threshold_mayor": 4})
    assert srv.url is not None
    people = [register_and_login(srv.url) for _ in range(4)]
    petition = _file(srv.url, people[0]).json()
    statuses = [_agree(srv.url, petition["id"], person).json()["status"] for person in people]
    assert statuses == ["open", "awaiting_answer", "public_forum", "awaiting_mayor"]
    history = requests.get(f"{srv.url}/v1/petitions/{petition['id']}", timeout=TIMEOUT_S).json()["history"]
    assert [event["status"] for event in history] == ["open", "awaiting_answer", "public_forum", "awaiting_mayor"]
    page = requests.get(f"{srv.url}/v1/petitions", params={"status": "awaiting_mayor"}, timeout=TIMEOUT_S).json()
    assert [item["id"] for item in page["items"]] == [petition["id"]]
    still_open = _file(srv.url, people[1]).json()
    passed = requests.get(f"{srv.url}/v1/petitions", params={"status": ["public_forum", "awaiting_mayor"]},
                          timeout=TIMEOUT_S).json()  # several statuses at once: what the plaza's board asks
    assert [item["id"] for item in passed["items"]] == [petition["id"]]
    everything = requests.get(f"{srv.url}/v1/petitions", timeout=TIMEOUT_S).json()
    assert {item["id"] for item in everything["items"]} == {petition["id"], still_open["id"]}


def test_staff_answer_and_citizens_cannot(base_url: str, citizen: Citizen, staff: Citizen) -> None:
    petition = _file(base_url, citizen).json()
    answer = {"department": "Seoul Parks Department", "body": "We will add 40 benches this spring."}
    url = f"{base_url}/v1/petitions/{petition['id']}/answers"
    refused = requests.post(url, json=answer, headers=citizen.headers, timeout=TIMEOUT_S)
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    answered = requests.post(url, json=answer, headers=staff.headers, timeout=TIMEOUT_S)
    assert answered.status_code == 201
    detail = answered.json()
    assert detail["status"] == "answered"
    assert detail["answers"][0]["body"] == answer["body"]
    assert [event["status"] for event in detail["history"]] == ["open", "answered"]


@pytest.mark.parametrize(("field", "text"), [
    ("title", "이 씨발 정책"), ("title", "ㅆㅣㅂㅏㄹ"), ("title", "씨 . 발"), ("body", "ㅅㅂ 이게 뭐야"),
    ("body", "병  신 같은 행정"), ("title", "what the f u c k"), ("body", "you are a b1tch"), ("title", "ＦＵＣＫ"),
])
def test_insults_are_refused_with_a_reason(base_url: str, citizen: Citizen, field: str, text: str) -> None:
    response = _file(base_url, citizen, **{field: text})
    assert response.status_code == 422, response.text
    error = response.json()
    assert error["code"] == "inappropriate_content" and error["field"] == field
    assert "insult" in error["message"]


@pytest.mark.parametrize("title", ["시발점 버스 노선 연장", "Class sizes in Gangnam", "Scunthorpe twin city"])
def test_innocent_words_pass_moderation(base_url: str, citizen: Citizen, title: str) -> None:
    assert _file(base_url, citizen, title=title).status_code == 201


@pytest.mark.parametrize("title", ["=1+1", "+82 10", "-5", "@here"])
def test_formula_titles_are_refused_for_citizens_too(base_url: str, citizen: Citizen, title: str) -> None:
    assert _file(base_url, citizen, title=title).json()["field"] == "title"


def test_reports_reach_the_staff_queue_and_hiding_removes_the_petition(
    base_url: str, citizen: Citizen, other_citizen: Citizen, staff: Citizen
) -> None:
    petition = _file(base_url, citizen, title="Reported petition").json()
    url = f"{base_url}/v1/petitions/{petition['id']}/reports"
    assert requests.post(url, json={"reason": "spam"}, timeout=TIMEOUT_S).status_code == 401
    report = requests.post(url, json={"reason": "spam"}, headers=other_citizen.headers, timeout=TIMEOUT_S)
    assert report.status_code == 201
    again = requests.post(url, json={"reason": "spam"}, headers=other_citizen.headers, timeout=TIMEOUT_S)
    assert again.status_code == 409 and again.json()["code"] == "already_reported"

    queue_url = f"{base_url}/v1/moderation/reports"
    assert requests.get(queue_url, headers=citizen.headers, timeout=TIMEOUT_S).status_code == 403
    queue = requests.get(queue_url, params={"limit": 100}, headers=staff.headers, timeout=TIMEOUT_S).json()
    assert report.json()["id"] in [item["id"] for item in queue["items"]]

    resolve = requests.post(f"{queue_url}/{report.json()['id']}/resolution", json={"decision": "hide"},
                            headers=staff.headers, timeout=TIMEOUT_S)
    assert resolve.status_code == 200 and resolve.json()["status"] == "hidden"
    assert requests.get(f"{base_url}/v1/petitions/{petition['id']}", timeout=TIMEOUT_S).status_code == 404
    assert _agree(base_url, petition["id"], other_citizen).status_code == 404


def test_creation_is_rate_limited_per_citizen(tmp_path: Path, start_server: StartServer) -> None:
    clock = ManualClock()
    srv = start_server(tmp_path, seed_demo=False, clock=clock)  # default: 2 per 5 minutes
    assert srv.url is not None
    first, second = register_and_login(srv.url), register_and_login(srv.url)
    assert [_file(srv.url, first).status_code for _ in range(3)] == [201, 201, 429]
    assert _file(srv.url, second).status_code == 201
    limited = _file(srv.url, first)
    assert limited.json()["code"] == "rate_limited" and 0 < int(limited.headers["Retry-After"]) <= 300
    clock.advance(301)
    assert _file(srv.url, first).status_code == 201


def test_agreeing_is_rate_limited(tmp_path: Path, start_server: StartServer) -> None:
    srv = start_server(tmp_path, seed_demo=False, settings_overrides={"agree_limit": 2,
                                                                       "petition_create_limit": 10})
    assert srv.url is not None
    author, fan = register_and_login(srv.url), register_and_login(srv.url)
    ids = [_file(srv.url, author).json()["id"] for _ in range(3)]
    assert [_agree(srv.url, pid, fan).status_code for pid in ids] == [201, 201, 429]


def test_token_makes_the_citizen_the_author(base_url: str, citizen: Citizen) -> None:
    assert _file(base_url, citizen).status_code == 201


def test_anonymous_filing_can_be_switched_off(tmp_path: Path, start_server: StartServer) -> None:
    srv = start_server(tmp_path, seed_demo=False, settings_overrides={"allow_anonymous_petitions": False})
    assert srv.url is not None
    response = _file(srv.url)
    assert response.status_code == 401 and response.json()["code"] == "login_required"
    assert _file(srv.url, register_and_login(srv.url)).status_code == 201


def test_a_bad_token_is_refused_even_where_anonymous_is_allowed(base_url: str) -> None:
    response = requests.post(f"{base_url}/v1/petitions", json={"title": "t", "body": "b"},
                             headers={"Authorization": "Bearer stale"}, timeout=TIMEOUT_S)
    assert response.status_code == 401 and response.json()["code"] == "invalid_token"
