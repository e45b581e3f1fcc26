"""One windowless app for the whole scene-test session (Panda3D allows one ShowBase per process)."""
import pytest

from client.paths import UserDirs
from client.settings import load_settings


@pytest.fixture(scope="session")
def app(session_home):
    from panda3d.core import loadPrcFileData

    from client.app import MetaverseApp

    loadPrcFileData("tests", "track-gui-items #t")  # lets the leak test count live DirectGUI widgets

    # The guide is off for the shared app: one home serves every test, so a guide closed by one test
    # would change what the next sees. tests/scene/test_first_run_guide.py makes guides of its own.
    settings = load_settings(environ={}, overrides={"ui.lang": "en", "ui.first_run_guide": False})
    app = MetaverseApp(settings, UserDirs.resolve(), window_type="none")
    app.use_fixed_clock(60.0)
    yield app
    app.close()


def step_until(app, condition, frames=600):
    for _ in range(frames):
        if condition():
            return True
        app.task_mgr.step()
    return condition()


@pytest.fixture
def world(app):
    """The app showing Seoul Plaza with the avatar at its spawn point."""
    app.states.switch("world", site="seoul_plaza")
    app.task_mgr.step()
    assert app.states.current.name == "world"
    yield app.states.current
    app.states.shutdown()
    app.task_mgr.step()


@pytest.fixture(autouse=True)
def _restore_settings(app):
    """The settings screen changes the shared app (size, contrast, volume, keys): put them back after each test."""
    ctx = app.ctx
    settings, scale, contrast = ctx.settings, ctx.theme.scale, ctx.theme.high_contrast
    yield
    ctx.settings = settings
    ctx.theme.restyle(scale, contrast)
    if ctx.sounds is not None:
        ctx.sounds.set_volume(settings.audio.volume)
