"""The creator preview: ``metaverse-seoul preview PATH`` for a manifest, .glb or .gltf.

``run_preview`` is what the command line calls: a window to fly and walk through, reloading as the
files are edited; or, offscreen, a screenshot and a turntable of PNGs for review or CI. The state
itself is client/states/preview.py; this package holds its input, drawings, loading and watching.
"""
from __future__ import annotations

import sys
from pathlib import Path

EXIT_OK, EXIT_FAILED = 0, 1


def run_preview(settings, dirs, path: Path, args) -> int:
    """Open the preview of path; with ``--offscreen`` render the pictures asked for and exit.

    args (argparse): offscreen, screenshot (Path or None), turntable (folder or None) and frames (how
    many turntable pictures, or frames to run before the screenshot). Returns the exit status: 1 when
    the file cannot be shown (the cause goes to stderr), else 0."""
    from client.app import MetaverseApp  # noqa: PLC0415 - Panda3D only once the command is known
    from client.automation import save_screenshot  # noqa: PLC0415

    screenshot, turntable = getattr(args, "screenshot", None), getattr(args, "turntable", None)
    frames = getattr(args, "frames", None)
    automated = bool(getattr(args, "offscreen", False) or screenshot or turntable or frames)
    try:
        app = MetaverseApp(settings, dirs, window_type="offscreen" if getattr(args, "offscreen", False) else "onscreen")
    except Exception as exc:  # noqa: BLE001 - no display, no GL: say so instead of a traceback
        print(f"metaverse-seoul preview: cannot open a window ({exc}); try --offscreen", file=sys.stderr)
        return EXIT_FAILED
    if app.win is None:
        print("metaverse-seoul preview: no window could be opened; try --offscreen", file=sys.stderr)
        app.close()
        return EXIT_FAILED
    # A person's preview watches the files; a one-off render has nothing to wait for.
    app.states.switch("preview", path=str(path), watch=not automated)
    if not automated:
        app.run()
        return EXIT_OK
    code = EXIT_OK
    try:
        app.task_mgr.step()
        state = app.states.current
        if state is None or state.name != "preview":
            print("metaverse-seoul preview: the preview could not be opened", file=sys.stderr)
            return EXIT_FAILED
        if state.error is not None:
            print(f"metaverse-seoul preview: {state.error}", file=sys.stderr)
            code = EXIT_FAILED
        for _ in range(max(2, frames or 0) if not turntable else 2):
            app.task_mgr.step()
        if screenshot:
            app.finish_frames()
            save_screenshot(app, screenshot)
        if turntable and state.scene is not None:
            write_turntable(app, state, Path(turntable), frames or 36)
    finally:
        app.close()
    return code


def write_turntable(app, state, folder: Path, count: int) -> list[Path]:
    """count PNGs in folder, the camera going once round the model (a site: round its spawn)."""
    from client.automation import save_screenshot  # noqa: PLC0415

    folder.mkdir(parents=True, exist_ok=True)
    state.root2d.hide()  # the pictures show the model, not the key help
    written = []
    try:
        for index in range(count):
            state.turntable_pose(index, count)
            app.task_mgr.step()
            app.finish_frames()
            written.append(save_screenshot(app, folder / f"turntable_{index:03d}.png"))
    finally:
        state.root2d.show()
    return written
