"""``metaverse-seoul validate PATH…``: everything a creator must fix before publishing, for people or CI.

A manifest (.yaml) is checked against the schema (file, line where YAML gives one, key and cause),
its dialogues, every model it names (client/asset_check.py), and whether the spawn reaches every
desk, place and portal on foot (client/site_check.py, which loads the model with no window). A
.glb / .gltf is checked alone. A folder means every manifest and model in it. The report is text,
or JSON with ``--json``; the exit status is 0 when nothing is an error, 1 when something is, 2 when
the command itself is wrong.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

from client.asset_check import BUDGETS, AssetReport, check_asset
from client.dialogue import load_dialogue
from client.schema import DataError
from client.world.manifest import SERVICES, load_manifest

MODEL_SUFFIXES = (".glb", ".gltf")
MANIFEST_SUFFIXES = (".yaml", ".yml")


def _data_error(exc: DataError) -> dict[str, Any]:
    cause = str(exc).split(": ", 2 if exc.key else 1)[-1]
    return {"level": "error", "file": exc.path, "line": exc.line, "where": exc.key, "cause": cause}


def _asset_findings(report: AssetReport) -> list[dict[str, Any]]:
    return [{"level": f.level, "file": f.file, "line": None, "where": f.where, "cause": f.cause}
            for f in report.findings]


def check_manifest(path: Path, loader_factory) -> dict[str, Any]:
    """The findings and model budgets of one manifest; ``loader_factory()`` gives a Panda3D loader when needed."""
    result: dict[str, Any] = {"file": str(path), "kind": "manifest", "findings": [], "models": []}
    try:
        manifest = load_manifest(path)
    except DataError as exc:
        result["findings"].append(_data_error(exc))
        return result
    for desk in manifest.desks:
        try:
            load_dialogue(desk.dialogue, SERVICES)
        except DataError as exc:
            result["findings"].append(_data_error(exc))
    models = dict.fromkeys([manifest.model] + [p for d in manifest.desks for p in (d.model, d.npc.model) if p])
    for model in models:
        report = check_asset(model)
        result["models"].append(report.to_json())
        result["findings"] += _asset_findings(report)
    if not any(f["level"] == "error" for f in result["findings"]):
        from client.site_check import load_model, unreachable  # noqa: PLC0415 - Panda3D only when needed

        site = load_model(loader_factory(), manifest.model)
        result["geoms"] = _geoms_grade(path, site, result["findings"])
        for missed in unreachable(manifest, site):
            how = "no walkable way" if math.isinf(missed.distance_m) else f"the walk ends {missed.distance_m:.1f} m away"
            result["findings"].append({"level": "error", "file": str(path), "line": None,
                                       "where": missed.label, "cause": f"cannot be walked to from the spawn ({how})"})
    return result


def _geoms_grade(path: Path, site, findings: list[dict[str, Any]]) -> dict[str, Any]:
    """The site's draw calls once flattened as the client flattens it, graded against geoms 300/600."""
    from client.preview.budgets import BUDGETS as ALL, grade  # noqa: PLC0415
    from client.world.lod import flatten_for_drawing  # noqa: PLC0415
    from client.world.scene_stats import measure  # noqa: PLC0415

    flat = site.copy_to(type(site)("flat"))
    flatten_for_drawing(flat)
    geoms = measure(flat).geoms
    verdict = grade("geoms", geoms)
    if verdict != "green":
        line = ALL["geoms"][1 if verdict == "red" else 0]
        findings.append({"level": "error" if verdict == "red" else "warning", "file": str(path), "line": None,
                         "where": "budget.geoms", "cause": f"{geoms} draw calls is over the {verdict} line ({line:g})"})
    return {"value": geoms, "grade": verdict}


def check_model(path: Path) -> dict[str, Any]:
    report = check_asset(path)
    return {"file": str(path), "kind": "model", "findings": _asset_findings(report), "models": [report.to_json()]}


def _targets(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.suffix.lower() in MODEL_SUFFIXES + MANIFEST_SUFFIXES
                          and "dialogues" not in p.parts and "exhibits" not in p.parts)
        else:
            out.append(path)
    return out


def _loader_factory():
    cache: dict[str, Any] = {}

    def get():
        if "loader" not in cache:
            from panda3d.core import loadPrcFileData  # noqa: PLC0415

            loadPrcFileData("validate", "window-type none\naudio-library-name null\nnotify-level-device fatal\n"
                                        "model-cache-dir\n")
            from direct.showbase.Loader import Loader  # noqa: PLC0415 - registers panda3d-gltf

            cache["loader"] = Loader(None)
        return cache["loader"]

    return get


def render_text(results: list[dict[str, Any]]) -> str:
    """One line per finding, then each model's budget figures with their grades."""
    lines = []
    for result in results:
        errors = sum(f["level"] == "error" for f in result["findings"])
        lines.append(f"{result['file']}: {'OK' if not errors else f'{errors} error(s)'}")
        for f in result["findings"]:
            where = f"{f['file']}:{f['line']}" if f["line"] else f["file"]
            lines.append(f"  {f['level']}: {where}: {f['where'] + ': ' if f['where'] else ''}{f['cause']}")
        if "geoms" in result:
            lines.append(f"  draw calls once loaded: {result['geoms']['value']} ({result['geoms']['grade']})")
        for model in result["models"]:
            grades = ", ".join(f"{name} {b['value']:,} ({b['grade']})" for name, b in model["budgets"].items())
            lines.append(f"  {Path(model['file']).name}: {grades}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Check every path; print the report; 0 when there is no error, 1 when there is one."""
    parser = argparse.ArgumentParser(prog="metaverse-seoul validate",
                                     description="Check manifests and glTF models before publishing.")
    parser.add_argument("paths", nargs="+", type=Path, help="manifests (.yaml), models (.glb/.gltf) or folders")
    parser.add_argument("--json", action="store_true", help="a JSON report on standard output")
    args = parser.parse_args(argv)
    loader = _loader_factory()
    results = []
    for path in _targets(args.paths):
        if path.suffix.lower() in MODEL_SUFFIXES:
            results.append(check_model(path))
        elif path.suffix.lower() in MANIFEST_SUFFIXES:
            results.append(check_manifest(path, loader))
        else:
            results.append({"file": str(path), "kind": "unknown", "models": [], "findings": [
                {"level": "error", "file": str(path), "line": None, "where": "",
                 "cause": "is neither a manifest (.yaml) nor a model (.glb, .gltf)"}]})
    ok = not any(f["level"] == "error" for r in results for f in r["findings"])
    if args.json:
        json.dump({"ok": ok, "budgets": {k: {"yellow_above": y, "red_above": r} for k, (y, r) in BUDGETS.items()},
                   "files": results}, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print(render_text(results))
    return 0 if ok else 1
