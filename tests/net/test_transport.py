"""The transport against a real HTTP server on loopback that misbehaves on purpose."""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from net.api import ApiClient, ApiError
from net.transport import Transport


class Script:
    """Replies to hand out in order (the last one repeats), and a log of what arrived."""

    def __init__(self, *replies):
        self.replies = list(replies)
        self.seen = []
        self.lock = threading.Lock()

    def next(self, method, path, headers, body):
        with self.lock:
            self.seen.append((method, path, headers.get("Idempotency-Key"), body))
            return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]


@pytest.fixture
def server():
    holder = {}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _reply(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            status, headers, payload = holder["script"].next(self.command, self.path, self.headers, body)
            if status == "drop":
                self.connection.close()  # the connection dies with no answer
                return
            data = json.dumps(payload).encode()
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _reply

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()

    def use(*replies):
        holder["script"] = Script(*replies)
        return holder["script"]

    yield f"http://127.0.0.1:{httpd.server_address[1]}", use
    httpd.shutdown()
    httpd.server_close()


PETITION = {"id": 1, "number": "P-000001", "title": "t", "body": "b", "category": "other", "status": "open",
            "agree_count": 0, "created_at": "2026-11-21T00:00:00Z"}


def test_post_with_key_is_retried_after_503_and_keeps_its_key(server):
    url, use = server
    script = use((503, {"Retry-After": "0"}, {"code": "unavailable", "message": "busy"}), (201, {}, PETITION))
    api = ApiClient(Transport(url, backoff_factor=0.01))
    petition = api.create_petition("t", "b", "other", "key-123")
    assert petition.number == "P-000001"
    assert [s[2] for s in script.seen] == ["key-123", "key-123"]


def test_post_without_key_is_sent_once(server):
    url, use = server
    script = use((503, {}, {"code": "unavailable", "message": "busy"}))
    transport = Transport(url, backoff_factor=0.01)
    reply = transport.request("POST", "/v1/things", json={"a": 1})
    assert reply.status == 503 and len(script.seen) == 1


def test_dropped_connection_on_get_is_retried(server):
    url, use = server
    script = use(("drop", {}, None), (200, {}, {"status": "ok"}))
    assert ApiClient(Transport(url, backoff_factor=0.01)).health()
    assert len(script.seen) == 2


def test_long_retry_after_is_returned_at_once_as_a_clear_error(server):
    url, use = server
    use((429, {"Retry-After": "300"}, {"code": "rate_limited", "message": "Please wait 5 minutes."}))
    api = ApiClient(Transport(url, backoff_factor=0.01))
    start = time.monotonic()
    with pytest.raises(ApiError) as err:
        api.create_petition("t", "b", "other", "key-9")
    assert time.monotonic() - start < 30  # nowhere near the 300 s the server asked for
    assert err.value.code == "rate_limited" and err.value.status == 429


def test_server_error_codes_reach_the_caller(server):
    url, use = server
    use((422, {}, {"code": "invalid_field", "message": "title: too long", "field": "title"}))
    with pytest.raises(ApiError) as err:
        ApiClient(Transport(url)).create_petition("t", "b", "other", "k")
    assert (err.value.code, err.value.field) == ("invalid_field", "title")


def test_nobody_listening_is_unreachable():
    api = ApiClient(Transport("http://127.0.0.1:9", connect_timeout=0.5, retries=1, backoff_factor=0.01))
    with pytest.raises(ApiError) as err:
        api.health()
    assert err.value.code == "unreachable" and "127.0.0.1:9" in err.value.message
