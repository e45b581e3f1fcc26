"""The base class of every state: it owns its nodes, tasks, event hooks, widgets and network calls.

Everything a state makes goes through these helpers, so `exit()` can free all of it. A test enters
and exits every state and checks that no node, task, event hook or widget is left behind.
"""
from __future__ import annotations

from typing import Any, Callable

from direct.showbase.DirectObject import DirectObject

from ui.widgets import UiRoot


class State:
    """One screen or mode of the app. Subclasses override on_enter / on_exit / on_pause / on_resume."""

    name = "state"

    def __init__(self, ctx, machine):
        self.ctx = ctx
        self.machine = machine
        base = ctx.base
        self.root = base.render.attach_new_node(f"state:{self.name}")
        self.root2d = base.aspect2d.attach_new_node(f"state2d:{self.name}")
        self.ui = UiRoot(self.root2d, ctx.theme, ctx.i18n)
        self._events = DirectObject()
        self._hooks: list[tuple[str, Callable, list]] = []
        self._tasks: list[Any] = []
        self.paused = False

    # -- resources the state owns -------------------------------------------------------------
    def accept(self, event: str, handler: Callable, extra_args: list | None = None) -> None:
        """Listen to a messenger event until the state exits (and not while it is paused)."""
        self._hooks.append((event, handler, extra_args or []))
        if not self.paused:
            self._events.accept(event, handler, extra_args or [])

    def ignore(self, event: str) -> None:
        """Stop listening to an event this state accepted (e.g. a key that was rebound)."""
        self._hooks = [hook for hook in self._hooks if hook[0] != event]
        self._events.ignore(event)

    def add_task(self, fn: Callable, name: str, sort: int = 0) -> Any:
        """Run fn(task) every frame until the state exits; paused states' tasks keep running."""
        task = self.ctx.base.task_mgr.add(fn, f"{self.name}:{name}", sort=sort)
        self._tasks.append(task)
        return task

    def submit(self, fn: Callable, *args: Any, on_done=None, on_error=None) -> Any:
        """Run a blocking call on the worker; its callbacks are dropped if this state exits first."""
        return self.ctx.worker.submit(fn, *args, owner=self, on_done=on_done, on_error=on_error)

    # -- lifecycle ------------------------------------------------------------------------------
    def enter(self, **kwargs: Any) -> None:
        self.on_enter(**kwargs)

    def pause(self) -> None:
        """Another state was pushed on top: stop listening to input, keep nodes and tasks."""
        self.paused = True
        self._events.ignore_all()
        self.on_pause()

    def resume(self) -> None:
        self.paused = False
        for event, handler, extra in self._hooks:
            self._events.accept(event, handler, extra)
        self.on_resume()

    def exit(self) -> None:
        """Free everything this state made. Safe to call once; the state is dead afterwards."""
        try:
            self.on_exit()
        finally:
            self.ctx.worker.cancel_owner(self)
            self._events.ignore_all()
            self._hooks.clear()
            for task in self._tasks:
                self.ctx.base.task_mgr.remove(task)
            self._tasks.clear()
            self.ui.destroy()
            self.root.remove_node()
            self.root2d.remove_node()

    # -- hooks for subclasses --------------------------------------------------------------------
    def on_enter(self, **kwargs: Any) -> None:
        pass

    def on_exit(self) -> None:
        pass

    def on_pause(self) -> None:
        pass

    def on_resume(self) -> None:
        pass
