"""Passers-by: they arrive one per frame, look different, walk between stops without entering
anything solid, are not drawn when far away, and leave with the world."""
import math

from client.world.crowd import DRAW_WITHIN_M
from tests.scene.conftest import step_until


def test_passers_by_join_one_per_frame_and_look_different(world, app):
    crowd = world.crowd
    expected = app.settings.world.crowd
    assert expected >= 8
    counts = []
    for _ in range(expected + 2):
        counts.append(len(crowd.walkers))
        app.task_mgr.step()
    # Never more than one new Actor in a frame: opening a site does not stall on all of them.
    assert all(b - a <= 1 for a, b in zip(counts, counts[1:]))
    assert len(crowd.walkers) == expected
    looks = {w.avatar.appearance for w in crowd.walkers}
    assert len(looks) == expected
    assert len({look.age for look in looks}) >= 2


def test_passers_by_walk_between_stops_and_never_stand_in_anything_solid(world, app):
    crowd = world.crowd
    step_until(app, lambda: len(crowd.walkers) == crowd.count)
    assert world.wait_for_paths()  # built on the worker; strolls are planned once it is there
    starts = {id(w): w.avatar.xy for w in crowd.walkers}
    moved = lambda: sum(math.dist(starts[id(w)], w.avatar.xy) > 5 for w in crowd.walkers)  # noqa: E731
    for _ in range(40):  # 40 x 60 simulated frames: checking positions every second on the way
        step_until(app, lambda: False, frames=60)
        for walker in crowd.walkers:
            x, y = walker.avatar.xy  # node positions are float32: allow a millimetre against the walls
            inside = [b.name for b in world.area.obstacles if b.push_out(x, y, world.area.radius - 1e-3)]
            assert not inside, (walker.avatar.xy, inside)
        if moved() >= crowd.count // 2:
            break
    assert moved() >= crowd.count // 2, "most passers-by should have walked somewhere"


def test_far_passers_by_are_not_drawn(world, app):
    crowd = world.crowd
    step_until(app, lambda: len(crowd.walkers) == crowd.count)
    app.task_mgr.step()
    eye = world.camera.camera.get_pos(world.root)
    for walker in crowd.walkers:
        far = math.dist((eye.x, eye.y), walker.avatar.xy) > DRAW_WITHIN_M + 1
        near = math.dist((eye.x, eye.y), walker.avatar.xy) < DRAW_WITHIN_M - 1
        if far:
            assert walker.avatar.root.is_stashed()
        if near:
            assert not walker.avatar.root.is_stashed()


def test_passers_by_leave_with_the_world(world, app):
    crowd = world.crowd
    step_until(app, lambda: len(crowd.walkers) == crowd.count)
    root = crowd.root
    app.states.switch("world", site="deoksugung")
    app.task_mgr.step()
    assert root.is_empty() and crowd.walkers == []


def test_passers_by_only_plan_short_strolls_on_sites_whose_stops_lie_far_apart(world, app):
    # At Lotte World Tower the stops lie up to 1.8 km apart; a path that long took 1.4 s of
    # Python on the worker and stalled frames. Each stroll's goal stays within STROLL_M.
    from client.world.crowd import STROLL_M

    app.states.switch("world", site="lotte_world_tower")
    app.task_mgr.step()
    crowd = app.states.current.crowd
    planned = []
    real_plan = crowd.plan
    crowd.plan = lambda start, goal, deliver: (planned.append(math.dist(start, goal)), real_plan(start, goal, deliver))
    step_until(app, lambda: len(planned) >= crowd.count, frames=60 * 20)
    assert len(planned) >= crowd.count
    assert max(planned) <= STROLL_M + 1e-6
