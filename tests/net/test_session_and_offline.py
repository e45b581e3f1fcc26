"""Offline reads show the last answer marked stale; forgetting a citizen leaves nothing of theirs."""
import pytest

from client.paths import UserDirs
from client.services import NetServices
from client.settings import load_settings
from net.errors import ApiError
from server.embedded import EmbeddedServer

DEMO = ("demo1@example.seoul", "seoul-demo-2025")


@pytest.fixture
def server(tmp_path):
    with EmbeddedServer(tmp_path / "server") as srv:
        yield srv


@pytest.fixture
def net(tmp_path, server):
    settings = load_settings(environ={}, overrides={"backend.url": server.url, "backend.retries": 0,
                                                    "backend.connect_timeout_s": 0.5})
    services = NetServices(settings, UserDirs.resolve({"METAVERSE_SEOUL_HOME": str(tmp_path / "home")}))
    yield services
    services.close()


def test_offline_read_shows_the_last_answer_marked_stale(net, server):
    fresh = net.reads.fetch("petitions", net.api.list_petitions)
    assert not fresh.stale and fresh.value.total >= 1
    server.stop()
    offline = net.reads.fetch("petitions", net.api.list_petitions)
    assert offline.stale and offline.value == fresh.value and offline.fetched_at == fresh.fetched_at
    with pytest.raises(ApiError) as err:  # nothing cached for this read: a clear error instead
        net.reads.fetch("bills", net.api.list_bills)
    assert err.value.code == "unreachable"


def test_forgetting_the_citizen_drops_token_cache_and_finished_writes(net, server, tmp_path):
    net.api.login(*DEMO)
    assert net.api.signed_in
    net.reads.fetch("bills", net.api.list_bills)
    item = net.queue_write("proposal", "POST", "/v1/petitions",
                           {"title": "Private worry 7731", "body": "My flat number is 1203", "category": "other"})
    assert net.sender.send_one(net.outbox.head()) == "delivered"
    assert net.forget_citizen() == 1
    assert not net.api.signed_in and net.api.token is None
    server.stop()
    with pytest.raises(ApiError):  # the cached bills went with the citizen
        net.reads.fetch("bills", net.api.list_bills)
    with pytest.raises(KeyError):
        net.outbox.get(item.id)
    net.outbox.close()
    leftovers = b"".join(p.read_bytes() for p in (tmp_path / "home" / "data").glob("outbox*"))
    assert b"1203" not in leftovers and b"Private worry" not in leftovers
