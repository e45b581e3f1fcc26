"""Pure checks of the reply dataclasses, error_text and the catalogs' coverage of server codes (no server)."""
from __future__ import annotations

import ast
import dataclasses
import pickle
from pathlib import Path

import pytest

from client.i18n import Catalog
from net.api import ApiClient, ApiError, Petition, PetitionPage, error_text
from net.api_core import SessionToken
from net.models import Bill
from net.transport import Response, Transport
from tests.net import test_transport as scripted

ROOT = Path(__file__).resolve().parents[2]
PETITION = {"id": 1, "number": "P-000001", "title": "t", "body": "b", "category": "other", "status": "open",
            "agree_count": 0, "created_at": "2026-11-21T00:00:00Z"}
# Codes the client makes itself (net/api_core.py, net/models.py), beside those the server sends.
CLIENT_CODES = {"unreachable", "bad_response", "unknown", "unavailable"}


class FakeCatalog:
    """Just enough of client.i18n.Catalog for error_text."""

    def __init__(self, texts: dict[str, str]):
        self.texts = texts

    def t(self, key: str, **values: object) -> str:
        return self.texts[key]

    def has(self, key: str) -> bool:
        return key in self.texts


class ScriptedTransport:
    """Answers every request with one canned Response."""

    def __init__(self, reply: Response):
        self.reply = reply

    def request(self, method, path, **kwargs):
        return self.reply


def test_from_json_ignores_extra_fields_and_fills_defaults() -> None:
    petition = Petition.from_json({**PETITION, "new_server_field": [1, 2]})
    assert petition.number == "P-000001" and petition.demo is False and petition.history == ()
    assert dataclasses.is_dataclass(petition)
    with pytest.raises(dataclasses.FrozenInstanceError):
        petition.title = "changed"  # type: ignore[misc]


def test_from_json_decodes_nested_tuples_and_optionals() -> None:
    detail = Petition.from_json({**PETITION, "history": [{"status": "open", "note": "Filed", "created_at": "x"}],
                                 "answers": [{"id": 3, "department": "Tax", "body": "Yes", "created_at": "y"}]})
    assert detail.history[0].note == "Filed" and detail.answers[0].department == "Tax"
    page = PetitionPage.from_json({"items": [PETITION], "total": 7})
    assert page.total == 7 and page.items == (Petition.from_json(PETITION),)
    bill = {"id": 1, "kind": "property", "description": "d", "tax_year": 2026, "amount_krw": 10,
            "due_date": "2026-07-31", "status": "unpaid", "demo": True}
    assert Bill.from_json({**bill, "receipt_id": None}).receipt_id is None
    assert Bill.from_json({**bill, "receipt_id": 4}).receipt_id == 4


@pytest.mark.parametrize("data, words", [
    ({k: v for k, v in PETITION.items() if k != "number"}, "Petition has no 'number'"),
    ({**PETITION, "agree_count": "many"}, "Petition.agree_count should be int, not str"),
    ({**PETITION, "agree_count": True}, "Petition.agree_count should be int, not bool"),
    ({**PETITION, "history": [{"status": "open"}]}, "Petition.history[0] has no 'note'"),
    ([PETITION], "Petition is not a JSON object"),
])
def test_from_json_names_what_is_missing_or_wrong(data, words) -> None:
    with pytest.raises(ApiError) as err:
        Petition.from_json(data)
    assert err.value.code == "bad_response" and words in err.value.message


def test_a_reply_that_does_not_fit_is_bad_response_through_the_client() -> None:
    api = ApiClient(ScriptedTransport(Response(200, {"items": [{"id": 1}], "total": 1}, {})))
    with pytest.raises(ApiError) as err:
        api.list_threads()
    assert err.value.code == "bad_response" and "Thread list.items[0] has no 'category'" in err.value.message
    assert ApiClient(ScriptedTransport(Response(200, {"items": [], "total": 0}, {}))).list_threads() == ()
    with pytest.raises(ApiError, match="no token"):
        ApiClient(ScriptedTransport(Response(201, {"expires_at": "x", "idle_timeout_s": 1}, {}))).login("a@b.c", "p")


@pytest.mark.parametrize("status, code", [(502, "unavailable"), (504, "unavailable"), (418, "unknown")])
def test_errors_without_our_shape_get_a_client_code(status: int, code: str) -> None:
    api = ApiClient(ScriptedTransport(Response(status, None, {}, b"<html>Bad gateway</html>")))
    with pytest.raises(ApiError) as err:
        api.get_thread(1)
    assert (err.value.code, err.value.status) == (code, status)


def test_error_text_prefers_the_catalog_then_the_server_message_then_unknown() -> None:
    catalog = FakeCatalog({"error.not_found": "Gone.", "error.unknown": "Oops."})
    assert error_text(catalog, ApiError("not_found", "Petition 9 does not exist", 404)) == "Gone."
    assert error_text(catalog, ApiError("brand_new_code", "Server words", 409)) == "Server words"
    assert error_text(catalog, ApiError("brand_new_code", "", 409)) == "Oops."
    assert error_text(catalog, RuntimeError("not an api error")) == "Oops."


def _server_error_codes() -> set[str]:
    """Every literal code the server raises (APIError, error_response) or maps a status to."""
    codes: set[str] = set()
    for path in (ROOT / "server").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                    "APIError", "error_response", "error_payload"):
                literal = [a.value for a in node.args[:3] if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                codes.update(literal[:1])
            elif isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Dict):
                target = node.target if isinstance(node, ast.AnnAssign) else node.targets[0]
                if getattr(target, "id", "") == "STATUS_CODES":  # core/errors.py: framework errors by status
                    codes.update(v.value for v in node.value.values if isinstance(v, ast.Constant))
    return codes


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_error_code_has_plain_text_in_both_languages(lang: str) -> None:
    codes = _server_error_codes()
    assert {"not_found", "rate_limited", "idempotency_conflict", "too_many_requests"} <= codes  # the scan works
    catalog = Catalog(lang)
    missing = sorted(code for code in codes | CLIENT_CODES if not catalog.has(f"error.{code}"))
    assert not missing, f"assets/i18n/{lang}/errors.yaml lacks error.{missing[0]}"
    assert "몇 분" in Catalog("ko").t("error.rate_limited") and "few minutes" in Catalog("en").t("error.rate_limited")


def test_the_token_holder_never_shows_or_pickles_its_value() -> None:
    token = SessionToken("s3cret-token-value")
    assert "s3cret" not in repr(token) and "s3cret" not in str(token) and "s3cret" not in f"{token}"
    with pytest.raises(TypeError):
        pickle.dumps(token)
    assert token.reveal() == "s3cret-token-value"


# The misbehaving loopback server of test_transport.py, for the multipart retry rules.
server = scripted.server
ACCOUNT = {"id": 1, "name": "n", "birth_date": "1990-05-17", "email": "a@b.c", "phone": None, "address": None,
           "role": "citizen", "verification": "verified", "verification_note": "demo", "demo": True,
           "created_at": "2026-11-21T00:00:00Z"}


def test_registration_is_multipart_and_sent_once(server) -> None:
    url, use = server
    script = use((503, {}, {"code": "unavailable", "message": "busy"}), (201, {}, ACCOUNT))
    api = ApiClient(Transport(url, backoff_factor=0.01))
    with pytest.raises(ApiError) as err:
        api.register("n", "1990-05-17", "a@b.c", "pw", b"%PDF-1.4 demo", "id.pdf")
    assert err.value.code == "unavailable" and len(script.seen) == 1  # a POST without a key is never repeated
    body = script.seen[0][3]
    assert 'name="identity_document"; filename="id.pdf"' in body and "%PDF-1.4 demo" in body
    assert 'name="birth_date"' in body and "Content-Type: application/pdf" in body


def test_multipart_with_a_key_is_retried_whole(server) -> None:
    url, use = server
    script = use((503, {"Retry-After": "0"}, {"code": "unavailable", "message": "busy"}), (201, {}, ACCOUNT))
    transport = Transport(url, backoff_factor=0.01)
    reply = transport.request("POST", "/v1/things", data={"a": "1"}, files={"f": ("x.txt", b"hello", "text/plain")},
                              idempotency_key="k-1")
    assert reply.status == 201 and [s[2] for s in script.seen] == ["k-1", "k-1"]
    assert script.seen[0][3] == script.seen[1][3] and "hello" in script.seen[1][3]
