"""Every benchmark in one command, each in a child process of its own; suite.json and suite.md out.

    python -m benchmarks [--quick] [--only NAME…] [--skip NAME…] [--out DIR] [--sites SITE…]
                         [--args NAME=ARGS] [--timeout SECONDS]

Runs, in this order: startup, site_switch, frame_time (every site, basic and full profile),
network_stall, backend_throughput, memory, path_stall, each as ``python -m benchmarks.NAME …``.
A child that crashes, times out or writes no JSON becomes an ERROR row and the rest still run.
Every verdict is the child's own (its ``within_budget`` and per-line flags); this module only
gathers them into one table per budget line (benchmarks/suite_report.py). Exit status 1 when any
budget line is missed or any benchmark failed, else 0.

``--quick`` is a smoke run, not a measurement; it shrinks:
  startup             --runs 1 (instead of 5)
  frame_time          --frames 30 (instead of 300), on two sites (Seoul Plaza and the first other one),
                      standing at the spawn (--desk spawn) instead of walking to the site's first desk:
                      the full profile on a software renderer takes minutes per walk
  memory              --frames 10 (instead of 300), on the same two sites
  backend_throughput  --requests 256 --seconds 2 --rounds 1 (instead of 3000 / 8 / 3)
  path_stall          one tower site instead of both
site_switch (every site, cold and warm, in one process) and network_stall (two walks, about 3 minutes
on 2 cores with a software renderer) have no size options and run as they are.

backend_throughput measures SQLite (the budget), and beside it, for information, PostgreSQL on a
throwaway loopback cluster when Debian's postgresql and psycopg are installed (not with --quick).
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks import pg_cluster
from benchmarks.common import RESULTS, RESULTS_ENV, ROOT
from benchmarks.suite_report import build_report, render_markdown
from client.paths import SCENES_DIR
from client.world.manifest import load_manifest, site_path

ORDER = ("startup", "site_switch", "frame_time", "network_stall", "backend_throughput", "memory", "path_stall")
PROFILES = ("basic", "full")
# The tower sites: the only ones where a desk and a place lie more than a kilometre apart.
PATH_STALL_SITES = ("lotte_world_tower", "n_seoul_tower")
QUICK = {
    "startup": ["--runs", "1"],
    "frame_time": ["--frames", "30"],
    "memory": ["--frames", "10"],
    # Not fewer requests: its wrk script counts about one answer per connection short, and 64 requests
    # over 64 connections then measure nothing (bare 0 requests/s, a ZeroDivisionError).
    "backend_throughput": ["--requests", "256", "--seconds", "2", "--rounds", "1"],
}
LOG_TAIL = 20  # lines of a failed child's output kept in suite.json


@dataclass
class Run:
    """One child process, ``python -m benchmarks.<benchmark> <args>``, and what came of it."""

    benchmark: str
    label: str
    args: list[str]
    seconds: float = 0.0
    returncode: int | None = None
    figures: dict | None = None
    result_file: str | None = None
    error: str | None = None
    log: str | None = None
    log_tail: list[str] | None = None

    @property
    def command(self) -> list[str]:
        """The child's command line."""
        return [sys.executable, "-m", f"benchmarks.{self.benchmark}", *self.args]


def all_sites() -> list[str]:
    """Every site: the stems of scenes/*.yaml."""
    return sorted(p.stem for p in SCENES_DIR.glob("*.yaml"))


def quick_sites() -> list[str]:
    """Two sites for a smoke run: Seoul Plaza (where the app starts) and the first other one."""
    sites = all_sites()
    first = [s for s in sites if s == "seoul_plaza"]
    return (first + [s for s in sites if s != "seoul_plaza"])[:2]


def first_desk(site: str) -> str:
    """The desk frame_time walks to at ``site`` (its default, the Mayor's Office, is only at Seoul Plaza)."""
    desks = load_manifest(site_path(site)).desks
    return desks[0].id if desks else "spawn"


def plan(names: list[str], quick: bool, sites: list[str], extra: dict[str, list[str]]) -> list[Run]:
    """The child runs of the chosen benchmarks: one per site and profile for frame_time, one per tower
    site for path_stall, one for each of the others. ``extra`` holds more options per benchmark."""
    runs: list[Run] = []
    for name in names:
        options = [*(QUICK.get(name, []) if quick else []), *extra.get(name, [])]
        if name == "frame_time":
            runs += [Run(name, f"{name} {site} {profile}",
                         ["--site", site, "--desk", "spawn" if quick else first_desk(site), "--profile", profile,
                          *options])
                     for site in sites for profile in PROFILES]
        elif name == "memory":
            runs.append(Run(name, name, ["--sites", *sites, *options]))
        elif name == "backend_throughput":
            runs.append(Run(name, name, options))
            if not quick and pg_cluster.available():  # "and PostgreSQL when available", for information
                runs.append(Run(name, f"{name} postgres", ["--database", "postgres", *options]))
        elif name == "path_stall":
            towers = PATH_STALL_SITES[:1] if quick else PATH_STALL_SITES
            runs += [Run(name, f"{name} {site}", ["--site", site, *options]) for site in towers]
        else:
            runs.append(Run(name, name, options))
    return runs


def execute(run: Run, out: Path, timeout: float) -> None:
    """Run one child with a results folder of its own (so a stale file is never read as its result);
    keep the JSON it wrote (copied into ``out``), its output (out/logs) and how long it took."""
    logs = out / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / f"{run.label.replace(' ', '_')}.log"
    run.log = str(log)
    with tempfile.TemporaryDirectory() as tmp, log.open("w", encoding="utf-8") as sink:
        env = dict(os.environ, **{RESULTS_ENV: tmp})
        start = time.perf_counter()
        # A session of its own, so a timeout stops the child's own children too (clients, servers).
        child = subprocess.Popen(run.command, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT,
                                 start_new_session=True)
        try:
            run.returncode = child.wait(timeout)
        except subprocess.TimeoutExpired:
            run.error = f"timed out after {timeout:g} s"
        finally:
            if child.poll() is None:  # timed out, or the suite itself was interrupted
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()
        run.seconds = round(time.perf_counter() - start, 1)
        written = sorted(Path(tmp).glob("*.json"))
        for path in written:
            shutil.copy(path, out / path.name)
        if run.error is None and run.returncode != 0:
            run.error = f"exit {run.returncode}"
        elif run.error is None and not written:
            run.error = "exited 0 but wrote no JSON"
        elif run.error is None:
            run.result_file = str(out / written[-1].name)
            try:
                run.figures = json.loads(written[-1].read_text(encoding="utf-8"))
            except ValueError as exc:
                run.error = f"unreadable JSON: {exc}"
    if run.error is not None:
        lines = [line for line in log.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
        run.log_tail = lines[-LOG_TAIL:]
        if lines:  # the last line of a traceback (or argparse's complaint) says what went wrong
            run.error += f": {lines[-1].strip()}"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The suite's options (see the module docstring)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n", 1)[0],
                                     epilog=__doc__[__doc__.index("``--quick``"):].replace("``", ""),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="+", choices=ORDER, metavar="NAME", help=f"run only these: {', '.join(ORDER)}")
    parser.add_argument("--skip", nargs="+", choices=ORDER, default=[], metavar="NAME", help="run all but these")
    parser.add_argument("--quick", action="store_true", help="small parameters everywhere, for a smoke run")
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for every JSON, suite.json and suite.md")
    parser.add_argument("--sites", nargs="+", metavar="SITE",
                        help="sites for frame_time and memory (default: every scenes/*.yaml; with --quick, two)")
    parser.add_argument("--args", dest="child_args", action="append", default=[], metavar="NAME=ARGS",
                        help='more options for one benchmark, e.g. --args "backend_throughput=--workers 2"')
    parser.add_argument("--timeout", type=float, default=3600,
                        help="seconds one child may run before it is stopped and reported as an error")
    args = parser.parse_args(argv)
    extra: dict[str, list[str]] = {}
    for item in args.child_args:
        name, _, options = item.partition("=")
        if name not in ORDER:
            parser.error(f"--args {item!r}: no benchmark called {name!r} ({', '.join(ORDER)})")
        extra.setdefault(name, []).extend(shlex.split(options))
    args.extra = extra
    unknown = sorted(set(args.sites or ()) - set(all_sites()))
    if unknown:
        parser.error(f"no such site: {', '.join(unknown)} (sites: {', '.join(all_sites())})")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks one after another, write suite.json and suite.md, print the table.
    Returns the exit status: 1 when a budget line is missed or a benchmark failed, else 0."""
    args = parse_args(argv)
    names = [name for name in ORDER if name in (args.only or ORDER) and name not in args.skip]
    sites = args.sites or (quick_sites() if args.quick else all_sites())
    runs = plan(names, args.quick, sites, args.extra)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    for index, run in enumerate(runs, 1):
        print(f"[{index}/{len(runs)}] {shlex.join(['python', *run.command[1:]])}", flush=True)
        execute(run, out, args.timeout)
        print(f"    {run.seconds:.1f} s, {'ERROR: ' + run.error if run.error else 'done'}", flush=True)
    report = build_report(runs, names, quick=args.quick, sites=sites)
    (out / "suite.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    markdown = render_markdown(report)
    (out / "suite.md").write_text(markdown, encoding="utf-8")
    print(f"\n{markdown}\nWrote {out / 'suite.json'} and {out / 'suite.md'}")
    return 0 if report["passed"] else 1
