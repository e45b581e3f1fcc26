"""Render every site from its spawn point, in Korean and English, into a folder for people to look at.

Usage::

    python -m tools.site_screenshots [--out DIR] [--lang ko|en ...] [--profile basic|full] [SITES...]

One client process per language opens the first site with ``--site`` and visits the others through a
scenario (``site`` then ``screenshot`` steps), so all eleven sites render in a few seconds.  Files are
``DIR/<site>_<lang>.png``.  The client runs offscreen with a throw-away METAVERSE_SEOUL_HOME and an
unreachable backend, so nothing touches the real user data or the network.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SCENES_DIR = ROOT / "scenes"
SITES = ("seoul_plaza", "gwanghwamun_square", "gyeongbokgung", "deoksugung", "cheong_wa_dae",
         "bukchon_hanok_village", "n_seoul_tower", "lotte_world_tower", "dongdaemun_design_plaza",
         "seoul_forest", "hangang_park")
NO_BACKEND = "http://127.0.0.1:9"


def shot_path(out_dir: Path, site: str, lang: str) -> Path:
    return Path(out_dir) / f"{site}_{lang}.png"


def render_sites(sites, out_dir: Path, lang: str = "en", profile: str = "basic",
                 timeout: float = 300) -> subprocess.CompletedProcess:
    """Screenshot each site at its spawn in one client process; returns the finished process."""
    sites = list(sites)
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="site-shots-") as tmp:
        steps = []
        for i, site in enumerate(sites):
            if i:
                steps.append({"site": site})
            # a few frames so the camera and lights settle before the picture is taken
            steps += [{"wait": 0.05}, {"screenshot": str(shot_path(out_dir, site, lang))}]
        scenario = Path(tmp) / "shots.yaml"
        scenario.write_text(yaml.safe_dump(steps, allow_unicode=True), encoding="utf-8")
        env = dict(os.environ, METAVERSE_SEOUL_HOME=str(Path(tmp) / "home"))
        command = [sys.executable, "-m", "client", "--offscreen", "--site", sites[0], "--lang", lang,
                   "--profile", profile, "--scenario", str(scenario), "--backend-url", NO_BACKEND]
        return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.site_screenshots", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "site_screenshots")
    parser.add_argument("--lang", action="append", choices=("ko", "en"), help="default: both")
    parser.add_argument("--profile", choices=("basic", "full"), default="basic")
    parser.add_argument("sites", nargs="*", help=f"site ids (default: all {len(SITES)})")
    args = parser.parse_args(argv)
    sites = args.sites or list(SITES)
    unknown = [s for s in sites if not (SCENES_DIR / f"{s}.yaml").is_file()]
    if unknown:
        print(f"error: no manifest for {', '.join(unknown)}", file=sys.stderr)
        return 2
    code = 0
    for lang in args.lang or ["ko", "en"]:
        done = render_sites(sites, args.out, lang, args.profile)
        if done.returncode != 0:
            print(done.stderr[-2000:], file=sys.stderr)
            code = 1
        for site in sites:
            path = shot_path(args.out, site, lang)
            print(f"{'wrote' if path.is_file() else 'MISSING'} {path}")
    return code


if __name__ == "__main__":
    sys.exit(main())
