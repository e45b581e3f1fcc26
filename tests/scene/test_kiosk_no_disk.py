"""On a kiosk a guest's avatar look is kept for the visit only: nothing of it is written to disk."""
from client.settings import with_value
from client.world.appearance import local_path
from tests.scene.test_avatar_screen import fresh_look, open_screen, press, run_until  # noqa: F401 (fixture)


def test_a_kiosk_guest_look_stays_in_memory(world, app, fresh_look):  # noqa: F811
    app.ctx.settings = with_value(app.ctx.settings, "kiosk.enabled", True)
    screen = open_screen(app)
    press(app, "tab", "tab", "arrow_right")  # age: senior
    chosen = world.avatar.appearance
    screen.focus = -1
    press(app, "enter")  # nothing focused: Enter is Save
    assert run_until(app, lambda: "Kept for this visit only" in screen.status_text), screen.status_text
    assert not local_path(app.ctx.dirs.config).exists()
    assert not list(app.ctx.dirs.config.glob("appearance*"))
    press(app, "escape")
    assert world.avatar.appearance == chosen
