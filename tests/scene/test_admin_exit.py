"""The technician's exit on a kiosk: a PIN pad that refuses wrong PINs, locks after three, exits with 0 on
the right one, and is disabled with no PIN configured. Also: a window close request never ends a kiosk.

The shared app must not really exit, so its exit handler is swapped for a recorder: the pad asks the
app to exit (``app.request_exit``) and the test sees the code the process would have ended with.
"""
import time

import pytest
from argon2 import PasswordHasher

from client.app import CLOSE_REQUEST_EVENT
from client.settings import with_value
from client.states.admin_exit import PinGuard
from tests.scene.steps import check_layout, choose

PIN = "482913"
# Cheap parameters keep the test quick; the app reads the cost from the hash itself.
HASH = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PIN)


@pytest.fixture
def kiosk(app):
    """The shared app as a kiosk with a PIN, a fake clock for the lock-out and exits recorded, not done."""
    ctx, gesture = app.ctx, app.admin_gesture
    ctx.settings = with_value(with_value(ctx.settings, "kiosk.enabled", True), "kiosk.admin_pin_hash", HASH)
    now = [1000.0]
    saved_guard, saved_handler = gesture.guard, app.exit_handler
    gesture.guard = PinGuard(clock=lambda: now[0])
    exits = []
    app.exit_handler = exits.append
    app.states.shutdown()
    app.states.switch("error", message="behind the pad")
    app.task_mgr.step()
    yield exits, now
    app.exit_handler, gesture.guard = saved_handler, saved_guard
    app.states.shutdown()
    app.task_mgr.step()


def open_pad(app):
    app.admin_gesture.open()
    app.task_mgr.step()
    pad = app.states.current
    assert pad.name == "admin_exit"
    return pad


def enter(app, pad, digits):
    for digit in digits:
        choose(app, pad, f"admin.key.{digit}")
    choose(app, pad, "admin.ok")
    # The check runs on a worker thread: frames are stepped until it answers, within a real-time deadline.
    deadline = time.monotonic() + 30
    while message(pad) == pad.ctx.i18n.t("admin.checking") and time.monotonic() < deadline:
        app.task_mgr.step()
    assert message(pad) != pad.ctx.i18n.t("admin.checking"), "the PIN check never answered"


def message(pad):
    return pad.ui.widgets["admin.message"].name


def test_a_wrong_pin_is_refused_with_a_wait_and_no_exit(app, kiosk):
    exits, now = kiosk
    pad = open_pad(app)
    enter(app, pad, "111111")
    app.task_mgr.step()
    assert exits == []
    assert app.states.current is pad
    assert message(pad) == "Wrong PIN. Try again in 2 s."
    choose(app, pad, "admin.key.4")  # no digits while the wait runs
    assert pad.pin == ""
    now[0] += 2.5
    app.task_mgr.step()
    assert message(pad) == ""


def test_three_wrong_pins_lock_the_pad_even_the_right_one(app, kiosk):
    exits, now = kiosk
    pad = open_pad(app)
    for _ in range(3):
        enter(app, pad, "000001")
        now[0] += 6  # past the short waits
    now[0] -= 6
    app.task_mgr.step()
    assert message(pad) == "Too many wrong PINs. Locked for 30 s."
    # Closing and opening the pad again does not reset the count.
    choose(app, pad, "admin.cancel")
    pad = open_pad(app)
    enter(app, pad, PIN)
    assert exits == [] and pad.guard.failures == 3
    now[0] += 31
    enter(app, pad, PIN)
    app.task_mgr.step()
    assert exits == [0]


def test_the_right_pin_exits_with_code_zero(app, kiosk):
    exits, _ = kiosk
    pad = open_pad(app)
    enter(app, pad, PIN)
    app.task_mgr.step()
    app.task_mgr.step()
    assert exits == [0]
    assert message(pad) == "PIN accepted. Closing the app…"


def test_with_no_pin_configured_the_exit_is_disabled_and_says_so(app, kiosk):
    exits, _ = kiosk
    app.ctx.settings = with_value(app.ctx.settings, "kiosk.admin_pin_hash", "")
    pad = open_pad(app)
    assert "no PIN is set" in message(pad)
    assert pad.ui.find("admin.ok") is None and pad.ui.find("admin.key.0") is None
    app.messenger.send("1")
    app.messenger.send("enter")
    app.task_mgr.step()
    assert exits == []
    choose(app, pad, "admin.cancel")
    assert app.states.current.name == "error"


def test_not_on_a_kiosk_the_gesture_does_nothing(app, kiosk):
    app.ctx.settings = with_value(app.ctx.settings, "kiosk.enabled", False)
    app.admin_gesture.open()
    app.task_mgr.step()
    assert app.states.current.name == "error"


def test_a_window_close_request_is_ignored_on_a_kiosk(app, kiosk, monkeypatch):
    exits, _ = kiosk
    ended = []
    monkeypatch.setattr(app, "userExit", lambda: ended.append(True))
    app.messenger.send(CLOSE_REQUEST_EVENT)  # what Panda3D throws for Alt-F4 once a close request event is set
    app.task_mgr.step()
    assert ended == [] and exits == []
    assert app.states.current.name == "error"
    # At home, closing the window still ends the app.
    app.ctx.settings = with_value(app.ctx.settings, "kiosk.enabled", False)
    app.messenger.send(CLOSE_REQUEST_EVENT)
    assert ended == [True]


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("scale", [1.5, 2.0])
def test_the_pad_fits_at_large_text(app, kiosk, lang, scale):
    ctx = app.ctx
    ctx.theme.restyle(scale, False)
    ctx.i18n.set_lang(lang)
    try:
        pad = open_pad(app)
        enter(app, pad, "123")
        app.task_mgr.step()
        check_layout(pad, app.aspect2d)
    finally:
        ctx.i18n.set_lang("en")
