"""A gamepad walks the avatar, runs when pushed fully, orbits the camera and talks with A.

No gamepad is plugged into test machines, so the device is a stand-in with the surface of
Panda3D's InputDevice (axes and buttons by handle); everything from the poll onwards is real.
"""
import math
from types import SimpleNamespace

from panda3d.core import GamepadButton, InputDevice

from client.world.gamepad import DEAD_ZONE, stick
from tests.scene.conftest import step_until


class StandInPad:
    device_class = InputDevice.DeviceClass.gamepad

    def __init__(self):
        self.axes = {}
        self.buttons = set()
        self.connected = True

    def is_connected(self):
        return self.connected

    def find_axis(self, axis):
        return SimpleNamespace(known=True, value=self.axes.get(axis, 0.0))

    def find_button(self, handle):
        return SimpleNamespace(known=True, pressed=handle in self.buttons)


def test_stick_dead_zone_and_strength():
    assert stick(DEAD_ZONE * 0.9, 0.0) == (0.0, 0.0, 0.0)
    x, y, strength = stick(0.0, 1.0)
    assert (x, y, strength) == (0.0, 1.0, 1.0)
    assert 0.0 < stick(0.0, 0.5)[2] < 0.5  # gentle just past the dead zone


def pad_for(world, app):
    pad = StandInPad()
    app.messenger.send("connect-device", [pad])
    assert world.gamepad.device is pad
    return pad


def test_left_stick_walks_ahead_of_the_camera_and_runs_when_pushed_fully(world, app):
    pad = pad_for(world, app)
    speed = app.settings.world
    fx, fy = world.camera.forward_xy()
    for push, expected in ((0.6, speed.walk_speed), (1.0, speed.run_speed)):
        start = world.avatar.xy
        pad.axes[InputDevice.Axis.left_y] = push
        for _ in range(60):  # one simulated second
            app.task_mgr.step()
        pad.axes[InputDevice.Axis.left_y] = 0.0
        dx, dy = world.avatar.xy[0] - start[0], world.avatar.xy[1] - start[1]
        moved = math.hypot(dx, dy)
        assert moved > 0.5 * expected, (push, moved)
        assert moved <= expected * 1.05, (push, moved)
        assert (dx * fx + dy * fy) / moved > 0.9  # ahead, where the camera looks
        fx, fy = world.camera.forward_xy()


def test_right_stick_orbits_and_a_talks_to_the_desk_and_b_backs_out(world, app):
    pad = pad_for(world, app)
    before = world.camera.forward_xy()
    pad.axes[InputDevice.Axis.right_x] = 1.0
    for _ in range(30):
        app.task_mgr.step()
    pad.axes[InputDevice.Axis.right_x] = 0.0
    after = world.camera.forward_xy()
    assert math.degrees(math.acos(max(-1.0, min(1.0, before[0] * after[0] + before[1] * after[1])))) > 20

    world.walk_to(world.places()["mayors_office"])
    assert step_until(app, lambda: not world.autopilot, frames=60 * 60)
    pad.buttons.add(GamepadButton.face_a())
    app.task_mgr.step()
    pad.buttons.clear()
    assert world.conversation is not None
    pad.buttons.add(GamepadButton.face_b())
    app.task_mgr.step()
    pad.buttons.clear()
    assert world.conversation is None


def test_pulling_the_gamepad_out_stops_it(world, app):
    pad = pad_for(world, app)
    app.messenger.send("disconnect-device", [pad])
    assert world.gamepad.device is None
    start = world.avatar.xy
    pad.axes[InputDevice.Axis.left_y] = 1.0
    for _ in range(30):
        app.task_mgr.step()
    assert world.avatar.xy == start
