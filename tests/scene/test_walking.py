"""Simulated keys move the avatar through the plaza; City Hall stops it."""
import math

import pytest

from client.world.manifest import approach_point


def hold(app, key, seconds):
    app.messenger.send(key)
    for _ in range(round(seconds * 60)):
        app.task_mgr.step()
    app.messenger.send(f"{key}-up")
    app.task_mgr.step()


def test_w_walks_forward_at_walking_speed(world, app):
    x0, y0 = world.avatar.xy
    hold(app, "w", 2.0)
    x1, y1 = world.avatar.xy
    speed = app.settings.world.walk_speed
    assert y1 - y0 == pytest.approx(2.0 * speed, rel=0.05)  # spawn faces north, so W goes north
    assert x1 == pytest.approx(x0, abs=0.05)


def test_arrow_keys_work_too_and_d_goes_right(world, app):
    x0, _ = world.avatar.xy
    hold(app, "arrow_right", 1.0)
    assert world.avatar.xy[0] > x0 + 1.0


def test_a_building_stops_the_avatar(world, app):
    solid = [b for b in world.area.obstacles if b.name.startswith("solid_")]
    assert solid, "the plaza model has no solid buildings"
    # Walk north for a long time: City Hall lies north of the lawn.
    hold(app, "w", 120.0)
    x, y = world.avatar.xy
    blocker = world.area.blocked_at((x, y + 0.1))
    assert blocker is not None, f"nothing stopped the avatar at ({x:.1f}, {y:.1f})"
    for box in world.area.obstacles:
        assert box.push_out(x, y, world.area.radius * 0.99) is None, f"avatar inside {box.name}"


def test_walk_to_the_mayors_desk_and_talk(world, app):
    desk = world.manifest.desk("mayors_office")
    world.walk_to(world.places()["Mayor's Office"])
    for _ in range(60 * 120):
        if not world.autopilot:
            break
        app.task_mgr.step()
    assert math.dist(world.avatar.xy, approach_point(desk)) < 1.0
    app.task_mgr.step()
    shown = [w.name for w in world.ui.widgets.values()]
    assert any("Talk to Mayor's Office" in name for name in shown)
    assert any("Mayor's Office desk" in name for name in shown), "the NPC did not greet"
    app.messenger.send("e")
    app.task_mgr.step()
    assert world.conversation is not None
    assert world.ui.find("Submit a proposal", role="button") is not None
    # Movement keys do nothing while talking, and Escape leaves the conversation.
    before = world.avatar.xy
    hold(app, "w", 0.5)
    assert world.avatar.xy == before
    app.messenger.send("escape")
    app.task_mgr.step()
    assert world.conversation is None


def test_camera_stays_out_of_buildings(world, app):
    hold(app, "w", 120.0)  # right up against City Hall
    world.camera.orbit(180, 0)  # look back so the camera would sit inside the building
    app.task_mgr.step()
    cam = world.camera.camera.get_pos(app.render)
    for box in world.area.obstacles:
        inside = box.min_x < cam.x < box.max_x and box.min_y < cam.y < box.max_y
        assert not inside, f"camera inside {box.name}"
