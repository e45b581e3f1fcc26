"""A picture of every screen, in Korean and English at 100% and 200% UI scale, for people to look at.

    python -m tools.screen_gallery OUT_DIR [--lang ko en] [--scale 1.0 2.0] [--guest]

Each language and scale runs in its own process (one ShowBase per process): the real client
offscreen, Seoul Plaza, the embedded backend in a throwaway home folder, signed in as a demo
citizen unless --guest. Every state of the app's registry that opens over the world, and every
service screen, is opened in turn, left to load what it asks the server for, and saved as
OUT_DIR/<lang>_<scale>/<NN>_<screen>.png; contact.png beside them shows all of them at once. A
screen that cannot open is listed on stderr and the exit status is 1.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

DEMO = ("demo1@example.seoul", "seoul-demo-2025")  # seeded by the embedded server (server/README.md)
SITE = "seoul_plaza"
# States that open over the world, with what they are opened with; "service" is added per screen.
OVER_WORLD = (("menu", {}), ("help", {}), ("settings", {}), ("keys", {}), ("world_map", {"current": SITE}),
              ("take_me_there", {}), ("easy", {}))


def _wait(app, condition, frames: int = 600) -> bool:
    for _ in range(frames):
        if condition():
            return True
        app.task_mgr.step()
    return condition()


def shoot(out: Path, lang: str, scale: float, guest: bool) -> int:
    """In this process: open each screen over the world and save a PNG of it; returns how many failed."""
    from client.app import STATES, MetaverseApp  # noqa: PLC0415 - Panda3D only in the child
    from client.automation import save_screenshot  # noqa: PLC0415
    from client.paths import UserDirs  # noqa: PLC0415
    from client.settings import load_settings  # noqa: PLC0415
    from client.states.service import SCREENS  # noqa: PLC0415

    settings = load_settings(overrides={"ui.lang": lang, "ui.scale": scale})
    app = MetaverseApp(settings, UserDirs.resolve(), window_type="offscreen")
    app.use_fixed_clock(60.0)
    failed = 0
    try:
        app.start(site=SITE)
        if not _wait(app, lambda: app.states.current is not None and app.states.current.name == "world", 3000):
            print(f"{lang} {scale}: the world did not open", file=sys.stderr)
            return 1
        world = app.states.current
        world.wait_for_paths()
        if not guest:
            app.net.api.login(*DEMO)
        screens = [(name, kwargs) for name, kwargs in OVER_WORLD if name in STATES]
        screens += [("service", {"service": service}) for service in SCREENS]
        shots = []
        for index, (name, kwargs) in enumerate([("world", {})] + screens):
            label = kwargs.get("service", name)
            if name != "world":
                app.states.push(name, **kwargs)
            opened = _wait(app, lambda n=name: app.states.current is not None and app.states.current.name == n, 60)
            _wait(app, lambda: app.worker.pending() == 0, 600)  # what the screen asked the server for
            for _ in range(3):
                app.task_mgr.step()
            if not opened:
                print(f"{lang} {scale}: {label} did not open", file=sys.stderr)
                failed += 1
            else:
                shots.append(save_screenshot(app, out / f"{index:02d}_{label}.png"))
            while app.states.current is not world and app.states.current is not None:
                app.states.pop()
                app.task_mgr.step()
        contact_sheet(shots, out / "contact.png")
    finally:
        app.close()
    return failed


def contact_sheet(shots: list[Path], path: Path, columns: int = 4, width: int = 640) -> None:
    """All the screenshots side by side, each labelled with its file name, in one PNG."""
    from PIL import Image, ImageDraw  # noqa: PLC0415 - Pillow is a tools/test dependency

    if not shots:
        return
    images = [Image.open(shot).convert("RGB") for shot in shots]
    height = round(width * images[0].height / images[0].width)
    rows = -(-len(images) // columns)
    sheet = Image.new("RGB", (columns * width, rows * (height + 18)), "white")
    draw = ImageDraw.Draw(sheet)
    for index, (shot, image) in enumerate(zip(shots, images)):
        x, y = (index % columns) * width, (index // columns) * (height + 18)
        sheet.paste(image.resize((width, height)), (x, y + 18))
        draw.text((x + 4, y + 3), shot.stem, fill="black")
    sheet.save(path)


def main(argv: list[str] | None = None) -> int:
    """Run one child process per language and scale; returns 1 if any screen failed to open."""
    parser = argparse.ArgumentParser(prog="python -m tools.screen_gallery")
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", nargs="+", default=["ko", "en"], choices=["ko", "en"])
    parser.add_argument("--scale", nargs="+", type=float, default=[1.0, 2.0])
    parser.add_argument("--guest", action="store_true", help="not signed in (services ask to log in)")
    parser.add_argument("--child", nargs=2, metavar=("LANG", "SCALE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        lang, scale = args.child[0], float(args.child[1])
        return 1 if shoot(args.out, lang, scale, args.guest) else 0
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for lang in args.lang:
            for scale in args.scale:
                tag = f"{lang}_{round(scale * 100)}"
                out = (args.out / tag).resolve()
                out.mkdir(parents=True, exist_ok=True)
                env = dict(os.environ, METAVERSE_SEOUL_HOME=str(Path(tmp) / tag))
                cmd = [sys.executable, "-m", "tools.screen_gallery", str(out), "--child", lang, str(scale)]
                cmd += ["--guest"] if args.guest else []
                code = subprocess.run(cmd, env=env).returncode
                print(f"{tag}: {'ok' if code == 0 else 'FAILED'} -> {out}")
                failed += code != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
