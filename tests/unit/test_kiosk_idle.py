"""The kiosk's idle timer and staff call, with a hand-driven clock (no Panda3D, no waiting)."""
import pytest

from client.kiosk_session import ACTIVE, EXPIRED, IDLE, WARNING, IdleTimer, StaffCall
from client.settings import SettingsError, load_settings


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_idle_then_warning_then_expired_once():
    clock = Clock()
    timer = IdleTimer(clock, idle_timeout_s=120, warning_s=30)
    assert timer.update() == IDLE  # the attract loop: nothing counts down
    clock.now += 1000
    assert timer.update() == IDLE
    timer.start()
    clock.now += 119
    assert timer.update() == ACTIVE
    clock.now += 1
    assert timer.update() == WARNING and timer.seconds_left() == 30
    clock.now += 10.5
    assert timer.update() == WARNING and timer.seconds_left() == 20  # rounded up, never 0 early
    clock.now += 19.5
    assert timer.update() == EXPIRED
    assert timer.update() == IDLE  # one wipe per session


def test_any_input_extends_the_warning_and_restarts_the_timer():
    clock = Clock()
    timer = IdleTimer(clock, 120, 30)
    timer.start()
    clock.now += 140
    assert timer.update() == WARNING
    timer.touch()
    assert timer.update() == ACTIVE
    clock.now += 119
    assert timer.update() == ACTIVE  # a full idle time again, counted from the touch
    clock.now += 1
    assert timer.update() == WARNING


def test_input_in_the_attract_loop_starts_nothing():
    clock = Clock()
    timer = IdleTimer(clock, 120, 30)
    timer.touch()
    clock.now += 500
    assert timer.update() == IDLE


def test_less_than_twenty_seconds_to_answer_is_refused():
    with pytest.raises(ValueError, match="warning_s"):
        IdleTimer(Clock(), 120, 19)
    with pytest.raises(SettingsError, match=r"'kiosk.warning_s': must be between 20"):
        load_settings(environ={}, overrides={"kiosk.warning_s": 10})
    assert load_settings(profile="kiosk", environ={}).kiosk.warning_s == 30


def test_staff_call_says_when_one_is_already_pending():
    staff = StaffCall(Clock())
    assert staff.press() and staff.pending
    assert not staff.press()
    staff.clear()
    assert not staff.pending and staff.press()
