"""Runs the app for a person (the main loop) or for automation (frames, scenario, stats, screenshot)."""
from __future__ import annotations

import sys
import time

from client.app import INTERACTIVE_STATES, MetaverseApp
from client.automation import FrameRecorder, ScenarioFailed, ScenarioRunner, save_screenshot, write_stats

EXIT_OK, EXIT_FAILED = 0, 1


def run_app(settings, dirs, args, steps, t0: float) -> int:
    """Open the app and run until the person quits, or until the automation is done."""
    automated = bool(args.frames or steps is not None or args.screenshot or args.stats)
    try:
        app = MetaverseApp(settings, dirs, window_type="offscreen" if args.offscreen else "onscreen")
    except Exception as exc:  # no display, no GL: say so instead of a traceback
        print(f"metaverse-seoul: cannot open a window ({exc}); try --offscreen", file=sys.stderr)
        return EXIT_FAILED
    if app.win is None:
        print("metaverse-seoul: no window could be opened; try --offscreen", file=sys.stderr)
        return EXIT_FAILED
    world_args = {"manifest_path": str(args.manifest)} if args.manifest else {"site": settings.world.site}
    app.start(**world_args)
    if not automated:
        app.run()
        return EXIT_OK
    startup_s = time.perf_counter() - t0
    if steps is not None:
        app.use_fixed_clock(60.0)
    rec = FrameRecorder(app)
    code = EXIT_OK
    try:
        # The first interactive frame: the world (or easy mode's first page, or a kiosk's attract loop)
        # is up and has drawn once.
        first = INTERACTIVE_STATES
        rec.until(lambda: app.states.current is not None and app.states.current.name in (*first, "error"), 600)
        rec.step()
        app.finish_frames()  # shown means rasterised, not just handed to the driver
        first_frame_s = time.perf_counter() - t0
        if app.states.current is None or app.states.current.name not in first:
            print("metaverse-seoul: the site could not be opened", file=sys.stderr)
            code = EXIT_FAILED
        warmup = len(rec.frame_ms)
        if steps is not None and code == EXIT_OK:
            ScenarioRunner(app, rec).run(steps)
        for _ in range(args.frames or 0):
            rec.step()
        if args.screenshot:
            save_screenshot(app, args.screenshot)
        if args.stats:
            write_stats(args.stats, app, rec, startup_s, first_frame_s, skip=warmup)
    except ScenarioFailed as exc:
        print(f"metaverse-seoul: {exc}", file=sys.stderr)
        if args.screenshot:
            save_screenshot(app, args.screenshot)
        code = EXIT_FAILED
    finally:
        app.close()
    return code
