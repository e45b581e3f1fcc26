"""Property-based tests of the whole OpenAPI document, in process (the one exception to loopback HTTP).

Every operation gets generated requests, with a demo citizen's token so signed-in routes are
exercised too. Checks: no 5xx, and every response matches the documented schema and media type.
"""

from __future__ import annotations

from collections.abc import Iterator
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance
from server_test_support import database_url_from_env

from server.app import create_app
from server.core.config import ServerSettings
from server.seed import DEMO_PASSWORD

MAX_EXAMPLES = 12
# Built at import so that schemathesis can parametrise over its operations; the database is
# only opened when the ``running_app`` fixture runs the lifespan.
DATA_DIR = Path(tempfile.mkdtemp(prefix="metaverse-seoul-schemathesis-"))
APP = create_app(ServerSettings(data_dir=DATA_DIR, database_url=database_url_from_env(), seed_demo=True))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module")
def running_app() -> Iterator[TestClient]:
    """Run the app's lifespan (database migrated, demo data seeded) around the module's tests."""
    try:
        with TestClient(APP) as client:
            yield client
    finally:
        shutil.rmtree(DATA_DIR, ignore_errors=True)


@pytest.fixture(scope="module")
def auth_headers(running_app: TestClient) -> dict[str, str]:
    """A demo citizen's bearer token."""
    response = running_app.post("/v1/sessions", json={"email": "demo1@example.seoul", "password": DEMO_PASSWORD})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case: Any, auth_headers: dict[str, str]) -> None:
    case.call_and_validate(headers=auth_headers,
                           checks=[not_a_server_error, response_schema_conformance, content_type_conformance])
