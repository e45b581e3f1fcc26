"""Command line: argv → settings → app, plus the automation flags (--offscreen, --scenario, --stats…)."""
from __future__ import annotations

import time

_T0 = time.perf_counter()  # startup is measured from here, before the heavy imports below

import argparse  # noqa: E402
import logging  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from client.log_redact import install as install_redaction  # noqa: E402
from client.paths import UserDirs  # noqa: E402
from client.schema import DataError  # noqa: E402
from client.settings import SettingsError, load_settings  # noqa: E402

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="metaverse-seoul", description="Walk Seoul and use its public services.")
    profile = p.add_mutually_exclusive_group()
    profile.add_argument("--kiosk", action="store_true", help="community-centre kiosk profile")
    profile.add_argument("--creator", action="store_true", help="content-creator profile")
    p.add_argument("--site", help="site to open, e.g. seoul_plaza")
    p.add_argument("--manifest", type=Path, help="open a site manifest file instead of a shipped site")
    p.add_argument("--lang", choices=("ko", "en"), help="interface language")
    p.add_argument("--ui-scale", type=float, help="UI scale from 1.0 to 2.0")
    p.add_argument("--profile", choices=("auto", "basic", "full"), help="graphics profile")
    p.add_argument("--size", help="window size WIDTHxHEIGHT, e.g. 1280x720")
    p.add_argument("--backend-url", help="use a remote backend instead of the embedded one")
    p.add_argument("--easy", action="store_true", help="start in easy mode: every service on plain 2D pages")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="any setting, e.g. ui.captions=false")
    auto = p.add_argument_group("automation (tests, benchmarks, kiosk checks)")
    auto.add_argument("--offscreen", action="store_true", help="render without a window")
    auto.add_argument("--frames", type=int, help="run this many frames in the world, then exit")
    auto.add_argument("--scenario", type=Path, help="run a scenario file, then exit (non-zero if it fails)")
    auto.add_argument("--screenshot", type=Path, help="save the last frame as PNG")
    auto.add_argument("--stats", type=Path, help="write timing and scene figures as JSON")
    p.add_argument("-v", "--verbose", action="store_true")
    p.add_argument("--no-watchdog", action="store_true", help="kiosk: run the client directly, not under its watchdog")
    # Set by the kiosk watchdog on the client it runs (client/kiosk_watchdog.py); not for people.
    p.add_argument("--supervised", action="store_true", help=argparse.SUPPRESS)
    return p


def wants_watchdog(args: argparse.Namespace) -> bool:
    """A kiosk run for people (not automation, not already the watchdog's child) goes under the watchdog."""
    automated = bool(args.frames or args.scenario or args.screenshot or args.stats)
    return args.kiosk and not (automated or args.supervised or args.no_watchdog)


def settings_overrides(args: argparse.Namespace) -> dict[str, Any]:
    """Command-line flags as dotted settings; --set values are parsed like YAML scalars."""
    import yaml

    out: dict[str, Any] = {}
    for item in args.set:
        key, sep, raw = item.partition("=")
        if not sep:
            raise SettingsError(f"command line: --set {item!r} must look like key=value")
        out[key.strip()] = yaml.safe_load(raw) if raw.strip() else raw
    if args.easy:
        out["ui.easy_mode"] = True
    if args.lang:
        out["ui.lang"] = args.lang
    if args.ui_scale is not None:
        out["ui.scale"] = args.ui_scale
    if args.profile:
        out["graphics.profile"] = args.profile
    if args.backend_url:
        out["backend.url"] = args.backend_url
    if args.site:
        out["world.site"] = args.site
    if args.size:
        width, _, height = args.size.lower().partition("x")
        if not (width.isdigit() and height.isdigit()):
            raise SettingsError(f"command line: --size {args.size!r} must look like 1280x720")
        out["graphics.width"], out["graphics.height"] = int(width), int(height)
    return out


def build_preview_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="metaverse-seoul preview",
                                description="Preview a site manifest, .glb or .gltf; it reloads as the files are edited.")
    p.add_argument("path", type=Path, help="a manifest (.yaml) or a model (.glb/.gltf)")
    p.add_argument("--lang", choices=("ko", "en"))
    p.add_argument("--profile", choices=("auto", "basic", "full"))
    p.add_argument("--size", help="WIDTHxHEIGHT")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    p.add_argument("--offscreen", action="store_true", help="render without a window, then exit")
    p.add_argument("--screenshot", type=Path, help="save a PNG of the preview")
    p.add_argument("--turntable", type=Path, metavar="DIR", help="write --frames PNGs orbiting the model (a site: its spawn)")
    p.add_argument("--frames", type=int, help="turntable pictures (default 36), or frames before the screenshot")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(easy=False, ui_scale=None, backend_url=None, site=None)  # what settings_overrides reads
    return p


def preview_main(argv: list[str]) -> int:
    """``metaverse-seoul preview PATH``: a creator's live view of a manifest or model (client/preview)."""
    args = build_preview_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    install_redaction()
    dirs = UserDirs.resolve()
    try:
        settings = load_settings(profile="creator", user_file=dirs.config / "settings.yaml",
                                 overrides=settings_overrides(args))
    except (SettingsError, DataError) as exc:
        print(f"metaverse-seoul: {exc}", file=sys.stderr)
        return EXIT_USAGE
    from client.preview import run_preview  # noqa: PLC0415 - Panda3D only when previewing

    return run_preview(settings, dirs, args.path, args)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["validate"]:  # a creator's check for CI: no window, no settings
        from client.validate import main as validate  # noqa: PLC0415 - keeps the app's start lean

        return validate(argv[1:])
    if argv[:1] == ["preview"]:
        return preview_main(argv[1:])
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    install_redaction()  # before anything can log a citizen's details
    dirs = UserDirs.resolve()
    try:
        settings = load_settings(
            profile="kiosk" if args.kiosk else "creator" if args.creator else None,
            user_file=dirs.config / "settings.yaml",
            overrides=settings_overrides(args),
        )
        steps = None
        if args.scenario:
            from client.scenario import load_scenario

            steps = load_scenario(args.scenario)
    except (SettingsError, DataError) as exc:
        print(f"metaverse-seoul: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if wants_watchdog(args):
        from client.kiosk_watchdog import supervise

        logging.getLogger("metaverse_seoul.watchdog").setLevel(logging.INFO)  # restarts are always logged
        return supervise(sys.argv[1:] if argv is None else argv, settings.kiosk.hang_timeout_s, sys.executable)
    from client.runner import run_app

    return run_app(settings, dirs, args, steps, _T0)


if __name__ == "__main__":
    raise SystemExit(main())
