"""Instructions a frame costs in a site, counted by callgrind: a figure that does not drift with the machine.

    python -m benchmarks.frame_instructions [--site bukchon_hanok_village] [--model other.glb ...] [--frames 6]

Wall-clock frame times on a shared machine drift 10-20 % between runs, so changes of a few per cent
to a model cannot be seen in them.  This loads the site the way the client does (basic profile,
1280x720 offscreen), puts the camera where the orbit camera stands at the spawn point, draws three
frames that are not counted (shader compilation), then counts the instructions of ``--frames`` more
under valgrind's callgrind.  llvmpipe rasterises on the calling thread (LP_NUM_THREADS=0), so the
count covers culling, drawing and rasterisation alike; two runs of the same case agree exactly.
Each ``--model`` is counted the same way in place of the site's own model (A/B of an asset change).
Needs valgrind; slow (about a minute per case).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from benchmarks.common import ROOT, write

FRAME = """
import math, sys, dataclasses
from pathlib import Path
from panda3d.core import loadPrcFileData, Point3
loadPrcFileData('', 'window-type offscreen\\nwin-size 1280 720\\nnotify-level-device fatal\\naudio-library-name null\\nsync-video #f')
from direct.showbase.ShowBase import ShowBase
from client.frame_pacing import FramePacer, load_gl
from client.world.manifest import load_manifest
from client.world.models import ModelLoader
from client.world.site import Site
base = ShowBase()
gl = load_gl()
FramePacer(base.task_mgr, gl)
base.render.set_shader_off()
base.camLens.set_fov(72); base.camLens.set_near_far(0.2, 3000)
manifest = load_manifest(Path({manifest!r}))
if {model!r}:
    manifest = dataclasses.replace(manifest, model=Path({model!r}))
site = Site(ModelLoader(base.loader, 'basic'), base.render, manifest)
base.set_background_color(site.sky_color)
x, y, z = manifest.spawn.position
h = math.radians(manifest.spawn.heading)
fx, fy = -math.sin(h), math.cos(h)
back = 6.5 * math.cos(math.radians(14))  # client/world/camera.py's default orbit
base.camera.set_pos(x - fx * back, y - fy * back, z + 1.6 + back * math.tan(math.radians(14)))
base.camera.look_at(Point3(x + 6 * fx, y + 6 * fy, z + 2))
for _ in range(3):  # not counted: only AsyncTaskManager::poll (task_mgr.step) is
    base.graphicsEngine.render_frame(); gl.glFinish()
for _ in range({frames}):
    base.task_mgr.step()
"""


def count(site: str, model: str | None, frames: int) -> int:
    """Instructions callgrind counts in ``frames`` frames of the site (with ``model`` in its place)."""
    code = FRAME.format(manifest=str(ROOT / "scenes" / f"{site}.yaml"), model=model or "", frames=frames)
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", "--smc-check=all",
           "--toggle-collect=AsyncTaskManager::poll*", sys.executable, "-c", code]
    result = subprocess.run(cmd, cwd=ROOT, env=dict(os.environ, LP_NUM_THREADS="0"),
                            capture_output=True, text=True, timeout=1800)
    found = re.search(r"Collected : (\d+)", result.stderr)
    if result.returncode != 0 or not found:
        raise RuntimeError(f"callgrind run failed:\n{result.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", default="bukchon_hanok_village")
    parser.add_argument("--model", action="append", default=[], help="count this .glb in place of the site's model")
    parser.add_argument("--frames", type=int, default=6)
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("frame_instructions needs valgrind (apt-get install valgrind)")
    cases = {"site": None, **{Path(m).name: str(Path(m).resolve()) for m in args.model}}
    per_frame = {name: round(count(args.site, model, args.frames) / args.frames / 1e6, 1)
                 for name, model in cases.items()}
    write("frame_instructions", {"benchmark": "frame_instructions", "site": args.site, "frames": args.frames,
           "million_instructions_per_frame": per_frame,
           "ratio_to_site": {k: round(v / per_frame["site"], 3) for k, v in per_frame.items()}})


if __name__ == "__main__":
    main()
