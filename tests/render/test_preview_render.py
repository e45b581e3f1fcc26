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
