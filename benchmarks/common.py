"""Helpers for benchmarks: run the client or a baseline in a child process and collect JSON figures."""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
# Set by the suite (benchmarks/suite.py) so each child writes into a folder of its own, then collected into --out.
RESULTS_ENV = "BENCHMARKS_RESULTS_DIR"  # not METAVERSE_SEOUL_*: the client reads those as settings


def run_client(*args: str, home: Path | None = None, timeout: float = 300, offscreen: bool = True) -> dict:
    """Run the client (offscreen unless told otherwise) with --stats and return the stats it wrote."""
    with tempfile.TemporaryDirectory() as tmp:
        stats = Path(tmp) / "stats.json"
        env = dict(os.environ, METAVERSE_SEOUL_HOME=str(home or Path(tmp) / "home"))
        cmd = [sys.executable, "-m", "client", *(["--offscreen"] if offscreen else []), "--stats", str(stats), *args]
        result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed:\n{result.stderr}")
        return json.loads(stats.read_text())


def run_python(code: str, timeout: float = 120) -> dict:
    """Run a baseline snippet that prints one JSON object as its last line."""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def summary(values: list[float]) -> dict:
    return {"median": round(statistics.median(values), 4), "min": round(min(values), 4), "max": round(max(values), 4),
            "runs": len(values)}


def write(name: str, data: dict) -> Path:
    """Write ``<name>.json`` into benchmarks/results (or the folder in $BENCHMARKS_RESULTS_DIR) and print it."""
    results = Path(os.environ.get(RESULTS_ENV) or RESULTS)
    results.mkdir(parents=True, exist_ok=True)
    path = results / f"{name}.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    print(json.dumps(data, indent=2))
    return path
