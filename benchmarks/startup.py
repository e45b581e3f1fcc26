"""Startup to the first interactive frame in Seoul Plaza, beside an empty ShowBase start in the same run.

    python -m benchmarks.startup [--runs 5]

Cold start: a fresh METAVERSE_SEOUL_HOME for every run (no database, nothing in the user cache folder;
the OS file cache is warm all the same). Warm start: the same home folder each time, after one untimed
run has filled it (database created and seeded, caches written). Runs of cold, warm and the baseline
alternate so machine noise hits all alike.
Budget: first interactive frame <= 1.5 s warm, and <= 6 x the empty ShowBase start in the same run.
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from benchmarks.common import run_client, run_python, summary, write

BUDGET_S, BUDGET_RATIO = 1.5, 6.0  # warm first interactive frame; and its multiple of the empty ShowBase's

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
    """Time cold and warm starts of the client beside an empty ShowBase start and write startup.json."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "warm"
        run_client("--frames", "1", home=home)  # warm-up: caches, database created and seeded
        run_python(EMPTY_SHOWBASE)
        cold, warm, empty = [], [], []
        for i in range(args.runs):
            cold.append(run_client("--frames", "1", home=Path(tmp) / f"cold{i}")["first_frame_s"])
            stats = run_client("--frames", "1", home=home)
            warm.append(stats["first_frame_s"])
            empty.append(run_python(EMPTY_SHOWBASE)["first_frame_s"])
    ratio = round(summary(warm)["median"] / summary(empty)["median"], 2)
    data = {
        "benchmark": "startup",
        "renderer": stats["renderer"],
        "cold_first_frame_s": summary(cold),
        "warm_first_frame_s": summary(warm),
        "empty_showbase_first_frame_s": summary(empty),
        "ratio_median": ratio,
        "budget_s": BUDGET_S,
        "budget_ratio": BUDGET_RATIO,
        "within_budget_s": summary(warm)["median"] <= BUDGET_S,
        "within_budget_ratio": ratio <= BUDGET_RATIO,
    }
    data["within_budget"] = data["within_budget_s"] and data["within_budget_ratio"]
    write("startup", data)


if __name__ == "__main__":
    main()
