"""Startup to the first interactive frame in Seoul Plaza, beside an empty ShowBase start in the same run.

    python -m benchmarks.startup [--runs 5]

Warm start: one untimed run first fills the OS file cache and the embedded database. Runs of the app
and of the baseline alternate so machine noise hits both alike; the ratio is what counts.
Budget: first interactive frame <= 1.5 s warm.
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from benchmarks.common import run_client, run_python, summary, write

EMPTY_SHOWBASE = """
import time
t0 = time.perf_counter()
import json
from panda3d.core import loadPrcFileData
loadPrcFileData('', 'window-type offscreen\\nwin-size 1280 720\\nnotify-level-device fatal\\naudio-library-name null\\nsync-video #f\\ngl-finish #t')
from direct.showbase.ShowBase import ShowBase
base = ShowBase()
base.task_mgr.step()
print(json.dumps({'first_frame_s': time.perf_counter() - t0}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        run_client("--frames", "1", home=home)  # warm-up: caches, database created and seeded
        run_python(EMPTY_SHOWBASE)
        app, empty = [], []
        for _ in range(args.runs):
            app.append(run_client("--frames", "1", home=home)["first_frame_s"])
            empty.append(run_python(EMPTY_SHOWBASE)["first_frame_s"])
    data = {
        "benchmark": "startup_warm",
        "app_first_frame_s": summary(app),
        "empty_showbase_first_frame_s": summary(empty),
        "ratio_median": round(summary(app)["median"] / summary(empty)["median"], 2),
        "budget_s": 1.5,
        "within_budget": summary(app)["median"] <= 1.5,
    }
    write("startup", data)


if __name__ == "__main__":
    main()
