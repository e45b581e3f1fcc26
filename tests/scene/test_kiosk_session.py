"""The kiosk session against a real server on loopback: the attract loop, the idle warning that any
touch extends, the wipe that leaves nothing of the citizen (server session, disk, logs, screen),
unsent writes discarded with the citizen told first, and Call staff on every screen.

The shared app is not a kiosk: each test turns kiosk mode on and makes the kiosk glue itself, with
an injected clock, so going idle for two minutes takes a few frames and no waiting.
"""
import logging

import pytest

from client.automation import visible_texts
from client.kiosk_glue import KioskGlue
from client.kiosk_session import INPUT_EVENT
from client.settings import with_value
from net.outbox import PENDING
from net.transport import Transport
from tests.scene.conftest import step_until
from tests.scene.steps import boxes_of, check_layout, settle
from tests.scene.test_service_screens import online, open_service, server  # noqa: F401  (fixtures)

PERSONAL = ("홍길동", "010-1234-5678", "내 주소 비밀")
DEMO = ("demo1@example.seoul", "seoul-demo-2025")


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


@pytest.fixture
def kiosk(app):
    """Kiosk mode on, the glue made with a hand-driven clock; afterwards all of it is gone again."""
    app.ctx.settings = with_value(app.ctx.settings, "kiosk.enabled", True)
    clock = Clock()
    glue = KioskGlue(app.ctx, app.states, app.guide, clock=clock)
    glue.clock = clock
    yield glue
    glue.destroy()
    app.states.shutdown()
    app.task_mgr.step()


def frames(app, n=2):
    for _ in range(n):
        app.task_mgr.step()


def touch(app):
    """A tap anywhere, as the window's button thrower reports it."""
    app.messenger.send(INPUT_EVENT, ["mouse1"])
    frames(app)


def on_screen(app, glue):
    """Every text shown: the states' widgets and the kiosk's own."""
    texts = visible_texts(app)
    for info in glue.overlay.ui.widgets.values():
        if info.role != "panel" and info.is_visible():
            texts.append(info.widget["text"] or "")
    return texts


def shown(app, glue, text):
    return any(text in t for t in on_screen(app, glue))


def go_idle(app, glue, seconds):
    glue.clock.now += seconds
    frames(app)


def wait_for(app, condition, frames_=2000):
    """Frames until condition holds; the worker's replies wake the loop (no sleeping)."""
    return settle(app, condition, frames=frames_)


def start_from_attract(app, glue):
    app.states.switch("attract")
    assert step_until(app, lambda: app.states.current is not None and app.states.current.name == "attract")
    frames(app)
    assert shown(app, glue, "Touch to start") and shown(app, glue, "화면을 눌러 시작하세요")
    assert shown(app, glue, "Easy menu") and shown(app, glue, "Walk the city")
    touch(app)
    assert app.states.current.name == "world"
    assert glue.timer.phase == "active"


def sign_in(app, state, api):
    state.ui.find("svc.login").widget["command"]()
    frames(app)
    state.ui.find("E-mail", role="entry").widget.enterText(DEMO[0])
    state.ui.find("Password", role="entry").widget.enterText(DEMO[1])
    state.ui.find("Sign in", role="button").widget["command"]()
    assert wait_for(app, lambda: api.signed_in and state.ui.find("proposal.title") is None
                    and state.ui.find("svc.proposal.title", role="entry") is not None)


def fill_proposal(state):
    state.screen.title.enterText(f"{PERSONAL[0]} {PERSONAL[1]}")
    state.screen.body.enterText(f"{PERSONAL[2]}: 세종대로 110, {PERSONAL[0]}")


def files_mentioning(home, words):
    found = []
    for path in home.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [(str(path), w) for w in words if w.encode("utf-8") in data]
    return found


def test_idle_warning_touch_extends_then_the_wipe_leaves_nothing(app, kiosk, online, server, session_home,
                                                                caplog):
    caplog.set_level(logging.DEBUG)
    start_from_attract(app, kiosk)
    state = open_service(app, "proposal_form")
    sign_in(app, state, online)
    old_token = online.token
    fill_proposal(state)
    go_idle(app, kiosk, 121)
    assert kiosk.overlay.warning_shown
    assert shown(app, kiosk, "Are you still there?") and shown(app, kiosk, "아직 이용 중이신가요?")
    assert shown(app, kiosk, "erased in 29 s") and shown(app, kiosk, "29초 후에")
    go_idle(app, kiosk, 10)
    assert shown(app, kiosk, "erased in 19 s")
    touch(app)
    assert not kiosk.overlay.warning_shown and app.states.current is state
    assert PERSONAL[1] in state.screen.title.get() and PERSONAL[2] in state.screen.body.get()
    go_idle(app, kiosk, 119)
    assert not kiosk.overlay.warning_shown  # the touch gave a whole idle time again
    go_idle(app, kiosk, 1)
    assert kiosk.overlay.warning_shown
    go_idle(app, kiosk, 30)
    assert app.states.current.name == "attract" and len(app.states.stack) == 1
    assert shown(app, kiosk, "Your information has been erased") and shown(app, kiosk, "입력하신 정보를 모두 지웠습니다")
    assert not online.signed_in and not state.ui.widgets  # the form and its text are destroyed
    me = Transport(server.url, connect_timeout=1.0, read_timeout=10.0, retries=0)
    assert wait_for(app, lambda: me.request("GET", "/v1/me", token=old_token).status == 401)
    screen_text = " ".join(on_screen(app, kiosk))
    assert not [w for w in PERSONAL if w in screen_text]
    assert not files_mentioning(session_home, PERSONAL)
    assert not [w for w in PERSONAL if w in caplog.text]
    frames(app, 60 * 9)  # the message goes after a few seconds of the app's (fixed) frame clock
    assert not shown(app, kiosk, "Your information has been erased")  # a short message, then the loop


def test_unsent_writes_are_discarded_and_the_citizen_told_first(app, kiosk, online, session_home):
    start_from_attract(app, kiosk)
    state = open_service(app, "proposal_form")
    sign_in(app, state, online)
    offline = Transport("http://127.0.0.1:9", connect_timeout=0.5, read_timeout=0.5, retries=0)
    app.net.sender.transport = offline
    fill_proposal(state)
    state.ui.find("svc.proposal.submit", role="button").widget["command"]()
    frames(app)
    assert [i.kind for i in app.net.outbox.items(PENDING)] == ["proposal"]
    go_idle(app, kiosk, 121)
    assert shown(app, kiosk, "1 item(s) not yet sent will be discarded") and shown(app, kiosk, "보내지 못한 1건")
    go_idle(app, kiosk, 30)
    assert app.states.current.name == "attract"
    assert app.net.outbox.pending_count() == 0
    assert not files_mentioning(session_home, PERSONAL)


def test_call_staff_on_every_screen_logged_without_pii(app, kiosk, online, caplog):
    caplog.set_level(logging.INFO)
    start_from_attract(app, kiosk)
    bar = kiosk.overlay.ui
    assert bar.find("Call staff", role="button") and bar.find("Easy menu", role="button")
    bar.find("Call staff", role="button").widget["command"]()
    frames(app)
    assert shown(app, kiosk, "Staff have been called") and shown(app, kiosk, "직원을 불렀습니다")
    record = next(r for r in caplog.records if "staff" in r.getMessage())
    assert "from screen world" in record.getMessage()
    state = open_service(app, "proposal_form")
    fill_proposal(state)
    frames(app)
    assert bar.find("Easy menu", role="button") is None  # leaving would lose the form: only from the city
    bar.find("Call staff", role="button").widget["command"]()
    frames(app)
    assert shown(app, kiosk, "already been called")
    assert "from screen proposal_form" in caplog.records[-1].getMessage()
    app.states.pop()
    frames(app)
    bar.find("Easy menu", role="button").widget["command"]()
    frames(app)
    assert app.states.current.name == "easy" and bar.find("Call staff", role="button") is not None
    assert not [w for w in PERSONAL if w in caplog.text]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("scale", [1.5, 2.0])
def test_the_kiosk_bar_overlaps_nothing(app, kiosk, lang, scale):
    app.ctx.i18n.set_lang(lang)
    app.ctx.theme.restyle(scale, False)
    try:
        for setup in ("attract", "world", "service", "easy"):
            if setup == "service":
                app.states.push("service", service="proposal_form")
            else:
                app.states.switch(setup, site="seoul_plaza")
            assert step_until(app, lambda: app.states.current is not None and app.states.current.name == setup)
            frames(app)
            kiosk.call_staff()
            frames(app)
            state = app.states.current
            check_layout(state, app.aspect2d)
            assert_bar_clear(app, kiosk, state)
    finally:
        app.ctx.i18n.set_lang("en")


def assert_bar_clear(app, glue, state):
    """The bar's buttons and banner lie inside the window, apart, and clear of every widget and panel of the screen."""
    from panda3d.core import Point3

    class Overlay:
        ui = glue.overlay.ui

    bar = boxes_of(Overlay, app.aspect2d)
    check_layout(Overlay, app.aspect2d)
    others = boxes_of(state, app.aspect2d)
    for info in state.ui.widgets.values():
        if info.role == "panel" and info.is_visible():
            left, right, bottom, top = info.widget["frameSize"]
            lo = app.aspect2d.get_relative_point(info.widget, Point3(left, 0, bottom))
            hi = app.aspect2d.get_relative_point(info.widget, Point3(right, 0, top))
            others.append((info.id, (lo.x, hi.x, lo.z, hi.z)))
    for a, (ax0, ax1, az0, az1) in bar:
        for b, (bx0, bx1, bz0, bz1) in others:
            assert ax1 <= bx0 or bx1 <= ax0 or az1 <= bz0 or bz1 <= az0, f"{a} overlaps {state.name}'s {b}"
