"""A stack of states: `switch` replaces the whole stack, `push` overlays a state, `pop` returns.

Requests are queued and applied at the start of the next frame, so a state is never torn down from
inside one of its own callbacks.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

log = logging.getLogger(__name__)


class StateMachine:
    def __init__(self, ctx, registry: dict[str, Callable[..., Any]]):
        self.ctx = ctx
        self.registry = dict(registry)
        self.stack: list[Any] = []
        self._requests: list[tuple[str, str | None, dict[str, Any]]] = []
        self.listeners: list[Callable[[str], None]] = []

    @property
    def current(self):
        return self.stack[-1] if self.stack else None

    def switch(self, name: str, **kwargs: Any) -> None:
        self._requests.append(("switch", name, kwargs))

    def push(self, name: str, **kwargs: Any) -> None:
        self._requests.append(("push", name, kwargs))

    def pop(self) -> None:
        self._requests.append(("pop", None, {}))

    def find(self, name: str):
        """The live state called name, if it is on the stack."""
        return next((s for s in reversed(self.stack) if s.name == name), None)

    def apply_requests(self) -> bool:
        """Carry out queued transitions; returns True if anything changed."""
        changed = False
        while self._requests:
            kind, name, kwargs = self._requests.pop(0)
            if kind == "switch":
                while self.stack:
                    self.stack.pop().exit()
                self._enter(name, kwargs)
            elif kind == "push":
                if self.stack:
                    self.stack[-1].pause()
                self._enter(name, kwargs)
            elif kind == "pop" and self.stack:
                self.stack.pop().exit()
                if self.stack:
                    self.stack[-1].resume()
            changed = True
        return changed

    def _enter(self, name: str, kwargs: dict[str, Any]) -> None:
        if name not in self.registry:
            raise KeyError(f"no state called '{name}' (known: {', '.join(sorted(self.registry))})")
        state = self.registry[name](self.ctx, self)
        self.stack.append(state)
        log.debug("enter %s", name)
        try:
            state.enter(**kwargs)
        except Exception:
            # A state that fails half-way still frees what it made before the error is reported.
            self.stack.remove(state)
            state.exit()
            if self.stack:
                self.stack[-1].resume()
            raise
        for listener in list(self.listeners):
            listener(name)

    def shutdown(self) -> None:
        """Exit every state, top first."""
        self._requests.clear()
        while self.stack:
            self.stack.pop().exit()
