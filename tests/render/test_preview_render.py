"""The preview's offscreen pictures on the real GL: a screenshot and a turntable of a sample the project
did not make, each showing the model (not just the clear colour)."""
import os
import subprocess
import sys

import numpy as np
from PIL import Image

from tests.conftest import ROOT, SAMPLES

SCRIPT = """
import sys, argparse
from pathlib import Path
from client.paths import UserDirs
from client.settings import load_settings
from client.preview import run_preview
args = argparse.Namespace(offscreen=True, screenshot=Path(sys.argv[2]), turntable=Path(sys.argv[3]), frames=4)
settings = load_settings(environ={}, overrides={"ui.lang": "en"})
sys.exit(run_preview(settings, UserDirs.resolve(), Path(sys.argv[1]), args))
"""
CLEAR = (158, 168, 184)  # client/preview/scene.NEUTRAL_SKY as 8-bit sRGB


def share_not_clear(path) -> float:
    """The share of pixels that differ clearly from the preview's clear colour."""
    pixels = np.asarray(Image.open(path).convert("RGB"), dtype=np.int16)
    return float(np.mean(np.abs(pixels - np.array(CLEAR)).max(axis=2) > 12))


def test_screenshot_and_turntable_of_a_sample(tmp_path):
    shot, folder = tmp_path / "shot.png", tmp_path / "turntable"
    env = dict(os.environ, METAVERSE_SEOUL_HOME=str(tmp_path / "home"))
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(SAMPLES / "BoxTextured.gltf"), str(shot), str(folder)],
                            capture_output=True, text=True, timeout=240, env=env, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    frames = sorted(folder.glob("*.png"))
    assert [f.name for f in frames] == [f"turntable_{i:03d}.png" for i in range(4)]
    for picture in [shot, *frames]:
        assert Image.open(picture).size == (1280, 720)
        assert share_not_clear(picture) > 0.2, picture  # the model and its ground fill much of the view



def test_the_command_shows_a_samples_own_texture_on_software_gl(tmp_path):
    # BoxTextured's material has glTF's default metallic 1: without a GPU it must still show its picture
    # (the sky blue and grass green of the logo), not a white box.
    shot = tmp_path / "box.png"
    env = dict(os.environ, METAVERSE_SEOUL_HOME=str(tmp_path / "home"))
    result = subprocess.run([sys.executable, "-m", "client", "preview", str(SAMPLES / "BoxTextured.gltf"),
                             "--offscreen", "--screenshot", str(shot), "--lang", "en"], capture_output=True,
                            text=True, timeout=240, env=env, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    pixels = np.asarray(Image.open(shot).convert("RGB"), dtype=np.int16)
    r, g, b = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    blue = (b > r + 60) & (b > 150)
    green = (g > r + 20) & (g > b + 20)
    assert blue.mean() > 0.05 and green.mean() > 0.03, (blue.mean(), green.mean())
