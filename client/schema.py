"""A small reader for hand-written YAML data (manifests, dialogues) that reports errors by file and key.

Creators edit these files by hand, so every complaint names the file, the dotted key (with list
indices) and, where YAML knows it, the line. Pure Python: no Panda3D.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import yaml

LANGS = ("ko", "en")
MAX_DATA_FILE_BYTES = 1_000_000


class DataError(ValueError):
    """Malformed data file. `path` and `key` say where; str() is the full human message."""

    def __init__(self, path: Path | str, key: str, message: str, line: int | None = None):
        self.path, self.key, self.line = str(path), key, line
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {key}: {message}" if key else f"{where}: {message}")


class _NoAliasLoader(yaml.SafeLoader):
    """safe_load that refuses anchors and aliases: they are how YAML 'billion laughs' bombs work."""

    def compose_node(self, parent, index):  # noqa: D401 - PyYAML hook
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(problem="aliases (*name) are not allowed", problem_mark=event.start_mark)
        return super().compose_node(parent, index)


def _refuse_aliases(root: yaml.Node) -> None:
    """An alias composes to the very node its anchor named, so a node met twice is an alias.

    Checked on the composed tree, before anything is constructed: a bomb's tree is small (it is
    the construction that explodes), and the walk stops at the first repeat.
    """
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise yaml.MarkedYAMLError(problem="aliases (*name) are not allowed", problem_mark=node.start_mark)
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += (key, value)
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value


def _parse(text: str) -> Any:
    """safe_load semantics without aliases; libyaml's parser when PyYAML has it (about ten times
    faster than the pure-Python one, which cost 90 ms of the frame that opens a site)."""
    if not yaml.__with_libyaml__:
        return yaml.load(text, Loader=_NoAliasLoader)  # a SafeLoader subclass: safe_load semantics
    loader = yaml.CSafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _refuse_aliases(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def load_yaml_file(path: Path) -> Any:
    """Read and parse a data file, refusing oversized files and YAML aliases, with clear errors."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DataError(path, "", f"cannot be read ({exc.strerror or exc})") from exc
    if size > MAX_DATA_FILE_BYTES:
        raise DataError(path, "", f"is {size} bytes; data files are limited to {MAX_DATA_FILE_BYTES}")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(path, "", "is not UTF-8 text") from exc
    try:
        return _parse(text)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise DataError(path, "", f"invalid YAML: {exc.problem}", line) from exc
    except yaml.YAMLError as exc:
        raise DataError(path, "", f"invalid YAML: {exc}") from exc


class Reader:
    """Typed access to one mapping in a data file, remembering the dotted key for error messages."""

    def __init__(self, data: Any, path: Path | str, key: str = ""):
        self.path, self.key = path, key
        if not isinstance(data, dict):
            raise DataError(path, key or "top level", f"must be a mapping, not {_kind(data)}")
        self.data = data

    def _sub(self, name: str) -> str:
        if not name:
            return self.key
        return f"{self.key}.{name}" if self.key else name

    def error(self, name: str, message: str) -> DataError:
        return DataError(self.path, self._sub(name), message)

    def allow_only(self, *names: str) -> None:
        """Refuse keys the schema does not know, so a typo does not silently do nothing."""
        for name in self.data:
            if name not in names:
                raise self.error(str(name), f"unknown key (expected one of: {', '.join(names)})")

    def has(self, name: str) -> bool:
        return name in self.data

    def raw(self, name: str, default: Any = ...) -> Any:
        if name not in self.data:
            if default is ...:
                raise self.error(name, "is required")
            return default
        return self.data[name]

    def string(self, name: str, default: Any = ..., max_len: int = 200) -> str:
        value = self.raw(name, default)
        if not isinstance(value, str) or not value.strip():
            raise self.error(name, f"must be non-empty text, not {_kind(value)}")
        if len(value) > max_len:
            raise self.error(name, f"is longer than {max_len} characters")
        return value

    def number(self, name: str, default: Any = ..., low: float | None = None, high: float | None = None) -> float:
        value = self.raw(name, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(name, f"must be a number, not {_kind(value)}")
        if (low is not None and value < low) or (high is not None and value > high):
            raise self.error(name, f"must be between {low} and {high}, not {value}")
        return float(value)

    def vector(self, name: str, size: int, default: Any = ..., limit: float = 10_000.0) -> tuple[float, ...]:
        value = self.raw(name, default)
        if (
            not isinstance(value, (list, tuple))
            or len(value) != size
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
        ):
            raise self.error(name, f"must be a list of {size} numbers, not {_kind(value)}")
        if any(abs(v) > limit for v in value):
            raise self.error(name, f"has a coordinate beyond ±{limit:g} m")
        return tuple(float(v) for v in value)

    def text(self, name: str, default: Any = ..., max_len: int = 2000) -> dict[str, str]:
        """A text shown to citizens: must exist in every supported language."""
        value = self.raw(name, default)
        if not isinstance(value, dict):
            raise self.error(name, "must give the text in each language, e.g. {ko: ..., en: ...}")
        for lang in LANGS:
            text = value.get(lang)
            if not isinstance(text, str) or not text.strip():
                raise self.error(f"{name}.{lang}", "is missing (every text needs Korean and English)")
            if len(text) > max_len:
                raise self.error(f"{name}.{lang}", f"is longer than {max_len} characters")
        extra = set(value) - set(LANGS)
        if extra:
            raise self.error(name, f"has unsupported language(s): {', '.join(sorted(map(str, extra)))}")
        return {lang: value[lang] for lang in LANGS}

    def mapping(self, name: str, default: Any = ...) -> "Reader":
        value = self.raw(name, default)
        return Reader(value if value is not None else {}, self.path, self._sub(name))

    def items(self, name: str, default: Any = ..., max_items: int = 1000) -> Iterator["Reader"]:
        value = self.raw(name, default)
        if not isinstance(value, list):
            raise self.error(name, f"must be a list, not {_kind(value)}")
        if len(value) > max_items:
            raise self.error(name, f"has {len(value)} entries; at most {max_items} are allowed")
        for index, item in enumerate(value):
            yield Reader(item, self.path, f"{self._sub(name)}[{index}]")


def _kind(value: Any) -> str:
    if value is ...:
        return "nothing"
    if value is None:
        return "empty"
    if isinstance(value, (dict, list)):
        return type(value).__name__
    return repr(value)
