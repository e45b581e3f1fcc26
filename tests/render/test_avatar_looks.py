"""Offscreen pictures of several avatar appearances, for people to look at and for coarse checks.

Runs in a child process (Panda3D allows one ShowBase per process, and the scene tests own theirs):
tests/render/avatar_looks_child.py lays out a line-up under a sun and sky light, as the basic
profile draws it (fixed function, material colours encoded to sRGB by ModelLoader), and writes one
picture per line-up.  The checks here are coarse on purpose; the pictures are the real review.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PIL import Image

CHILD = Path(__file__).with_name("avatar_looks_child.py")


def render(out_dir: Path) -> dict:
    env = dict(os.environ, METAVERSE_SEOUL_HOME=str(out_dir / "home"))
    done = subprocess.run([sys.executable, str(CHILD), str(out_dir)], capture_output=True, text=True,
                          timeout=240, env=env, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads((out_dir / "looks.json").read_text())


def test_lineup_pictures(tmp_path):
    info = render(tmp_path)
    for name in ("lineup.png", "walking.png"):
        image = Image.open(tmp_path / name)
        assert image.size == (1280, 720)
        assert len(image.convert("RGB").getcolors(1 << 20) or []) > 40, f"{name} looks blank"
    # The line-up is adult, child, senior in a wheelchair, broad adult with long hair, and a slim
    # adult with a bun: the child is clearly shorter than the adult, the seated senior (push
    # handles included) lower than a standing adult, and the posed heights follow height_m.
    heights = info["posed_heights"]
    assert heights["child"] < 0.8 * heights["adult"]
    assert heights["senior_wheelchair"] < 0.85 * heights["adult"]
    assert abs(heights["adult"] - 1.7) < 0.03 and abs(heights["broad_long_hair"] - 1.82) < 0.03
    assert info["wheelchair_loaded"] and info["rolling_weight"] > 0.9
    # Pictures to look at after a run: keep them where a person can find them.
    keep = os.environ.get("AVATAR_LOOKS_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for name in ("lineup.png", "walking.png"):
            (Path(keep) / name).write_bytes((tmp_path / name).read_bytes())
