"""The creator preview in the shared windowless app: any sample or site opens, edits reload in place with
the camera kept, broken edits explain themselves over the last good scene, and nothing is left behind."""
import shutil
from pathlib import Path

import pytest

from client.paths import MODELS_DIR, SCENES_DIR
from tests.conftest import SAMPLES

SITES = sorted(SCENES_DIR.glob("*.yaml"))
GLTF_SAMPLES = sorted(SAMPLES.glob("*.gltf"))
DIALOGUE = SCENES_DIR / "dialogues" / "mayors_office.yaml"


def small_manifest(desk_x: float = 0.0) -> str:
    """A site made of one desk model on a 40 m square, fast to load; all paths absolute."""
    return (
        "id: tiny\nname: {ko: 작은 곳, en: Tiny}\n"
        f"model: {MODELS_DIR / 'service_desk.glb'}\n"
        "spawn: {position: [0, -10, 0], heading: 0}\nbounds: [[-20, -20], [20, 20]]\n"
        "desks:\n  - id: clerk\n    name: {ko: 창구, en: Counter}\n"
        f"    position: [{desk_x}, 5, 0]\n    heading: 180\n"
        f"    model: {MODELS_DIR / 'service_desk.glb'}\n"
        f"    npc: {{model: {MODELS_DIR / 'npc_clerk.glb'}, name: {{ko: 직원, en: Clerk}}}}\n"
        f"    dialogue: {DIALOGUE}\n"
    )


def open_preview(app, path, watch=False):
    app.states.switch("preview", path=str(path), watch=watch)
    app.task_mgr.step()
    state = app.states.current
    assert state.name == "preview"
    return state


@pytest.fixture
def closing(app):
    yield
    app.states.shutdown()
    app.task_mgr.step()


def camera_pos(state):
    return tuple(round(v, 4) for v in state.fly.camera.get_pos(state.ctx.base.render))


@pytest.mark.parametrize("path", GLTF_SAMPLES + SITES, ids=lambda p: p.name)
def test_every_sample_and_site_opens_with_geometry(app, closing, path):
    state = open_preview(app, path)
    assert state.error is None, state.error_text
    figures = state.scene.figures()
    assert figures["geoms"] > 0 and figures["triangles"] > 0
    state.toggle("stats")
    assert "Triangles" in state.ui.widgets["stats.triangles"].name


def test_editing_the_manifest_moves_the_desk_and_keeps_the_camera(app, closing, tmp_path):
    manifest = tmp_path / "tiny.yaml"
    manifest.write_text(small_manifest(0.0), encoding="utf-8")
    state = open_preview(app, manifest)
    assert state.error is None, state.error_text
    state.fly.look(0.1, -0.05)  # the creator has turned to look somewhere of their own
    before, old_root = camera_pos(state), state.scene.root
    manifest.write_text(small_manifest(6.0), encoding="utf-8")
    assert state.reload()
    assert state.scene.site.desks[0].node.get_x() == pytest.approx(6.0)
    assert old_root.is_empty()  # the old scene was freed, not left under the new one
    assert camera_pos(state) == before


def test_the_watcher_sees_an_edit_and_the_frame_loop_reloads(app, closing, tmp_path):
    manifest = tmp_path / "tiny.yaml"
    manifest.write_text(small_manifest(0.0), encoding="utf-8")
    state = open_preview(app, manifest, watch=True)
    assert manifest.resolve() in state.watcher.files and DIALOGUE.resolve() in state.watcher.files
    manifest.write_text(small_manifest(-4.0), encoding="utf-8")
    assert state.watcher.wait_for_change(timeout=20) == manifest.resolve()
    state.watcher.debounce_s = 0.0  # settled at once: no waiting on the wall clock in a test
    app.task_mgr.step()
    assert state.reloads == 1
    assert state.scene.site.desks[0].node.get_x() == pytest.approx(-4.0)
    watcher = state.watcher
    app.states.shutdown()
    app.task_mgr.step()
    assert not watcher.alive  # the observer thread was stopped and joined


def test_replacing_a_model_file_reloads_it_from_disk(app, closing, tmp_path):
    model = tmp_path / "piece.glb"
    shutil.copy(MODELS_DIR / "npc_clerk.glb", model)
    state = open_preview(app, model)
    triangles = state.scene.figures()["triangles"]
    state.toggle_mode()  # walking: the avatar's place and the orbit must survive too
    state.avatar.place((1.5, -3.0))
    app.task_mgr.step()  # the orbit camera follows the avatar there
    before, avatar_xy = camera_pos(state), state.avatar.xy
    shutil.copy(MODELS_DIR / "service_desk.glb", model)
    assert state.reload()
    assert state.scene.figures()["triangles"] != triangles  # not the pooled old model
    assert state.mode == "walk" and state.avatar.xy == pytest.approx(avatar_xy)
    assert camera_pos(state) == before


def test_invalid_yaml_shows_the_panel_over_the_last_good_scene(app, closing, tmp_path):
    manifest = tmp_path / "tiny.yaml"
    good = small_manifest(0.0)
    manifest.write_text(good, encoding="utf-8")
    state = open_preview(app, manifest)
    root = state.scene.root
    manifest.write_text(good.replace("heading: 180", "heading: [180"), encoding="utf-8")
    assert not state.reload()
    assert "tiny.yaml" in state.error_text and state.error.line is not None
    assert f"Line: {state.error.line}" in state.error_text
    assert not root.is_empty() and root.has_parent()  # the previous scene is still there
    manifest.write_text(good, encoding="utf-8")
    assert state.reload()
    assert state.error is None and state.error_text == ""


def test_a_truncated_glb_is_named_and_fixing_it_clears_the_panel(app, closing, tmp_path):
    model = tmp_path / "piece.glb"
    shutil.copy(MODELS_DIR / "service_desk.glb", model)
    state = open_preview(app, model)
    root, triangles = state.scene.root, state.scene.figures()["triangles"]
    data = model.read_bytes()
    model.write_bytes(data[: len(data) // 2])
    assert not state.reload()
    assert "piece.glb" in state.error_text and "Cause:" in state.error_text
    assert not root.is_empty() and state.scene.figures()["triangles"] == triangles
    model.write_bytes(data)
    assert state.reload() and state.error is None


def test_a_missing_file_opens_with_the_panel_and_no_crash(app, closing, tmp_path):
    state = open_preview(app, tmp_path / "nowhere.glb")
    assert state.scene is None and "nowhere.glb" in state.error_text
    assert state.toggle_mode() == "fly"  # nothing to walk on yet
    app.task_mgr.step()


def test_toggles_make_and_free_their_drawings(app, closing, tmp_path):
    manifest = tmp_path / "tiny.yaml"
    manifest.write_text(small_manifest(0.0), encoding="utf-8")
    state = open_preview(app, manifest)
    for what in ("solids", "navigation", "triggers"):
        assert state.toggle(what)
        node = state.debug_nodes[what]
        assert node.has_parent() and node.node().get_num_geoms() > 0
        assert not state.toggle(what)
        assert node.is_empty() and what not in state.debug_nodes
    assert state.toggle("wireframe") and state.world.has_render_mode()
    assert not state.toggle("wireframe") and not state.world.has_render_mode()
    assert state.toggle("stats") and "stats.geoms" in state.ui.widgets
    assert not state.toggle("stats") and "stats.geoms" not in state.ui.widgets


def test_stats_are_graded_against_the_budgets(app, closing):
    state = open_preview(app, SCENES_DIR / "seoul_plaza.yaml")
    state.toggle("stats")
    for _ in range(3):
        app.task_mgr.step()
    grades = state.stats.grades()
    assert set(grades) >= {"geoms", "triangles", "materials", "texture_px", "file_bytes", "frame_ms"}
    assert grades["triangles"] in ("green", "yellow", "red")
    figures = state.stats.current()
    assert grades["geoms"] == ("green" if figures["geoms"] <= 300 else "yellow" if figures["geoms"] <= 600 else "red")


def test_flying_and_walking_follow_the_keys(app, closing):
    state = open_preview(app, SAMPLES / "BoxTextured.gltf")
    start = camera_pos(state)
    app.messenger.send("w")
    for _ in range(10):
        app.task_mgr.step()
    app.messenger.send("w-up")
    assert camera_pos(state) != start
    app.messenger.send("tab")
    app.task_mgr.step()
    assert state.mode == "walk" and state.avatar is not None
    xy = state.avatar.xy
    app.messenger.send("d")
    for _ in range(20):
        app.task_mgr.step()
    app.messenger.send("d-up")
    assert state.avatar.xy != pytest.approx(xy)
    app.messenger.send("tab")
    app.task_mgr.step()
    assert state.mode == "fly"
