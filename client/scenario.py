"""Scenario files: a YAML list of steps a person could do, checked before anything runs. Pure Python.

Vocabulary: site, walk_to, interact, press, type, key, wait, expect, screenshot. Each step is a
one-key mapping (or the bare word `interact`), e.g. `- walk_to: Mayor's Office`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from client.schema import DataError, load_yaml_file

STEP_KINDS = ("site", "walk_to", "interact", "press", "type", "key", "wait", "expect", "screenshot")


@dataclass(frozen=True)
class Step:
    kind: str
    args: dict[str, Any]
    index: int

    def describe(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.args.items())
        return f"step {self.index + 1} ({self.kind}{': ' + shown if shown else ''})"


def _text(path: Path, where: str, value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise DataError(path, where, f"must be non-empty text, not {value!r}")
    return value


def _number(path: Path, where: str, value: Any, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise DataError(path, where, f"must be a number from {low:g} to {high:g}, not {value!r}")
    return float(value)


def _parse_step(path: Path, index: int, raw: Any) -> Step:
    where = f"[{index}]"
    if raw == "interact":
        return Step("interact", {}, index)
    if not isinstance(raw, dict) or len(raw) != 1:
        raise DataError(path, where, f"each step is one of {', '.join(STEP_KINDS)}, written as '- kind: value'")
    ((kind, value),) = raw.items()
    where = f"[{index}].{kind}"
    if kind not in STEP_KINDS:
        raise DataError(path, where, f"unknown step (known: {', '.join(STEP_KINDS)})")
    if kind == "interact":
        return Step(kind, {}, index)
    if kind in ("site", "walk_to", "press", "screenshot"):
        return Step(kind, {"target": _text(path, where, value)}, index)
    if kind == "wait":
        return Step(kind, {"seconds": _number(path, where, value, 0, 600)}, index)
    if kind == "expect":
        if isinstance(value, dict):
            return Step(kind, {
                "text": _text(path, f"{where}.text", value.get("text")),
                "timeout": _number(path, f"{where}.timeout", value.get("timeout", 20), 0.1, 600),
            }, index)
        return Step(kind, {"text": _text(path, where, value), "timeout": 20.0}, index)
    if kind == "key":
        if isinstance(value, dict):
            return Step(kind, {
                "name": _text(path, f"{where}.name", value.get("name")),
                "hold": _number(path, f"{where}.hold", value.get("hold", 0), 0, 600),
            }, index)
        return Step(kind, {"name": _text(path, where, value), "hold": 0.0}, index)
    # type: {into: field label or id, text: ...}
    if not isinstance(value, dict) or set(value) - {"into", "text"}:
        raise DataError(path, where, "must be {into: <field label or id>, text: <what to type>}")
    return Step(kind, {"into": _text(path, f"{where}.into", value.get("into")),
                       "text": _text(path, f"{where}.text", value.get("text"))}, index)


def load_scenario(path: Path) -> list[Step]:
    """Read and check a scenario file; DataError names the step that is wrong."""
    path = Path(path)
    data = load_yaml_file(path)
    if not isinstance(data, list) or not data:
        raise DataError(path, "", "a scenario is a non-empty list of steps")
    return [_parse_step(path, i, raw) for i, raw in enumerate(data)]
