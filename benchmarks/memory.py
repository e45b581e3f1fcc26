"""Peak memory of the client in every site, beside an empty ShowBase's peak in the same run.

    python -m benchmarks.memory [--frames 300] [--sites seoul_plaza …]

Each site runs offscreen at 1280×720 with the avatar, the passers-by and the embedded backend (or,
with ``--no-backend``, none: to see the backend's share) for
``--frames`` frames; its peak resident set (ru_maxrss of the client process) is compared with an
empty ShowBase that opened the same offscreen window and drew one frame. Budget: the busiest site's
peak <= 2.5 × the empty ShowBase's.
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from benchmarks.common import run_client, run_python, write
from client.paths import SCENES_DIR

BUDGET_RATIO = 2.5
EMPTY_SHOWBASE = """
import json, resource
from panda3d.core import loadPrcFileData
loadPrcFileData('', 'window-type offscreen\\nwin-size 1280 720\\nnotify-level-device fatal\\naudio-library-name null\\nsync-video #f\\ngl-finish #t')
from direct.showbase.ShowBase import ShowBase
base = ShowBase()
for _ in range(10):
    base.task_mgr.step()
print(json.dumps({'rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--frames", type=int, default=300)
    parser.add_argument("--sites", nargs="*", default=sorted(p.stem for p in SCENES_DIR.glob("*.yaml")))
    parser.add_argument("--no-backend", action="store_true",
                        help="point the client at a closed port instead of starting the embedded backend in it")
    args = parser.parse_args()
    backend = ["--backend-url", "http://127.0.0.1:9"] if args.no_backend else []
    empty = run_python(EMPTY_SHOWBASE)["rss_mb"]
    sites = {}
    with tempfile.TemporaryDirectory() as tmp:
        for site in args.sites:
            stats = run_client("--site", site, "--frames", str(args.frames), "--size", "1280x720", *backend,
                               home=Path(tmp) / "home")
            sites[site] = stats["rss_mb"]
            print(f"{site}: {sites[site]:.1f} MiB")
    busiest = max(sites, key=sites.get)
    ratio = round(sites[busiest] / empty, 2)
    write("memory", {
        "benchmark": "peak_memory",
        "embedded_backend": not args.no_backend,
        "empty_showbase_rss_mb": round(empty, 1),
        "sites_rss_mb": sites,
        "busiest_site": busiest,
        "busiest_ratio": ratio,
        "budget_ratio": BUDGET_RATIO,
        "within_budget": ratio <= BUDGET_RATIO,
    })


if __name__ == "__main__":
    main()
