"""The outbox: durable, oldest first, and every write reaches the server exactly once through faults."""
import threading
import uuid

import pytest
import requests

from net.outbox import DELIVERED, FAILED, PENDING, Outbox
from net.sender import OutboxSender
from net.transport import Transport
from server.embedded import EmbeddedServer
from tools.faulty_proxy import FaultyProxy

RELAXED = {"petition_create_limit": 10_000}


def proposal(outbox, title, body="Details."):
    return outbox.add("proposal", "POST", "/v1/petitions", {"title": title, "body": body, "category": "other"})


def test_items_survive_reopening_and_come_out_oldest_first(tmp_path):
    box = Outbox(tmp_path / "outbox.sqlite3")
    first, second = proposal(box, "first"), proposal(box, "second")
    box.close()
    box = Outbox(tmp_path / "outbox.sqlite3")  # as after a crash: nothing but the file
    assert box.head().id == first.id and box.pending_count() == 2
    box.mark_delivered(first.id, {"number": "P-1"})
    assert box.head().id == second.id
    assert box.get(first.id).state == DELIVERED and box.get(first.id).result == {"number": "P-1"}


def test_purge_forgets_finished_items_and_their_text(tmp_path):
    path = tmp_path / "outbox.sqlite3"
    box = Outbox(path)
    done = proposal(box, "Private matter about my neighbour", "My phone is 010-1234-5678")
    box.mark_delivered(done.id, {"title": "Private matter about my neighbour"})
    refused = proposal(box, "Refused text")
    box.mark_failed(refused.id, {"code": "inappropriate_content"})
    waiting = proposal(box, "Still to send")
    assert box.purge_personal() == 2
    assert [i.id for i in box.items()] == [waiting.id]
    box.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"010-1234-5678" not in raw and b"neighbour" not in raw


@pytest.fixture
def server(tmp_path):
    with EmbeddedServer(tmp_path / "server", settings_overrides=RELAXED) as srv:
        yield srv


@pytest.fixture
def proxy(server):
    p = FaultyProxy(lambda: server.url).start()
    yield p
    p.stop()


def titles_on_server(url, marker):
    page = requests.get(f"{url}/v1/petitions", params={"q": marker, "limit": 100}, timeout=10).json()
    return sorted(item["title"] for item in page["items"])


def drain(sender, box, attempts=40):
    """Send until nothing is pending (each send_one is one real HTTP exchange)."""
    for _ in range(attempts):
        head = box.head()
        if head is None:
            return
        sender.send_one(head)
    raise AssertionError(f"still pending: {box.items(PENDING)}")


def test_every_write_arrives_exactly_once_through_faults(tmp_path, server, proxy):
    box = Outbox(tmp_path / "client" / "outbox.sqlite3")
    sender = OutboxSender(box, Transport(proxy.url, retries=0, read_timeout=5), min_backoff=0, max_backoff=0)
    marker = uuid.uuid4().hex[:8]
    for n in range(6):
        proposal(box, f"{marker} idea {n}")
    # The write happens but the answer is lost; a dropped connection; a busy server; then fine.
    proxy.plan(["drop_after", "drop", "503", "pass", "drop_after", "503", "drop_after"])
    drain(sender, box)
    assert titles_on_server(server.url, marker) == [f"{marker} idea {n}" for n in range(6)]
    assert all(item.state == DELIVERED for item in box.items())


def test_server_stopped_and_restarted(tmp_path, server, proxy):
    box = Outbox(tmp_path / "client" / "outbox.sqlite3")
    sender = OutboxSender(box, Transport(proxy.url, retries=0, read_timeout=5), min_backoff=0, max_backoff=0)
    marker = uuid.uuid4().hex[:8]
    item = proposal(box, f"{marker} while the server was down")
    server.stop()
    assert sender.send_one(box.head()) == "waiting" and sender.online is False
    assert box.get(item.id).state == PENDING and box.get(item.id).attempts == 1
    server.start()
    assert sender.send_one(box.head()) == "delivered" and sender.online is True
    assert titles_on_server(server.url, marker) == [f"{marker} while the server was down"]


def test_a_refusal_is_final_and_reported(tmp_path, server):
    box = Outbox(tmp_path / "outbox.sqlite3")
    sender = OutboxSender(box, Transport(server.url, retries=0))
    item = proposal(box, "=cmd|' /C calc'!A0")  # a spreadsheet formula: refused, not retried
    assert sender.send_one(box.head()) == "failed"
    failed = box.get(item.id)
    assert failed.state == FAILED and failed.result["code"] == "invalid_field"
    event = sender.events.get_nowait()
    assert event.kind == "failed" and event.item.id == item.id


def test_background_sender_delivers_new_items_without_polling_delay(tmp_path, server):
    box = Outbox(tmp_path / "outbox.sqlite3")
    sender = OutboxSender(box, Transport(server.url, retries=0))
    sender.start()
    try:
        item = proposal(box, f"{uuid.uuid4().hex[:8]} woken")
        sender.wake()
        event = sender.events.get(timeout=10)
        assert event.kind == "delivered" and event.item.id == item.id
    finally:
        sender.stop()


def test_items_needing_a_session_wait_for_one(tmp_path, server):
    box = Outbox(tmp_path / "outbox.sqlite3")
    token = threading.Event()
    sender = OutboxSender(box, Transport(server.url, retries=0), token=lambda: "t" if token.is_set() else None)
    box.add("agree", "POST", "/v1/petitions/1/agrees", {}, needs_session=True)
    assert sender._delay_before(box.head()) > 0  # no token: it waits rather than failing as 401
