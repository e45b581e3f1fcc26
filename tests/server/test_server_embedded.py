"""EmbeddedServer: start/stop, persistence, demo seeding, failures, OpenAPI."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests
from fastapi import FastAPI

from server import embedded
from server.app import create_app
from server.core.config import DATABASE_FILENAME, ServerSettings
from server.embedded import EmbeddedServer
from server.seed import DEMO_PETITIONS

TIMEOUT_S = 15.0

StartServer = Callable[..., EmbeddedServer]


def _demo_items(url: str) -> list[dict[str, object]]:
    page = requests.get(f"{url}/v1/petitions", params={"q": "[DEMO]", "limit": 100}, timeout=TIMEOUT_S).json()
    items: list[dict[str, object]] = page["items"]
    return items


def test_start_returns_a_loopback_url_and_creates_the_database(tmp_path: Path, start_server: StartServer) -> None:
    data_dir = tmp_path / "nested" / "data"
    srv = start_server(data_dir, seed_demo=False)

    assert srv.url is not None and srv.url.startswith("http://127.0.0.1:")
    assert srv.running
    assert (data_dir / DATABASE_FILENAME).is_file()
    assert srv.database_path == data_dir / DATABASE_FILENAME
    assert requests.get(f"{srv.url}/healthz", timeout=TIMEOUT_S).json() == {"status": "ok"}


def test_start_twice_returns_the_same_url(tmp_path: Path, start_server: StartServer) -> None:
    srv = start_server(tmp_path, seed_demo=False)
    assert srv.start() == srv.url


def test_context_manager_stops_the_server(tmp_path: Path) -> None:
    with EmbeddedServer(tmp_path, seed_demo=False) as srv:
        url = srv.url
        assert url is not None
        assert requests.get(f"{url}/healthz", timeout=TIMEOUT_S).status_code == 200
    assert srv.url is None
    assert not srv.running
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{url}/healthz", timeout=TIMEOUT_S)


def test_stop_is_idempotent(tmp_path: Path) -> None:
    srv = EmbeddedServer(tmp_path, seed_demo=False)
    srv.stop()
    srv.start(timeout=TIMEOUT_S)
    srv.stop()
    srv.stop()
    assert srv.url is None


def test_petitions_survive_a_restart(tmp_path: Path, start_server: StartServer) -> None:
    first = start_server(tmp_path, seed_demo=False)
    assert first.url is not None
    created = requests.post(
        f"{first.url}/v1/petitions",
        json={"title": "Persist me", "body": "Across restarts", "category": "administration"},
        headers={"Idempotency-Key": "restart-key"},
        timeout=TIMEOUT_S,
    ).json()
    first.stop()

    second = start_server(tmp_path, seed_demo=False)
    response = requests.get(f"{second.url}/v1/petitions/{created['id']}", timeout=TIMEOUT_S)
    assert response.status_code == 200
    assert response.json() == created
    # The idempotency record persisted too: a retry after the restart is still a replay.
    replay = requests.post(
        f"{second.url}/v1/petitions",
        json={"title": "Persist me", "body": "Across restarts", "category": "administration"},
        headers={"Idempotency-Key": "restart-key"},
        timeout=TIMEOUT_S,
    )
    assert replay.json() == created


def test_the_same_object_can_start_again(tmp_path: Path) -> None:
    srv = EmbeddedServer(tmp_path, seed_demo=False)
    try:
        srv.start(timeout=TIMEOUT_S)
        srv.stop()
        url = srv.start(timeout=TIMEOUT_S)
        assert requests.get(f"{url}/healthz", timeout=TIMEOUT_S).status_code == 200
    finally:
        srv.stop()


def test_demo_data_is_seeded_once_and_marked(tmp_path: Path, start_server: StartServer) -> None:
    first = start_server(tmp_path, seed_demo=True)
    assert first.url is not None
    demo = _demo_items(first.url)
    assert len(demo) == len(DEMO_PETITIONS)
    assert all(item["demo"] is True for item in demo)
    assert all(str(item["title"]).startswith("[DEMO] ") for item in demo)
    first.stop()

    second = start_server(tmp_path, seed_demo=True)
    assert second.url is not None
    again = _demo_items(second.url)
    assert [item["id"] for item in again] == [item["id"] for item in demo]


def test_no_demo_data_when_disabled(tmp_path: Path, start_server: StartServer) -> None:
    srv = start_server(tmp_path, seed_demo=False)
    page = requests.get(f"{srv.url}/v1/petitions", timeout=TIMEOUT_S).json()
    assert page == {"items": [], "total": 0}


def test_unopenable_database_raises_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "dir" / "db.sqlite3"
    srv = EmbeddedServer(tmp_path, database_url=f"sqlite:///{missing}")
    with pytest.raises(RuntimeError, match="failed to start.*unable to open database file"):
        srv.start(timeout=TIMEOUT_S)
    assert srv.url is None
    assert not srv.running


def test_data_dir_that_is_a_file_raises_a_clear_error(tmp_path: Path) -> None:
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("occupied")
    with pytest.raises(RuntimeError, match="cannot create data directory"):
        EmbeddedServer(not_a_dir).start(timeout=TIMEOUT_S)


def test_environment_cannot_redirect_the_embedded_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("METAVERSE_SEOUL_SERVER_DATABASE_URL", "sqlite:////elsewhere.sqlite3")
    url = EmbeddedServer(tmp_path).settings().resolved_database_url()
    assert url.endswith(str((tmp_path / DATABASE_FILENAME).resolve()))


def test_request_bodies_are_not_logged(
    http: requests.Session, base_url: str, caplog: pytest.LogCaptureFixture, token: str
) -> None:
    secret = f"secret-{token}"
    with caplog.at_level(logging.DEBUG):
        http.post(f"{base_url}/v1/petitions", json={"title": "t", "body": secret}, timeout=TIMEOUT_S)
        http.post(f"{base_url}/v1/petitions", json={"title": "=x", "body": secret}, timeout=TIMEOUT_S)
    assert secret not in caplog.text


def test_openapi_lists_the_routes(http: requests.Session, base_url: str) -> None:
    schema = http.get(f"{base_url}/openapi.json", timeout=TIMEOUT_S).json()
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/v1/petitions"])
    assert "get" in paths["/v1/petitions/{petition_id}"]
    assert "get" in paths["/healthz"]
    post = paths["/v1/petitions"]["post"]
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in post["parameters"])
    assert {"201", "409", "413", "422"} <= set(post["responses"])


def test_docs_page_is_served(http: requests.Session, base_url: str) -> None:
    response = http.get(f"{base_url}/docs", timeout=TIMEOUT_S)
    assert response.status_code == 200
    assert "swagger" in response.text.lower()


def test_unexpected_errors_are_json_500(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def create_app_with_a_broken_route(settings: ServerSettings, **kwargs: Any) -> FastAPI:
        app = create_app(settings, **kwargs)

        @app.get("/broken")
        def broken() -> None:
            raise ValueError("deliberate failure")

        return app

    monkeypatch.setattr(embedded, "create_app", create_app_with_a_broken_route)
    with EmbeddedServer(tmp_path, seed_demo=False) as srv:
        response = requests.get(f"{srv.url}/broken", timeout=TIMEOUT_S)
        assert response.status_code == 500
        assert response.json() == {"code": "internal_error", "message": "The server hit an unexpected error"}
        assert requests.get(f"{srv.url}/healthz", timeout=TIMEOUT_S).status_code == 200
