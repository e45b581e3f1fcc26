"""Entering and leaving states leaves no nodes, tasks, event hooks or widgets behind."""
import pytest

from tests.scene.conftest import step_until


def footprint(app):
    return {
        "tasks": sorted(t.name for t in app.task_mgr.getAllTasks()),
        "events": sorted(app.messenger.get_events()),
        "render": app.render.get_num_children(),
        "aspect2d": app.aspect2d.get_num_children(),
        "gui_items": len(getattr(type(app), "guiItems", {})),
        "nodes": app.render.find_all_matches("**").get_num_paths() + app.aspect2d.find_all_matches("**").get_num_paths(),
    }


def test_every_state_frees_what_it_made(app):
    app.states.shutdown()
    app.task_mgr.step()
    before = footprint(app)
    app.states.switch("boot", site="seoul_plaza")
    assert step_until(app, lambda: app.states.current is not None and app.states.current.name == "world")
    world = app.states.current
    # The world made things (nodes, hooks, widgets), so the comparison below can fail.
    assert footprint(app) != before
    world.walk_to(world.places()["Mayor's Office"])
    assert step_until(app, lambda: not world.autopilot, frames=60 * 120)
    assert world.interact()
    app.task_mgr.step()
    app.states.push("service", service="proposal_form", desk_id="mayors_office")
    app.task_mgr.step()
    assert app.states.current.name == "service" and world.paused
    app.states.pop()
    app.task_mgr.step()
    assert app.states.current is world and not world.paused
    app.states.push("world_map", current="seoul_plaza")
    app.task_mgr.step()
    app.states.pop()
    app.states.switch("travel", site="seoul_plaza")
    assert step_until(app, lambda: app.states.current is not None and app.states.current.name == "world"
                      and app.states.current is not world, frames=2000)
    app.states.switch("error", message="test")
    app.task_mgr.step()
    app.states.shutdown()
    app.task_mgr.step()
    assert footprint(app) == before


def test_a_failing_site_frees_what_it_made_and_shows_why(app, tmp_path):
    app.states.shutdown()
    app.task_mgr.step()
    before = footprint(app)
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\nname: {ko: 고장, en: Broken}\n", encoding="utf-8")
    app.states.switch("world", manifest_path=str(broken))
    app.task_mgr.step()
    assert app.states.current.name == "error"
    shown = app.states.current.ui.widgets["error.message"].name
    assert "broken.yaml" in shown and "is required" in shown
    app.states.shutdown()
    app.task_mgr.step()
    assert footprint(app) == before


def test_paused_world_ignores_movement_keys(world, app):
    app.states.push("service", service="proposal_form")
    app.task_mgr.step()
    start = world.avatar.xy
    app.messenger.send("w")
    for _ in range(30):
        app.task_mgr.step()
    app.messenger.send("w-up")
    assert world.avatar.xy == pytest.approx(start)


def test_reports_of_the_screen_never_show_a_password(app):
    from client.automation import visible_texts

    app.states.switch("error", message="test")
    app.task_mgr.step()
    state = app.states.current
    field = state.ui.entry("secret", "Password", (0, 0), 1.0)
    field["obscured"] = 1
    field.enterText("hunter2-seoul")
    texts = visible_texts(app)
    assert "hunter2-seoul" not in " ".join(texts) and "•" * 13 in texts
    app.states.shutdown()
    app.task_mgr.step()


def test_easy_mode_and_the_guide_free_what_they_made(app, tmp_path):
    from dataclasses import replace

    from client.paths import UserDirs
    from ui.guide import FirstRunGuide

    app.states.shutdown()
    app.task_mgr.step()
    before = footprint(app)
    app.states.switch("easy", site="seoul_plaza")
    app.task_mgr.step()
    easy = app.states.current
    assert easy.name == "easy" and footprint(app) != before
    easy.open("group:proposals")
    app.states.push("service", service="proposal_form")
    app.task_mgr.step()
    app.states.pop()
    app.task_mgr.step()
    easy.open("site:gyeongbokgung")
    app.ctx.i18n.set_lang("ko")
    app.ctx.i18n.set_lang("en")
    settings = replace(app.ctx.settings, ui=replace(app.ctx.settings.ui, first_run_guide=True))
    dirs = UserDirs(tmp_path / "config", tmp_path / "data", tmp_path / "cache", tmp_path / "pictures")
    guide = FirstRunGuide(replace(app.ctx, settings=settings, dirs=dirs), app.states)
    app.states.switch("world", site="seoul_plaza")
    app.task_mgr.step()
    assert guide.showing
    app.states.shutdown()
    app.task_mgr.step()
    guide.destroy()
    assert footprint(app) == before


def test_the_attract_loop_and_the_kiosk_glue_free_what_they_made(app):
    from client.kiosk_glue import KioskGlue
    from client.settings import with_value

    app.states.shutdown()
    app.task_mgr.step()
    before = footprint(app)
    app.ctx.settings = with_value(app.ctx.settings, "kiosk.enabled", True)
    glue = KioskGlue(app.ctx, app.states, app.guide)
    app.states.switch("attract", erased=True)
    app.task_mgr.step()
    attract = app.states.current
    assert attract.name == "attract" and footprint(app) != before
    start = attract.avatar.xy
    # Nobody at the kiosk: after a pause the avatar walks the plaza by itself (its path found on the worker).
    assert step_until(app, lambda: app.worker.wait_finished(0.01) is not None and attract.avatar.xy != start,
                      frames=60 * 10)
    glue.call_staff()
    app.states.switch("world", site="seoul_plaza")
    app.task_mgr.step()
    app.states.switch("attract")
    app.task_mgr.step()
    app.states.shutdown()
    app.task_mgr.step()
    glue.destroy()
    assert footprint(app) == before


def test_preview_frees_what_it_made(app):
    """The creator preview: scene, avatar, drawings, stats rows, error panel and watcher thread all go."""
    from tests.conftest import SAMPLES

    app.states.shutdown()
    app.task_mgr.step()
    before = footprint(app)
    app.states.switch("preview", path=str(SAMPLES / "BoxTextured.gltf"), watch=True)
    app.task_mgr.step()
    preview = app.states.current
    assert preview.name == "preview" and footprint(app) != before
    for what in ("wireframe", "solids", "navigation", "triggers", "stats"):
        preview.toggle(what)
    preview.toggle_mode()  # walking makes the avatar and the orbit camera
    app.task_mgr.step()
    preview.path = SAMPLES / "missing.gltf"
    assert not preview.reload()  # the error panel too
    watcher = preview.watcher
    app.states.shutdown()
    app.task_mgr.step()
    assert footprint(app) == before
    assert not watcher.alive
