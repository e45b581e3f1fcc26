"""The avatar customisation screen over the plaza: opened with C, worked with the keyboard, shown on
the avatar as it changes, undone by Esc, saved on this device for a guest and to the account (real
server on loopback) for a citizen, and shown the same when the world is entered again."""
import time

import pytest

from client.world.appearance import Appearance, load_local, local_path
from net.transport import Transport
from server.embedded import EmbeddedServer

DEMO = ("demo2@example.seoul", "seoul-demo-2025")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with EmbeddedServer(tmp_path_factory.mktemp("avatar-srv")) as running:
        yield running


@pytest.fixture
def fresh_look(app):
    """No guest look saved before or after the test (the app's config folder lasts the whole session)."""
    path = local_path(app.ctx.dirs.config)
    path.unlink(missing_ok=True)
    yield path
    path.unlink(missing_ok=True)


@pytest.fixture
def signed_in(app, server):
    """The app's calls go to the test server, signed in as a demo citizen; signed out afterwards."""
    api = app.net.api
    old = api.transport
    api.transport = Transport(server.url, connect_timeout=1.0, read_timeout=10.0, retries=0)
    api.login(*DEMO)
    yield api
    api.forget_session()
    app.net.reads.clear()
    api.transport = old


def press(app, *keys):
    for key in keys:
        app.messenger.send(key)
        app.task_mgr.step()


def run_until(app, condition, seconds=15):
    """Step frames while the worker finishes (a reply lands on the main thread in a frame)."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        app.net.worker.wait_finished(0.05)
        app.task_mgr.step()
    return condition()


def open_screen(app):
    press(app, "c")
    screen = app.states.current
    assert screen.name == "service" and screen.service == "avatar"
    return screen.screen


def row(screen, field):
    return screen.ui.widgets[f"svc.avatar.{field}"].widget["text"]


def test_keys_change_the_avatar_live_and_esc_undoes_it(world, app, fresh_look):
    before, camera_yaw = world.avatar.appearance, world.camera.yaw
    screen = open_screen(app)
    assert world.camera.yaw == pytest.approx((world.avatar.root.get_h() + 180) % 360)  # facing the avatar
    assert row(screen, "age") == "Age: Adult"
    press(app, "tab", "tab")  # Log in, then the first row
    assert screen._buttons[screen.focus][0] == "svc.avatar.age"
    press(app, "arrow_right", "tab", "enter")  # age: senior; getting around: wheelchair
    assert (world.avatar.appearance.age, world.avatar.appearance.mobility) == ("senior", "wheelchair")
    assert row(screen, "mobility") == "Getting around: Wheelchair"
    assert screen._buttons[screen.focus][0] == "svc.avatar.mobility"  # the focus stays on the row
    press(app, "escape")
    assert app.states.current is world
    assert world.avatar.appearance == before
    assert world.camera.yaw == camera_yaw
    assert not fresh_look.exists()


def test_a_guest_saves_on_this_device_and_looks_the_same_next_time(world, app, fresh_look):
    screen = open_screen(app)
    press(app, "tab", "tab", "arrow_right", "tab", "arrow_right")  # senior, in a wheelchair
    for _ in range(5):  # height, build, skin, hair, hair colour
        press(app, "tab")
    press(app, "arrow_left")  # hair colour: back one from grey
    chosen = world.avatar.appearance
    assert (chosen.age, chosen.mobility, chosen.hair_color) == ("senior", "wheelchair", "#d9c09a")
    screen.focus = -1
    press(app, "enter")  # nothing focused: Enter is Save
    assert run_until(app, lambda: "Saved on this device" in screen.status_text), screen.status_text
    assert load_local(app.ctx.dirs.config) == chosen
    press(app, "escape")
    assert world.avatar.appearance == chosen
    # The next start: a new world dresses the avatar from the saved file.
    app.states.switch("world", site="seoul_plaza")
    app.task_mgr.step()
    assert app.states.current.avatar.appearance == chosen


def test_a_citizen_saves_to_the_account_and_the_world_fetches_it_after_sign_in(world, app, fresh_look, signed_in):
    screen = open_screen(app)
    assert run_until(app, lambda: screen.status_text == "")  # the account's look was asked for
    press(app, "tab", "tab", "enter", "enter")  # Log out, then age: after adult comes senior, then child
    assert world.avatar.appearance.age == "child"
    screen.focus = -1
    press(app, "enter")  # Save
    assert run_until(app, lambda: "Saved to your account" in screen.status_text), screen.status_text
    chosen = world.avatar.appearance
    saved = signed_in.get_avatar()
    assert saved is not None and Appearance.from_dict(saved.appearance_dict()) == chosen
    assert not fresh_look.exists(), "a citizen's look must not be left on a shared machine"
    press(app, "escape")
    # Next start: the world begins with the (default) local look, then shows the account's.
    app.states.switch("world", site="seoul_plaza")
    app.task_mgr.step()
    again = app.states.current
    assert run_until(app, lambda: again.avatar.appearance == chosen)
    # Signing out puts the guest look back.
    signed_in.forget_session()
    again.look.refresh()
    assert run_until(app, lambda: again.avatar.appearance == Appearance())
