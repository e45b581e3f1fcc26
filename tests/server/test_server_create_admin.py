"""metaverse-seoul-server create-admin: the first administrator, who can then sign in and manage roles."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from server import cli
from server.embedded import EmbeddedServer
from server_test_support import TIMEOUT_S, login

PASSWORD = "a long admin passphrase"


def test_created_admin_signs_in_with_the_admin_role(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str],
                                                     start_server: Callable[..., EmbeddedServer]) -> None:
    monkeypatch.setenv("METAVERSE_SEOUL_ADMIN_PASSWORD", PASSWORD)
    assert cli.main(["create-admin", "--data-dir", str(tmp_path), "--email", "root@example.seoul"]) == 0
    assert "root@example.seoul" in capsys.readouterr().out
    srv = start_server(tmp_path, seed_demo=False)
    session = login(srv.url, "root@example.seoul", PASSWORD)
    assert session.status_code == 201, session.text
    me = requests.get(f"{srv.url}/v1/me", headers={"Authorization": f"Bearer {session.json()['token']}"},
                      timeout=TIMEOUT_S)
    assert me.status_code == 200 and me.json()["role"] == "admin" and me.json()["verification"] == "verified"


@pytest.mark.parametrize(("password", "message"), [("password", "password"), (PASSWORD, "already exists")])
def test_weak_passwords_and_taken_emails_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str], password: str,
                                                     message: str) -> None:
    monkeypatch.setenv("METAVERSE_SEOUL_ADMIN_PASSWORD", PASSWORD)
    assert cli.main(["create-admin", "--data-dir", str(tmp_path), "--email", "root@example.seoul"]) == 0
    monkeypatch.setenv("METAVERSE_SEOUL_ADMIN_PASSWORD", password)
    assert cli.main(["create-admin", "--data-dir", str(tmp_path), "--email", "root@example.seoul"]) == 1
    assert message in capsys.readouterr().err
