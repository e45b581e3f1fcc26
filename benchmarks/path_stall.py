"""Frames drawn while "take me there" plans a long path on the worker.

    python -m benchmarks.path_stall [--site lotte_world_tower]

At the tower sites a desk and a place can lie 1.8 km apart; A* in Python then runs on a worker
thread for seconds, sharing the GIL with the frame loop. This times every frame from the request
until the path arrives (basic profile, 1280x720 offscreen, no passers-by), beside the same
number of frames with nothing being planned, in the same run.
"""
from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

from benchmarks.common import write


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", default="lotte_world_tower")
    args = parser.parse_args()
    os.environ["METAVERSE_SEOUL_HOME"] = tempfile.mkdtemp()
    from client.app import MetaverseApp
    from client.paths import UserDirs
    from client.settings import load_settings
    from client.world.manifest import approach_point

    settings = load_settings(overrides={"backend.url": "http://127.0.0.1:9", "world.crowd": 0,
                                        "graphics.width": 1280, "graphics.height": 720})
    app = MetaverseApp(settings, UserDirs.resolve(), window_type="offscreen")
    app.states.switch("world", site=args.site)
    for _ in range(30):
        app.task_mgr.step()
    world = app.states.current
    start = approach_point(world.manifest.desks[0])
    world.avatar.root.set_pos(start[0], start[1], world.area.height(start))
    goal = max(world.places().values(), key=lambda p: (p[0] - start[0]) ** 2 + (p[1] - start[1]) ** 2)
    world._path_grid()  # built beforehand: the search alone is measured

    def frame() -> float:
        t = time.perf_counter()
        app.task_mgr.step()
        return (time.perf_counter() - t) * 1000

    t0 = time.perf_counter()
    world.request_walk(goal)
    planning = []
    while not world.autopilot and time.perf_counter() - t0 < 60:
        planning.append(frame())
    planned_s = time.perf_counter() - t0
    world.autopilot.clear()
    idle = [frame() for _ in planning]
    app.close()
    data = {
        "benchmark": "path_stall", "site": args.site,
        "path_km": round(((goal[0] - start[0]) ** 2 + (goal[1] - start[1]) ** 2) ** 0.5 / 1000, 2),
        "planning_s": round(planned_s, 2), "frames": len(planning),
        "planning_frame_ms": {"median": round(statistics.median(planning), 2), "max": round(max(planning), 2)},
        "idle_frame_ms": {"median": round(statistics.median(idle), 2), "max": round(max(idle), 2)},
        "budget": "no frame over 100 ms", "within_budget": max(planning) <= 100,
    }
    write(f"path_stall_{args.site}", data)


if __name__ == "__main__":
    main()
