"""Real frames on the real GL (Mesa llvmpipe in CI): the plaza draws, and --stats reports the run."""
import json
import os
import subprocess

import pytest
from PIL import Image, ImageStat

from tests.conftest import client_command

STATS_KEYS = {"site", "renderer", "profile", "startup_s", "first_frame_s", "frames", "frame_ms", "geoms",
              "triangles", "materials", "rss_mb"}


def run_client(tmp_path, *args, timeout=180):
    env = dict(os.environ, METAVERSE_SEOUL_HOME=str(tmp_path / "home"))
    return subprocess.run(client_command(*args), capture_output=True, text=True, timeout=timeout, env=env)


@pytest.mark.parametrize("lang, scale", [("en", "1.0"), ("ko", "2.0")])
def test_plaza_screenshot_and_stats(tmp_path, lang, scale):
    shot, stats = tmp_path / "plaza.png", tmp_path / "stats.json"
    result = run_client(tmp_path, "--offscreen", "--site", "seoul_plaza", "--frames", "30", "--lang", lang,
                        "--ui-scale", scale, "--screenshot", str(shot), "--stats", str(stats))
    assert result.returncode == 0, result.stderr
    image = Image.open(shot).convert("RGB")
    assert image.size == (1280, 720)
    # Not blank: many distinct colours, and real variation across the picture (sky, lawn, buildings).
    assert len(image.getcolors(1 << 20) or []) > 200
    assert min(ImageStat.Stat(image).stddev) > 10
    data = json.loads(stats.read_text())
    assert STATS_KEYS <= set(data)
    assert set(data["frame_ms"]) >= {"median", "p95", "p99", "max"}
    assert data["site"] == "seoul_plaza" and data["frames"] == 30
    assert data["geoms"] > 0 and data["triangles"] > 0
    if "llvmpipe" in data["renderer"]:
        assert data["profile"] == "basic"


def test_full_profile_on_software_gl_does_not_crash(tmp_path):
    shot = tmp_path / "full.png"
    result = run_client(tmp_path, "--offscreen", "--profile", "full", "--frames", "3", "--screenshot", str(shot),
                        "--set", "graphics.shadows=true")
    assert result.returncode == 0, result.stderr
    assert min(ImageStat.Stat(Image.open(shot).convert("RGB")).stddev) > 10


def test_broken_manifest_is_reported_and_the_app_keeps_running(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\nname: {ko: 나쁨, en: Bad}\nmodel: missing.glb\n", encoding="utf-8")
    shot = tmp_path / "error.png"
    result = run_client(tmp_path, "--offscreen", "--manifest", str(bad), "--frames", "2", "--screenshot", str(shot))
    assert result.returncode == 1
    assert "could not be opened" in result.stderr
    assert shot.exists()  # the error screen was drawn: the app did not crash
