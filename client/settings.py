"""Typed settings, merged from layers: default < profile < user file < environment < command line.

Each layer is a nested mapping checked against the dataclass schema below before it is merged, so an
unknown key or a value of the wrong type is reported with the layer it came from (a file path, an
environment variable or a command-line flag) and the dotted key. Pure Python: no Panda3D here.
"""
from __future__ import annotations

import dataclasses
import os
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Mapping

import yaml

from client.paths import CONFIG_DIR

ENV_PREFIX = "METAVERSE_SEOUL_"
# Environment variables that configure where things live rather than what the settings are.
_ENV_NOT_SETTINGS = {"METAVERSE_SEOUL_HOME"}


class SettingsError(ValueError):
    """A settings layer is malformed; the message names the source and the key."""


@dataclass(frozen=True)
class GraphicsSettings:
    profile: Literal["auto", "basic", "full"] = "auto"
    width: int = 1280
    height: int = 720
    fullscreen: bool = False
    undecorated: bool = False
    shadows: bool = True
    show_fps: bool = False


@dataclass(frozen=True)
class UiSettings:
    lang: Literal["ko", "en"] = "ko"
    scale: float = 1.0
    high_contrast: bool = False
    captions: bool = True
    reduced_motion: bool = False
    easy_mode: bool = False  # start in easy mode: plain 2D pages of large buttons, no 3D walking
    first_run_guide: bool = True  # the short guide the first time the world opens (ui/guide.py)


@dataclass(frozen=True)
class AudioSettings:
    # 0 is silent; the sounds are short cues (a press, a desk's greeting, a notice), never speech.
    volume: float = 0.8


@dataclass(frozen=True)
class BackendSettings:
    # "embedded" starts the reference server inside the client; anything else is a base URL.
    url: str = "embedded"
    connect_timeout_s: float = 3.05
    read_timeout_s: float = 10.0
    retries: int = 3
    seed_demo: bool = True
    # TLS is always verified; a city running its own CA names its bundle here (a PEM file path).
    ca_bundle: str = ""


@dataclass(frozen=True)
class WorldSettings:
    site: str = "seoul_plaza"
    walk_speed: float = 1.6
    run_speed: float = 4.0
    turn_speed: float = 120.0
    interact_radius: float = 3.0
    mouse_orbit: bool = True
    crowd: int = 12  # passers-by walking between the desks and places (0 for none)


@dataclass(frozen=True)
class ControlsSettings:
    forward: list[str] = field(default_factory=lambda: ["w", "arrow_up"])
    back: list[str] = field(default_factory=lambda: ["s", "arrow_down"])
    left: list[str] = field(default_factory=lambda: ["a", "arrow_left"])
    right: list[str] = field(default_factory=lambda: ["d", "arrow_right"])
    run: list[str] = field(default_factory=lambda: ["shift"])
    interact: list[str] = field(default_factory=lambda: ["e", "enter"])
    cancel: list[str] = field(default_factory=lambda: ["escape"])
    customise: list[str] = field(default_factory=lambda: ["c"])
    help: list[str] = field(default_factory=lambda: ["f1"])
    map: list[str] = field(default_factory=lambda: ["m"])
    take_me_there: list[str] = field(default_factory=lambda: ["t"])


@dataclass(frozen=True)
class KioskSettings:
    enabled: bool = False
    idle_timeout_s: float = 120.0
    # WCAG 2.2.1: at least 20 s to answer "are you still there?" (checked in _RANGES).
    warning_s: float = 30.0
    kiosk_id: str = ""  # named in staff-call log records, so staff know which machine called
    # The watchdog (client/kiosk_watchdog.py) restarts a client whose frame loop has not beaten for this long.
    hang_timeout_s: float = 10.0
    # argon2id hash of the technician's PIN (python -m tools.kiosk_pin); empty: the admin exit is disabled.
    admin_pin_hash: str = ""
    # Set by the watchdog for its child: the file the frame loop beats in. Empty: nobody is watching.
    heartbeat_file: str = ""


@dataclass(frozen=True)
class CreatorSettings:
    enabled: bool = False
    hot_reload: bool = True


@dataclass(frozen=True)
class Settings:
    graphics: GraphicsSettings = field(default_factory=GraphicsSettings)
    ui: UiSettings = field(default_factory=UiSettings)
    audio: AudioSettings = field(default_factory=AudioSettings)
    backend: BackendSettings = field(default_factory=BackendSettings)
    world: WorldSettings = field(default_factory=WorldSettings)
    controls: ControlsSettings = field(default_factory=ControlsSettings)
    kiosk: KioskSettings = field(default_factory=KioskSettings)
    creator: CreatorSettings = field(default_factory=CreatorSettings)


# Bounds that a type alone cannot express; checked after merging so every layer is covered.
_RANGES = {
    "ui.scale": (1.0, 2.0),
    "audio.volume": (0.0, 1.0),
    "graphics.width": (320, 7680),
    "graphics.height": (240, 4320),
    "world.walk_speed": (0.1, 10.0),
    "world.run_speed": (0.1, 20.0),
    "backend.retries": (0, 10),
    "kiosk.hang_timeout_s": (2.0, 600.0),
    "kiosk.idle_timeout_s": (10.0, 3600.0),
    "kiosk.warning_s": (20.0, 600.0),
}


def _check_value(expected: Any, value: Any, where: str) -> Any:
    """Return value coerced to the expected type, or raise naming where it came from."""
    origin = typing.get_origin(expected)
    if origin is Literal:
        choices = typing.get_args(expected)
        if value not in choices:
            raise SettingsError(f"{where}: must be one of {', '.join(map(str, choices))}, not {value!r}")
        return value
    if origin is list:
        (item,) = typing.get_args(expected)
        if not isinstance(value, list):
            value = [value] if isinstance(value, item) else value
        if not isinstance(value, list) or not all(isinstance(v, item) for v in value):
            raise SettingsError(f"{where}: must be a list of {item.__name__}, not {value!r}")
        return list(value)
    if expected is bool:
        if not isinstance(value, bool):
            raise SettingsError(f"{where}: must be true or false, not {value!r}")
        return value
    if expected is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SettingsError(f"{where}: must be a number, not {value!r}")
        return float(value)
    if expected is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SettingsError(f"{where}: must be a whole number, not {value!r}")
        return value
    if expected is str:
        if not isinstance(value, str):
            raise SettingsError(f"{where}: must be text, not {value!r}")
        return value
    raise TypeError(f"unsupported settings type {expected!r}")  # a bug in the schema, not in input


def _validate(cls: type, layer: Mapping[str, Any], source: str, prefix: str = "") -> dict[str, Any]:
    """Check one layer (a nested mapping) against a settings dataclass."""
    if not isinstance(layer, Mapping):
        raise SettingsError(f"{source}: {prefix.rstrip('.') or 'top level'} must be a mapping")
    hints = typing.get_type_hints(cls)
    out: dict[str, Any] = {}
    for key, value in layer.items():
        dotted = f"{prefix}{key}"
        if key not in hints:
            known = ", ".join(sorted(hints))
            raise SettingsError(f"{source}: unknown key '{dotted}' (known here: {known})")
        expected = hints[key]
        where = f"{source}: '{dotted}'"
        if dataclasses.is_dataclass(expected):
            out[key] = _validate(expected, value if value is not None else {}, source, dotted + ".")
        else:
            out[key] = _check_value(expected, value, where)
            if dotted in _RANGES:
                low, high = _RANGES[dotted]
                if not low <= out[key] <= high:
                    raise SettingsError(f"{where}: must be between {low} and {high}, not {value!r}")
    return out


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _build(cls: type, data: Mapping[str, Any]) -> Any:
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for key, value in data.items():
        kwargs[key] = _build(hints[key], value) if dataclasses.is_dataclass(hints[key]) else value
    return cls(**kwargs)


def _set_dotted(target: dict[str, Any], dotted: str, value: Any) -> None:
    parts = dotted.split(".")
    for part in parts[:-1]:
        target = target.setdefault(part, {})
        if not isinstance(target, dict):
            raise SettingsError(f"'{dotted}' conflicts with another value")
    target[parts[-1]] = value


def load_yaml_layer(path: Path) -> dict[str, Any]:
    """Read a settings file; a missing user file is an empty layer, a broken one is an error."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise SettingsError(f"{path}: cannot be read ({exc.strerror})") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        raise SettingsError(f"{path}:{line} is not valid YAML ({getattr(exc, 'problem', exc)})") from exc
    return {} if data is None else data


def env_layer(environ: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """Settings from METAVERSE_SEOUL_SECTION__KEY=value; values are parsed as YAML scalars."""
    layer: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for name, raw in sorted(environ.items()):
        if not name.startswith(ENV_PREFIX) or name in _ENV_NOT_SETTINGS:
            continue
        dotted = name[len(ENV_PREFIX):].lower().replace("__", ".")
        try:
            value = yaml.safe_load(raw) if raw.strip() else raw
        except yaml.YAMLError:
            value = raw
        _set_dotted(layer, dotted, value)
        sources[dotted] = f"environment variable {name}"
    return layer, sources


def overrides_layer(pairs: Mapping[str, Any]) -> dict[str, Any]:
    """Turn {'ui.scale': 2.0} (from command-line flags) into a nested layer."""
    layer: dict[str, Any] = {}
    for dotted, value in pairs.items():
        _set_dotted(layer, dotted, value)
    return layer


def load_settings(
    profile: str | None = None,
    user_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    config_dir: Path = CONFIG_DIR,
) -> Settings:
    """Merge every layer in order and return frozen, validated settings."""
    layers: list[tuple[str, dict[str, Any]]] = []
    default_path = config_dir / "default.yaml"
    layers.append((str(default_path), load_yaml_layer(default_path)))
    if profile:
        path = config_dir / f"{profile}.yaml"
        if not path.exists():
            raise SettingsError(f"{path}: no such profile '{profile}'")
        layers.append((str(path), load_yaml_layer(path)))
    if user_file is not None:
        layers.append((str(user_file), load_yaml_layer(user_file)))
    env, env_sources = env_layer(os.environ if environ is None else environ)
    merged: dict[str, Any] = {}
    for source, layer in layers:
        merged = _merge(merged, _validate(Settings, layer, source))
    for dotted, source in env_sources.items():
        single: dict[str, Any] = {}
        _set_dotted(single, dotted, _lookup(env, dotted))
        merged = _merge(merged, _validate(Settings, single, source))
    if overrides:
        merged = _merge(merged, _validate(Settings, overrides_layer(overrides), "command line"))
    return _build(Settings, merged)


def _lookup(tree: Mapping[str, Any], dotted: str) -> Any:
    for part in dotted.split("."):
        tree = tree[part]
    return tree


def to_dict(settings: Settings) -> dict[str, Any]:
    """Plain nested dict of the settings, e.g. for writing the user file."""
    return dataclasses.asdict(settings)


def with_value(settings: Settings, dotted: str, value: Any) -> Settings:
    """A copy of ``settings`` with one dotted key changed (checked like any layer), e.g. from the settings screen."""
    section, name = dotted.split(".")
    _validate(Settings, {section: {name: value}}, "settings screen")
    return dataclasses.replace(settings, **{section: dataclasses.replace(getattr(settings, section), **{name: value})})


def save_user_settings(path: Path, changes: Mapping[str, Any]) -> dict[str, Any]:
    """Merge ``changes`` ({'ui.scale': 1.5, ...}) into the user file at ``path`` and write it; returns the file's tree.

    The file keeps every other key it had. The result is checked like any layer before anything is
    written, and it is written to a temporary file that then replaces the old one, so a bad value or
    a crash half-way leaves the citizen's file as it was. A file that is already broken is an error
    naming it, never silently overwritten.
    """
    merged = _merge(load_yaml_layer(path), overrides_layer(changes))
    _validate(Settings, merged, str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(yaml.safe_dump(merged, allow_unicode=True, sort_keys=True), encoding="utf-8")
    os.replace(partial, path)
    return merged
