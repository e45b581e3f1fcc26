"""Models come from the .bam cache after their first load, and a changed or damaged entry is never shown."""
import shutil

import pytest
from panda3d.core import ModelPool

from client.paths import MODELS_DIR
from client.world.model_cache import ModelCache
from client.world.models import ModelError, ModelLoader
from tests.scene.conftest import step_until


@pytest.fixture
def fresh_cache(app, tmp_path):
    """The app with an empty model cache of its own (and nothing in the model pool), restored after."""
    saved = app.ctx.models.cache
    app.states.shutdown()
    app.task_mgr.step()
    assert app.worker.wait_finished(60)
    ModelPool.release_all_models()
    app.ctx.models.cache = ModelCache(tmp_path / "models", saved.salt)
    yield app.ctx.models.cache
    app.states.shutdown()
    app.task_mgr.step()
    app.ctx.models.cache = saved


def _travel(app, site):
    app.states.switch("travel", site=site)
    app.task_mgr.step()
    travel = app.states.current
    assert travel.name == "travel"
    assert step_until(app, lambda: app.states.current.name == "world", frames=200_000)
    return travel.files, app.states.current


def test_the_first_visit_converts_every_model_and_the_next_run_loads_the_conversions(app, fresh_cache):
    files, world = _travel(app, "deoksugung")
    first = world.site.stats()
    entries = {file: fresh_cache.entry(file) for file in files}
    assert all(entry.is_file() for entry in entries.values()), "every model of the site is converted once"
    app.states.shutdown()
    app.task_mgr.step()

    # The next start: a new cache object (nothing remembered) and an empty model pool.
    ModelPool.release_all_models()
    app.ctx.models.cache = cache = ModelCache(fresh_cache.directory, fresh_cache.salt)
    _, world = _travel(app, "deoksugung")
    assert {file: cache.source(file) for file in files} == entries, "the glTF files were parsed again"
    again = world.site.stats()
    assert (again.geoms, again.triangles, again.materials) == (first.geoms, first.triangles, first.materials)


def test_an_edited_model_is_loaded_anew_not_from_its_old_conversion(app, fresh_cache, tmp_path):
    model = tmp_path / "asset.glb"
    shutil.copy(MODELS_DIR / "service_desk.glb", model)
    box = ModelLoader(app.loader, "basic", fresh_cache).load(model)
    old_entry = fresh_cache.entry(model)
    assert old_entry.is_file()

    shutil.copy(MODELS_DIR / "cheong_wa_dae.glb", model)  # the creator saves a different model under the same name
    ModelPool.release_all_models()
    cache = ModelCache(fresh_cache.directory, fresh_cache.salt)
    textured = ModelLoader(app.loader, "basic", cache).load(model)
    assert textured.find_all_textures().get_num_textures() > box.find_all_textures().get_num_textures()
    assert cache.entry(model) != old_entry and cache.entry(model).is_file()


def test_a_damaged_entry_is_replaced_and_the_model_still_shows(app, fresh_cache, tmp_path):
    model = tmp_path / "asset.glb"
    shutil.copy(MODELS_DIR / "cheong_wa_dae.glb", model)
    ModelLoader(app.loader, "basic", fresh_cache).load(model)
    entry = fresh_cache.entry(model)
    entry.write_bytes(b"pbj\0\n\r" + b"\0" * 40)  # a disk error or a half-copied file

    ModelPool.release_all_models()
    cache = ModelCache(fresh_cache.directory, fresh_cache.salt)
    loaded = ModelLoader(app.loader, "basic", cache).load(model)
    assert loaded.find_all_textures().get_num_textures() == 2
    assert cache.source(model) == model  # this run used the glTF file ...
    ModelPool.release_all_models()
    fixed = ModelCache(fresh_cache.directory, fresh_cache.salt)
    assert fixed.source(model) == entry  # ... and wrote a good entry for the next one
    assert ModelLoader(app.loader, "basic", fixed).load(model).find_all_textures().get_num_textures() == 2


def test_a_broken_gltf_names_the_file_and_leaves_no_entry(app, fresh_cache, tmp_path):
    broken = tmp_path / "broken.gltf"
    broken.write_text('{"asset": {"version": "2.0"}, "meshes": [')
    with pytest.raises(ModelError, match="broken.gltf"):
        ModelLoader(app.loader, "basic", fresh_cache).load(broken)
    assert not fresh_cache.directory.exists() or not list(fresh_cache.directory.iterdir())


def test_the_basic_profile_leaves_the_pooled_textures_as_loaded(app, fresh_cache, tmp_path):
    """Its sRGB-to-plain change goes to copies: the cache entry and the full profile see the file as it is."""
    from panda3d.core import Texture

    model = tmp_path / "asset.glb"
    shutil.copy(MODELS_DIR / "cheong_wa_dae.glb", model)
    shown = ModelLoader(app.loader, "basic", fresh_cache).load(model)
    assert shown.find_all_textures()[0].get_format() == Texture.F_rgb8
    pooled = ModelLoader(app.loader, "full", fresh_cache).load(model)
    assert pooled.find_all_textures()[0].get_format() == Texture.F_srgb


def test_the_world_opens_from_memory_after_travelling(app, fresh_cache, monkeypatch):
    """Every model the world needs is loaded on the loading screen: opening it reads no model file."""
    from panda3d.core import Filename

    from_disk = []
    load_model = app.loader.load_model

    def spy(path, *args, **kw):
        if kw.get("callback") is None and not ModelPool.has_model(Filename(path)):
            from_disk.append(str(path))
        return load_model(path, *args, **kw)

    monkeypatch.setattr(app.loader, "load_model", spy)
    _travel(app, "seoul_plaza")
    for _ in range(30):
        app.task_mgr.step()
    assert from_disk == [], "read from disk while the world opened, after the loading screen"


def test_a_second_visit_draws_with_the_textures_of_the_first(app, fresh_cache, monkeypatch):
    """The basic profile's texture copies outlive the visit, so returning to a site uploads nothing anew."""
    monkeypatch.setattr(app.ctx, "models", ModelLoader(app.loader, "basic", fresh_cache))  # the test app is "full"
    _, world = _travel(app, "cheong_wa_dae")
    kept = list(world.site.model.find_all_textures())  # held, so no new texture can reuse their addresses
    first = {t.this for t in kept}
    assert first
    app.states.shutdown()
    app.task_mgr.step()
    _, world = _travel(app, "cheong_wa_dae")
    assert {t.this for t in world.site.model.find_all_textures()} == first
