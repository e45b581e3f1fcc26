"""Fixtures for the backend tests: a real EmbeddedServer over loopback HTTP.

There is deliberately no ``__init__.py`` in this folder: as a package it would be
imported as ``server`` and shadow the real ``server`` package.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from server.embedded import EmbeddedServer
from server_test_support import Citizen, database_url_from_env, promote, register_and_login

TIMEOUT_S = 15.0
# The shared server serves many tests from one address; rate limits get their own private servers.
GENEROUS_LIMITS = {
    "petition_create_limit": 10**6,
    "agree_limit": 10**6,
    "login_fail_account_limit": 10**6,
    "login_fail_address_limit": 10**6,
}


PostPetition = Callable[..., requests.Response]


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServer]:
    """One server for the whole session; tests isolate their rows with a unique token.

    Set ``METAVERSE_SEOUL_TEST_DATABASE_URL`` (e.g. ``postgresql+psycopg://...``) to run
    the shared-server tests against another database; SQLite in tmp_path otherwise.
    """
    srv = EmbeddedServer(tmp_path_factory.mktemp("shared-server"), database_url=database_url_from_env(),
                         seed_demo=False, settings_overrides=GENEROUS_LIMITS)
    srv.start(timeout=TIMEOUT_S)
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def base_url(server: EmbeddedServer) -> str:
    """``http://127.0.0.1:PORT`` of the shared server."""
    assert server.url is not None
    return server.url


@pytest.fixture
def http() -> Iterator[requests.Session]:
    """A fresh HTTP session per test (requests sessions are not thread-safe)."""
    with requests.Session() as session:
        yield session


@pytest.fixture
def token() -> str:
    """A word no other test uses, put in titles so searches see only this test's rows."""
    return "tok" + uuid.uuid4().hex[:12]


@pytest.fixture
def post_petition(http: requests.Session, base_url: str) -> PostPetition:
    """POST a petition; keyword arguments become JSON fields, ``key`` the Idempotency-Key."""

    def post(*, key: str | None = None, json: Any = None, **fields: Any) -> requests.Response:
        body = json if json is not None else {"title": "A title", "body": "A body", **fields}
        headers = {"Idempotency-Key": key} if key is not None else {}
        return http.post(f"{base_url}/v1/petitions", json=body, headers=headers, timeout=TIMEOUT_S)

    return post



@pytest.fixture
def search(http: requests.Session, base_url: str) -> Callable[..., dict[str, Any]]:
    """GET /v1/petitions?q=... on the shared server and return the decoded page."""

    def get_page(q: str, **params: Any) -> dict[str, Any]:
        response = http.get(f"{base_url}/v1/petitions", params={"q": q, **params}, timeout=TIMEOUT_S)
        assert response.status_code == 200, response.text
        page: dict[str, Any] = response.json()
        return page

    return get_page


@pytest.fixture
def start_server() -> Iterator[Callable[..., EmbeddedServer]]:
    """Start private servers (for start/stop, persistence, seeding); all are stopped afterwards."""
    started: list[EmbeddedServer] = []

    def start(data_dir: Path, **kwargs: Any) -> EmbeddedServer:
        srv = EmbeddedServer(data_dir, **kwargs)
        started.append(srv)
        srv.start(timeout=TIMEOUT_S)
        return srv

    yield start
    for srv in started:
        srv.stop()


@pytest.fixture(scope="session")
def make_citizen(base_url: str) -> Callable[..., Citizen]:
    """Register and sign in a fresh citizen on the shared server."""

    def make(**fields: Any) -> Citizen:
        return register_and_login(base_url, **fields)

    return make


@pytest.fixture
def citizen(make_citizen: Callable[..., Citizen]) -> Citizen:
    """A fresh, signed-in citizen."""
    return make_citizen()


@pytest.fixture
def other_citizen(make_citizen: Callable[..., Citizen]) -> Citizen:
    """A second citizen, for authorisation probes."""
    return make_citizen()


@pytest.fixture(scope="session")
def staff(server: EmbeddedServer, make_citizen: Callable[..., Citizen]) -> Citizen:
    """A staff member. Test setup promotes the account directly in the database, since the
    first administrator of a real deployment is also made outside the API."""
    member = make_citizen()
    promote(server, member.id, "staff")
    return member


@pytest.fixture(scope="session")
def admin(server: EmbeddedServer, make_citizen: Callable[..., Citizen]) -> Citizen:
    """An administrator (promoted like ``staff``)."""
    member = make_citizen()
    promote(server, member.id, "admin")
    return member
