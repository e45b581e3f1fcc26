"""Driving the app without a person: fixed frame counts, scenarios, screenshots and --stats figures.

Scenario steps use the same paths a person does: key events through the messenger, buttons by
their visible label, fields by their label. Waiting is always on a condition (a state is active,
text is on screen, a walk has arrived), with a bound, never a fixed sleep.
"""
from __future__ import annotations

import json
import math
import resource
import statistics
import time
from pathlib import Path
from typing import Callable

from panda3d.core import Filename, PGEntry, PGItem

from client.scenario import Step


class ScenarioFailed(Exception):
    """A step could not be done; the message says which step and what was on screen."""


class FrameRecorder:
    """Steps the app one frame at a time and remembers how long each frame took."""

    def __init__(self, app):
        self.app = app
        self.frame_ms: list[float] = []

    def step(self) -> None:
        start = time.perf_counter()
        self.app.task_mgr.step()
        self.frame_ms.append((time.perf_counter() - start) * 1000.0)

    def until(self, condition: Callable[[], bool], max_frames: int, between: Callable[[], None] | None = None) -> bool:
        for _ in range(max_frames):
            if condition():
                return True
            if between is not None:
                between()
            self.step()
        return condition()


def visible_texts(app) -> list[str]:
    """Every piece of 2D text currently shown, bottom state first, without repeats.

    DirectGUI keeps a widget's text inside its PGItem state definitions, outside the scene graph that
    find_all_matches walks, so the widgets' own registry is what knows what is on screen.
    """
    seen: list[str] = []
    for state in app.states.stack:
        for info in state.ui.widgets.values():
            if info.role == "panel" or not info.is_visible():
                continue
            if info.role == "entry":
                # A password field shows dots on screen, and so does every report of the screen.
                value = "•" * len(info.widget.get()) if info.widget["obscured"] else info.widget.get()
            else:
                value = info.widget["text"]
            value = (value or "").strip()
            if value and value not in seen:
                seen.append(value)
    return seen


def find_widget(app, key: str, role: str | None = None):
    """A visible widget by label or id, searching the top state first."""
    for state in reversed(app.states.stack):
        found = state.ui.find(key, role)
        if found is not None:
            return found
    return None


def type_keys(app, text: str) -> None:
    """Type text as a keyboard does: each key's button event goes to the messenger (where shortcuts
    listen), and its character to the text field that has keyboard focus, at its cursor.

    Without a window there is no keyboard device to feed PGEntry's own keystroke handling, so this
    does what it does: printable characters only (Tab, Enter and Esc are keys, not text), nothing past
    the field's limit."""
    for ch in text:
        if ch.isascii() and ch.isprintable():
            app.messenger.send("space" if ch == " " else ch.lower())
        item = PGItem.get_focus_item()
        if not isinstance(item, PGEntry) or not ch.isprintable():
            continue
        typed, cursor = item.get_plain_wtext(), item.get_cursor_position()
        if not item.get_max_chars() or len(typed) < item.get_max_chars():
            item.set_wtext(typed[:cursor] + ch + typed[cursor:])
            item.set_cursor_position(cursor + 1)
        app.task_mgr.step()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, math.ceil(q / 100.0 * len(ordered)) - 1))
    return ordered[index]


def frame_summary(frame_ms: list[float]) -> dict[str, float]:
    if not frame_ms:
        return {"median": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0}
    return {
        "median": round(statistics.median(frame_ms), 3),
        "p95": round(percentile(frame_ms, 95), 3),
        "p99": round(percentile(frame_ms, 99), 3),
        "max": round(max(frame_ms), 3),
    }


def rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1)


def save_screenshot(app, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not app.win.save_screenshot(Filename.from_os_specific(str(path))):
        raise OSError(f"{path}: the screenshot could not be written")
    return path


class ScenarioRunner:
    """Runs checked scenario steps against a started app."""

    def __init__(self, app, recorder: FrameRecorder, fps: float = 60.0, log: Callable[[str], None] = print):
        self.app, self.rec, self.fps, self.log = app, recorder, fps, log

    def run(self, steps: list[Step]) -> None:
        for step in steps:
            self.log(f"scenario: {step.describe()}")
            getattr(self, f"_{step.kind}")(step)

    def _fail(self, step: Step, why: str) -> None:
        shown = "\n  ".join(visible_texts(self.app)) or "(no text)"
        raise ScenarioFailed(f"{step.describe()} failed: {why}\nOn screen:\n  {shown}")

    def _world(self, step: Step):
        world = self.app.states.find("world")
        if world is None:
            self._fail(step, "the world is not open")
        return world

    def _site(self, step: Step) -> None:
        site = step.args["target"]
        current = self.app.states.current
        if current is not None and current.name == "world" and current.manifest.id == site:
            return  # already there
        self.app.states.switch("travel", site=site)

        def ready() -> bool:
            top = self.app.states.current
            if top is not None and top is not current and top.name == "error":
                self._fail(step, "the site could not be opened")
            return top is not None and top is not current and top.name == "world"

        if not self.rec.until(ready, max_frames=600):
            self._fail(step, "the world did not open")

    def _walk_to(self, step: Step) -> None:
        world = self._world(step)
        places = world.places()
        target = places.get(step.args["target"])
        if target is None:
            self._fail(step, f"no place called {step.args['target']!r} here (places: {', '.join(sorted(places))})")
        goal = world.walk_to(target)
        arrived = self.rec.until(lambda: not world.autopilot, max_frames=int(self.fps * 180))
        if not arrived or math.dist(world.avatar.xy, goal) > 1.0:
            x, y = world.avatar.xy
            self._fail(step, f"the avatar stopped at ({x:.1f}, {y:.1f}), not at the destination")

    def _interact(self, step: Step) -> None:
        world = self._world(step)
        self.app.messenger.send(self.app.settings.controls.interact[0])
        self.rec.step()
        self.rec.step()  # a pushed screen (e.g. the map at a subway entrance) opens on the next frame
        if world.conversation is None and self.app.states.current is world:
            self._fail(step, "there is nobody and nothing to use here")

    def _press(self, step: Step) -> None:
        info = find_widget(self.app, step.args["target"], role="button")
        if info is None:
            self._fail(step, f"no button labelled {step.args['target']!r} is visible")
        button = info.widget
        button["command"](*button["extraArgs"])
        self.rec.step()
        # A person waits while a loading screen is up; so does the next step.
        self.rec.until(lambda: self.app.states.current is None or self.app.states.current.name != "travel",
                       max_frames=int(self.fps * 120))

    def _type(self, step: Step) -> None:
        info = find_widget(self.app, step.args["into"], role="entry")
        if info is None:
            self._fail(step, f"no field labelled {step.args['into']!r} is visible")
        info.widget.enterText(info.widget.get() + step.args["text"])
        self.rec.step()

    def _key(self, step: Step) -> None:
        name = step.args["name"]
        self.app.messenger.send(name)
        self._frames(step.args["hold"])
        self.app.messenger.send(f"{name}-up")
        self.rec.step()

    def _wait(self, step: Step) -> None:
        self._frames(step.args["seconds"])

    def _frames(self, seconds: float) -> None:
        for _ in range(max(1, round(seconds * self.fps))):
            self.rec.step()

    def _expect(self, step: Step) -> None:
        wanted = step.args["text"]
        deadline = time.monotonic() + step.args["timeout"]

        def shown() -> bool:
            if time.monotonic() > deadline:
                return True
            return any(wanted in text for text in visible_texts(self.app))

        # A reply from the network wakes the loop as soon as it lands; frames keep being drawn meanwhile.
        self.rec.until(shown, max_frames=10**7, between=lambda: self.app.worker.wait_finished(0.05))
        if not any(wanted in text for text in visible_texts(self.app)):
            self._fail(step, f"{wanted!r} did not appear within {step.args['timeout']:g} s")

    def _screenshot(self, step: Step) -> None:
        self.rec.step()
        save_screenshot(self.app, Path(step.args["target"]))


def write_stats(path: Path, app, rec: FrameRecorder, startup_s: float, first_frame_s: float, skip: int) -> dict:
    """The --stats JSON: what ran, how fast, and what the scene cost."""
    world = app.states.find("world")
    stats = world.site.stats() if world is not None else None
    data = {
        "site": world.manifest.id if world is not None else None,
        "renderer": app.renderer,
        "profile": app.profile.name,
        "startup_s": round(startup_s, 4),
        "first_frame_s": round(first_frame_s, 4),
        "frames": len(rec.frame_ms) - skip,
        "frame_ms": frame_summary(rec.frame_ms[skip:]),
        "geoms": stats.geoms if stats else 0,
        "triangles": stats.triangles if stats else 0,
        "materials": stats.materials if stats else 0,
        "rss_mb": rss_mb(),
    }
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return data

