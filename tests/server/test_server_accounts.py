"""Accounts and sessions: registration, document sniffing, passwords, tokens, expiry, limits, deletion."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests
from server_test_support import JPEG, PASSWORD, PDF, TIMEOUT_S, Citizen, login, register, register_and_login
from sqlalchemy import text

from server.core.clock import ManualClock
from server.core.pii import KEY_FILENAME
from server.embedded import EmbeddedServer


def _me(base_url: str, token: str) -> requests.Response:
    return requests.get(f"{base_url}/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT_S)


def test_register_returns_the_profile_verified_in_demo_mode(base_url: str) -> None:
    response = register(base_url, name="김민지", address="서울특별시 종로구 1")
    assert response.status_code == 201, response.text
    profile = response.json()
    assert profile["name"] == "김민지" and profile["role"] == "citizen"
    assert profile["verification"] == "verified"
    assert "demo configuration" in profile["verification_note"]
    assert "password" not in profile and "id_document" not in profile


@pytest.mark.parametrize("document", [("scan.jpg", JPEG, "image/jpeg"), ("id.pdf", PDF, "application/pdf"),
                                      ("no-extension", JPEG, "application/octet-stream")])
def test_documents_are_judged_by_content(base_url: str, document: tuple[str, bytes, str]) -> None:
    assert register(base_url, document=document).status_code == 201


@pytest.mark.parametrize("document", [("id.png", b"GIF89a" + b"\0" * 20, "image/png"),
                                      ("id.pdf", b"<html>%PDF-</html>", "application/pdf")])
def test_documents_with_other_content_are_refused(base_url: str, document: tuple[str, bytes, str]) -> None:
    response = register(base_url, document=document)
    assert response.status_code == 422
    assert response.json()["code"] == "unsupported_document"
    assert response.json()["field"] == "identity_document"


def test_document_over_5_mb_is_refused(base_url: str) -> None:
    big = b"\x89PNG\r\n\x1a\n" + b"\0" * (5 * 1024 * 1024)
    response = register(base_url, document=("big.png", big, "image/png"))
    assert response.status_code == 413
    assert response.json()["code"] == "document_too_large"


def test_document_is_stored_under_a_random_name_readable_by_owner_only(server: EmbeddedServer) -> None:
    assert server.url is not None
    uploads = server.data_dir / "uploads"
    before = set(uploads.glob("*")) if uploads.exists() else set()
    assert register(server.url, document=("my passport.png", b"\x89PNG\r\n\x1a\nxx", "image/png")).status_code == 201
    [new] = set(uploads.glob("*")) - before
    assert "passport" not in new.name and new.suffix == ".png" and len(new.stem) == 32
    assert new.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(("password", "code"), [("short7!", "weak_password"), ("password123", "weak_password"),
                                                ("Qwerty123", "weak_password"), ("x" * 129, "weak_password")])
def test_weak_passwords_are_refused(base_url: str, password: str, code: str) -> None:
    response = register(base_url, password=password)
    assert response.status_code == 422, response.text
    assert response.json() | {"message": ""} == {"code": code, "field": "password", "message": ""}


def test_long_passphrases_are_allowed(base_url: str) -> None:
    citizen = register_and_login(base_url, password="긴 비밀번호도 됩니다 " * 4 + "x" * 40)
    assert _me(base_url, citizen.token).status_code == 200


@pytest.mark.parametrize(("field", "value"), [("name", "=cmd|'/c calc'!A1"), ("name", "@SUM(1)"),
                                              ("email", "not-an-email"), ("birth_date", "2999-01-01"),
                                              ("birth_date", "yesterday"), ("phone", "call me")])
def test_invalid_fields_are_named(base_url: str, field: str, value: str) -> None:
    response = register(base_url, **{field: value})
    assert response.status_code == 422
    assert response.json()["field"] == field


def test_email_can_register_once(base_url: str, citizen: Citizen) -> None:
    response = register(base_url, email=citizen.email.upper())
    assert response.status_code == 409
    assert response.json()["code"] == "email_taken"


def test_pii_is_encrypted_at_rest(server: EmbeddedServer) -> None:
    assert server.url is not None and server.app is not None
    citizen = register_and_login(server.url, name="비밀이름", address="비밀주소 123", phone="010-9999-8888")
    with server.app.state.db.engine.connect() as connection:
        row = connection.execute(text("SELECT * FROM accounts WHERE id = :id"), {"id": citizen.id}).mappings().one()
    stored = " ".join(str(value) for value in row.values())
    for secret in ("비밀이름", "비밀주소", "9999", citizen.email, "1990-05-17", PASSWORD):
        assert secret not in stored
    assert row["password_hash"].startswith("$argon2id$")


def test_demo_key_file_is_private(server: EmbeddedServer) -> None:
    key_file = server.data_dir / KEY_FILENAME
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_login_me_logout(base_url: str, citizen: Citizen) -> None:
    me = _me(base_url, citizen.token)
    assert me.status_code == 200 and me.json()["email"] == citizen.email
    second = login(base_url, citizen.email).json()
    assert len(second["token"]) >= 43 and second["token"] != citizen.token  # 256 bits, base64url
    out = requests.delete(f"{base_url}/v1/sessions/current", headers=citizen.headers, timeout=TIMEOUT_S)
    assert out.status_code == 204
    assert _me(base_url, citizen.token).json()["code"] == "invalid_token"
    assert _me(base_url, second["token"]).status_code == 200


@pytest.mark.parametrize("email", ["nobody-here@example.com", None])
def test_wrong_credentials_are_one_answer(base_url: str, citizen: Citizen, email: str | None) -> None:
    response = login(base_url, email or citizen.email, "wrong password here")
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"


@pytest.mark.parametrize("header", [None, "Bearer nonsense", "Basic abc", "Bearer " + "x" * 600])
def test_me_needs_a_valid_token(base_url: str, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    response = requests.get(f"{base_url}/v1/me", headers=headers, timeout=TIMEOUT_S)
    assert response.status_code == 401
    assert response.json()["code"] in {"login_required", "invalid_token"}


def test_tokens_never_reach_the_log(base_url: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("DEBUG"):
        citizen = register_and_login(base_url, name="로그에없음")
        _me(base_url, citizen.token)
    assert citizen.token not in caplog.text and "로그에없음" not in caplog.text and citizen.email not in caplog.text


def test_deletion_erases_pii_and_the_document(server: EmbeddedServer) -> None:
    assert server.url is not None and server.app is not None
    citizen = register_and_login(server.url)
    with server.app.state.db.engine.connect() as connection:
        document = connection.execute(text("SELECT id_document FROM accounts WHERE id = :id"),
                                      {"id": citizen.id}).scalar_one()
    assert (server.data_dir / "uploads" / document).exists()
    response = requests.delete(f"{server.url}/v1/me", headers=citizen.headers, timeout=TIMEOUT_S)
    assert response.status_code == 204
    assert not (server.data_dir / "uploads" / document).exists()
    with server.app.state.db.engine.connect() as connection:
        row = connection.execute(text("SELECT * FROM accounts WHERE id = :id"), {"id": citizen.id}).mappings().one()
    assert all(row[c] is None for c in ("email_enc", "name_enc", "birth_date_enc", "phone_enc", "address_enc",
                                        "email_index", "password_hash", "id_document"))
    assert _me(server.url, citizen.token).status_code == 401
    assert login(server.url, citizen.email).status_code == 401
    assert register(server.url, email=citizen.email).status_code == 201


@pytest.fixture
def clocked(tmp_path: Path, start_server: Callable[..., EmbeddedServer]) -> tuple[EmbeddedServer, ManualClock]:
    """A private server whose time only moves when the test says so."""
    clock = ManualClock()
    overrides: dict[str, Any] = {"session_idle_s": 600, "session_absolute_s": 3600,
                                 "login_fail_account_limit": 3, "login_fail_address_limit": 5,
                                 "login_fail_window_s": 900}
    return start_server(tmp_path, seed_demo=False, clock=clock, settings_overrides=overrides), clock


def test_sessions_expire_when_idle(clocked: tuple[EmbeddedServer, ManualClock]) -> None:
    srv, clock = clocked
    assert srv.url is not None
    citizen = register_and_login(srv.url)
    clock.advance(599)
    assert _me(srv.url, citizen.token).status_code == 200  # use refreshes the idle timer
    clock.advance(599)
    assert _me(srv.url, citizen.token).status_code == 200
    clock.advance(601)
    assert _me(srv.url, citizen.token).json()["code"] == "invalid_token"


def test_sessions_expire_absolutely(clocked: tuple[EmbeddedServer, ManualClock]) -> None:
    srv, clock = clocked
    assert srv.url is not None
    citizen = register_and_login(srv.url)
    for _ in range(6):
        clock.advance(590)
        assert _me(srv.url, citizen.token).status_code == 200
    clock.advance(100)
    assert _me(srv.url, citizen.token).status_code == 401


def test_failed_logins_are_limited_per_account(clocked: tuple[EmbeddedServer, ManualClock]) -> None:
    srv, clock = clocked
    assert srv.url is not None
    citizen = register_and_login(srv.url)
    assert [login(srv.url, citizen.email, "bad password!").status_code for _ in range(3)] == [401] * 3
    limited = login(srv.url, citizen.email)  # even the right password waits
    assert limited.status_code == 429 and limited.json()["code"] == "rate_limited"
    assert int(limited.headers["Retry-After"]) > 0
    clock.advance(901)
    assert login(srv.url, citizen.email).status_code == 201


def test_failed_logins_are_limited_per_address(clocked: tuple[EmbeddedServer, ManualClock]) -> None:
    srv, _clock = clocked
    assert srv.url is not None
    codes = [login(srv.url, f"guess{n}@example.com", "bad password!").status_code for n in range(6)]
    assert codes == [401] * 5 + [429]


def test_production_config_without_a_pii_key_does_not_start(tmp_path: Path) -> None:
    srv = EmbeddedServer(tmp_path, seed_demo=False, settings_overrides={"demo_mode": False})
    with pytest.raises(RuntimeError, match="pii_key is required"):
        srv.start(timeout=TIMEOUT_S)


def test_production_config_leaves_accounts_pending(tmp_path: Path, start_server: Callable[..., EmbeddedServer]) -> None:
    key = "A" * 43
    srv = start_server(tmp_path, seed_demo=False, settings_overrides={"demo_mode": False, "pii_key": key})
    assert srv.url is not None
    profile = register(srv.url).json()
    assert profile["verification"] == "pending"
    assert not (tmp_path / KEY_FILENAME).exists()
