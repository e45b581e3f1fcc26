"""The service screens against a real server: keys (Esc back, Enter primary), sign-in only when
needed, agree through the outbox shown as waiting until delivered, and reads that fall back to the
last answer offline, marked with its time."""
import time

import pytest

from net.outbox import PENDING
from net.transport import Transport
from server.embedded import EmbeddedServer


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with EmbeddedServer(tmp_path_factory.mktemp("srv")) as running:
        yield running


@pytest.fixture
def online(app, server):
    """The app's calls and outbox go to the test server; afterwards nothing of the citizen is left."""
    api, sender = app.net.api, app.net.sender
    old = api.transport
    api.transport = Transport(server.url, connect_timeout=1.0, read_timeout=10.0, retries=0)
    sender.transport = Transport(server.url, connect_timeout=1.0, read_timeout=10.0, retries=0)
    sender.min_backoff = sender.max_backoff = 30.0
    yield api
    sender.stop()
    api.forget_session()
    app.net.reads.clear()
    app.net.outbox.discard_pending()
    app.net.outbox.purge_personal()
    api.transport = old


def open_service(app, service):
    app.states.push("service", service=service, desk_id="test")
    app.task_mgr.step()
    state = app.states.current
    assert state.name == "service" and state.service == service
    return state


def run_until(app, condition, seconds=15):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        app.task_mgr.step()
        time.sleep(0.005)
    return condition()


def status(state):
    info = state.ui.widgets.get("svc.status")
    return info.widget["text"] if info else ""


def shown(state, text):
    return any(text in (w.widget.get() if w.role == "entry" else w.widget["text"] or "")
               for w in state.ui.widgets.values() if w.role != "panel")


def test_esc_goes_back_a_view_and_then_out(world, app, online):
    state = open_service(app, "documents")
    state.ui.find("svc.docs.types.row.0").widget["command"]()  # needs a sign-in first
    assert state.screen.view_name == "login"
    app.messenger.send("escape")
    app.task_mgr.step()
    assert state.screen.view_name == "types" and app.states.current is state
    app.messenger.send("escape")
    app.task_mgr.step()
    assert app.states.current is world


def test_login_errors_are_in_words_and_enter_signs_in(world, app, online):
    state = open_service(app, "tax_bills")
    assert state.screen.view_name == "login"  # bills are personal: asked at once
    state.ui.find("E-mail", role="entry").widget.enterText("demo1@example.seoul")
    state.ui.find("Password", role="entry").widget.enterText("wrong-password-1")
    app.messenger.send("enter")
    assert run_until(app, lambda: "not right" in status(state)), (status(state), state.screen.view_name)
    state.ui.find("Password", role="entry").widget.enterText("seoul-demo-2025")
    app.messenger.send("enter")
    assert run_until(app, lambda: state.screen.view_name == "bills" and shown(state, "won ·"))
    assert shown(state, "Log out") and online.signed_in
    state.ui.find("Log out", role="button").widget["command"]()
    assert run_until(app, lambda: not online.signed_in and shown(state, "signed out"))


def test_agree_waits_in_the_outbox_until_sent_then_counts(world, app, online):
    state = open_service(app, "proposal_list")
    assert run_until(app, lambda: state.ui.find("svc.petitions.row.0") is not None)
    state.ui.find("svc.petitions.row.0").widget["command"]()
    assert run_until(app, lambda: state.ui.find("Agree", role="button") is not None)
    state.ui.find("Agree", role="button").widget["command"]()
    state.ui.find("E-mail", role="entry").widget.enterText("demo2@example.seoul")
    state.ui.find("Password", role="entry").widget.enterText("seoul-demo-2025")
    state.ui.find("Sign in", role="button").widget["command"]()
    assert run_until(app, lambda: app.net.outbox.pending_count() == 1)
    (item,) = app.net.outbox.items(PENDING)
    assert item.kind == "agree" and item.needs_session and item.idempotency_key
    assert "Waiting to send" in status(state)
    assert state.ui.find("Agree", role="button") is None  # no second agree while one waits
    app.net.sender.start()
    assert run_until(app, lambda: "has been counted" in status(state))


def test_offline_the_last_answer_is_shown_with_its_time(world, app, online):
    state = open_service(app, "youth_counselling")
    assert run_until(app, lambda: state.ui.find("svc.youth.slots.row.0") is not None)
    app.messenger.send("escape")
    app.task_mgr.step()
    online.transport = Transport("http://127.0.0.1:9", connect_timeout=0.5, read_timeout=0.5, retries=0)
    state = open_service(app, "youth_counselling")
    assert run_until(app, lambda: "(offline — last updated" in status(state))
    assert state.ui.find("svc.youth.slots.row.0") is not None
