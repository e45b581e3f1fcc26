"""The world map and travelling: the map opens with M, lists the sites, and loading shows true progress."""
from tests.scene.conftest import step_until


def test_m_opens_the_map_and_escape_closes_it(world, app):
    app.messenger.send("m")
    app.task_mgr.step()
    app.task_mgr.step()
    top = app.states.current
    assert top.name == "world_map" and world.paused
    assert top.ui.find("Seoul Plaza", role="button") is not None
    app.messenger.send("escape")
    app.task_mgr.step()
    assert app.states.current is world and not world.paused


def test_travel_loads_with_a_true_progress_bar_and_opens_the_site(app):
    from panda3d.core import ModelPool

    app.states.shutdown()
    app.task_mgr.step()
    # An earlier world's path grid may still be building on the worker: the load must not queue behind it.
    assert app.worker.wait_finished(60)
    ModelPool.release_all_models()  # a cold load: earlier tests must not have left the site in memory
    app.states.switch("travel", site="seoul_plaza")
    app.task_mgr.step()
    travel = app.states.current
    assert travel.name == "travel"
    seen = []
    # Frames without a window take microseconds: the cap only keeps a broken load from hanging the suite.
    assert step_until(app, lambda: seen.append(travel.progress) or app.states.current.name == "world",
                      frames=200_000)
    assert len(seen) > 1, "loading happened inside one frame instead of in the background"
    assert seen == sorted(seen) and seen[0] < 1.0 and seen[-1] == 1.0
    assert app.states.current.manifest.id == "seoul_plaza"
    app.states.shutdown()
    app.task_mgr.step()


def test_travel_to_a_broken_site_explains_why(app, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\nname: {ko: 고장, en: Broken}\n", encoding="utf-8")
    app.states.switch("travel", manifest_path=str(bad))
    app.task_mgr.step()
    assert app.states.current.name == "error"
    assert "bad.yaml" in app.states.current.ui.widgets["error.message"].name
    app.states.shutdown()
    app.task_mgr.step()


def test_take_me_there_walks_the_avatar_to_the_chosen_desk(world, app):
    from client.world.manifest import approach_point
    import math

    app.messenger.send("t")
    app.task_mgr.step()
    app.task_mgr.step()
    chooser = app.states.current
    assert chooser.name == "take_me_there"
    button = chooser.ui.find("Mayor's Office", role="button").widget
    button["command"](*button["extraArgs"])
    # The path is planned on the worker; wait for it to land, drawing frames meanwhile.
    assert step_until(app, lambda: app.worker.wait_finished(0.1) and bool(world.autopilot), frames=200)
    assert step_until(app, lambda: not world.autopilot, frames=60 * 120)
    assert math.dist(world.avatar.xy, approach_point(world.manifest.desk("mayors_office"))) < 1.0
    # A movement key takes the controls back at once.
    world.walk_to(world.places()["spawn"])
    app.messenger.send("s")
    app.task_mgr.step()
    app.messenger.send("s-up")
    assert not world.autopilot
