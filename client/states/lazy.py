"""State classes imported on first use, so the screens opened later cost nothing at startup."""
from __future__ import annotations

import importlib
from typing import Any, Callable


def lazy_state(module: str, name: str) -> Callable[..., Any]:
    """A factory for the state class ``name`` in ``module``, importing the module on its first call."""

    def make(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    make.__qualname__ = f"lazy_state({module}.{name})"
    return make
