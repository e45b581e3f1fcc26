"""The suite's report: budget lines read from each child's JSON, suite.json's content and suite.md.

Verdicts are never re-decided here: each line's pass/fail is a flag the child wrote (``within_budget``
or a per-line ``within_budget_*``). The one exception is site_switch, whose JSON grades its two lines
together; each of its lines is read from its own figure, and the benchmark passes only when the child's
``within_budget`` says so as well.
"""
from __future__ import annotations

import datetime
import os
import platform
import subprocess
from collections.abc import Sized
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.common import ROOT

if TYPE_CHECKING:
    from benchmarks.suite import Run

# site_switch.py keeps only a budget sentence; these are its two numbers.
SWITCH_WARM_MS, SWITCH_FRAME_MS = 300.0, 100.0


@dataclass
class Line:
    """One row of the summary table: a budget line, or a benchmark run that failed (passed is None)."""

    benchmark: str
    figure: str
    value: float | str | None
    unit: str
    budget: str
    passed: bool | None
    baseline: float | None = None
    ratio: float | None = None
    error: str | None = None
    info: bool = False  # measured for information, with no budget of its own (e.g. PostgreSQL)


def _count(items: Sized, noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


def _ratio(value: float, baseline: float | None) -> float | None:
    return round(value / baseline, 2) if baseline else None


def grade_startup(figs: list[dict]) -> list[Line]:
    """Warm first interactive frame: <= 1.5 s, and <= 6x the empty ShowBase start of the same run."""
    f = figs[0]
    warm, empty = f["warm_first_frame_s"]["median"], f["empty_showbase_first_frame_s"]["median"]
    return [Line("startup", "first interactive frame, warm (median)", warm, "s", f"<= {f['budget_s']:g} s",
                 f["within_budget_s"], empty, f["ratio_median"]),
            Line("startup", "first interactive frame, warm vs empty ShowBase", warm, "s",
                 f"<= {f['budget_ratio']:g}x baseline", f["within_budget_ratio"], empty, f["ratio_median"])]


def grade_site_switch(figs: list[dict]) -> list[Line]:
    """Warm switch <= 300 ms on every site; no frame over 100 ms during any load (every visit: cold, warm, …)."""
    f = figs[0]
    sites = f["sites"]
    slowest = max(sites, key=lambda s: sites[s]["warm"]["ms"])
    site, visit = max(((s, v) for s in sites for v in sites[s]),
                      key=lambda sv: sites[sv[0]][sv[1]]["longest_frame_ms"])
    return [Line("site_switch", f"warm switch, slowest of {_count(sites, 'site')} ({slowest})", f["warm_ms_max"], "ms",
                 f"<= {SWITCH_WARM_MS:g} ms", f["warm_ms_max"] <= SWITCH_WARM_MS),
            Line("site_switch", f"longest frame during any load ({site}, {visit})", f["longest_frame_ms"], "ms",
                 f"<= {SWITCH_FRAME_MS:g} ms", f["longest_frame_ms"] <= SWITCH_FRAME_MS)]


def grade_frame_time(figs: list[dict]) -> list[Line]:
    """Basic profile, every site: median <= 16.7 ms and p95 <= 33 ms (the full profile has no budget)."""
    basic = [f for f in figs if f["profile"] == "basic"]
    lines = []
    for key in ("median", "p95") if basic else ():
        worst = max(basic, key=lambda f: f["frame_ms"][key])
        value, baseline = worst["frame_ms"][key], worst.get(f"empty_showbase_{key}_ms")
        figure = f"basic profile {key}, worst of {_count(basic, 'site')} ({worst['site']})"
        lines.append(Line("frame_time", figure, value, "ms", f"<= {worst[f'budget_{key}_ms']:g} ms every site",
                          all(f[f"within_budget_{key}"] for f in basic), baseline, _ratio(value, baseline)))
    return lines


def grade_network_stall(figs: list[dict]) -> list[Line]:
    """Every reply 2 s late: no frame over 100 ms, and p99 <= 1.5x the prompt run's (the child's own line)."""
    f = figs[0]
    slow, prompt = f["replies_delayed_2s"]["frame_ms"], f["prompt_backend"]["frame_ms"]
    return [Line("network_stall", "longest frame, every reply 2 s late", slow["max"], "ms",
                 f"<= {f['budget_frame_ms']:g} ms (0 frames over)", f["within_budget_frames"], prompt["max"],
                 _ratio(slow["max"], prompt["max"])),
            Line("network_stall", "p99 frame, every reply 2 s late", slow["p99"], "ms",
                 f"<= {f['budget_p99_ratio']:g}x baseline", f["within_budget_p99_ratio"], prompt["p99"],
                 f["p99_ratio"])]


def grade_backend_throughput(figs: list[dict]) -> list[Line]:
    """agree and pay >= 0.5x bare's throughput at every level; their p99 < 50 ms at 64 clients; data intact.

    The budget is SQLite's (the embedded default); a PostgreSQL run is reported beside it for information.
    """
    lines = []
    for f in figs:
        info = not _graded(f)
        where = " on PostgreSQL" if info else ""
        levels, budget = f["levels"], f["budget"]
        level, name = min(((lv, n) for lv in levels for n in ("agree", "pay")),
                          key=lambda k: levels[k[0]][k[1]]["ratio_to_bare"])
        row = levels[level]
        top_level = max(levels, key=int)
        top = levels[top_level]
        slow = max(("agree", "pay"), key=lambda n: top[n]["p99_ms"])
        lines += [Line("backend_throughput", f"throughput{where}, worst of agree/pay ({name} @ {level} clients)",
                       row[name]["rps"], "req/s", f">= {budget['ratio_min']:g}x bare at {'/'.join(levels)} clients",
                       budget["ratios_ok"], row["bare"]["rps"], row[name]["ratio_to_bare"], info=info),
                  Line("backend_throughput", f"p99 latency{where}, {slow} @ {top_level} clients", top[slow]["p99_ms"],
                       "ms", f"< {budget['p99_ms_max_at_64']:g} ms", budget["p99_ok"], top["bare"]["p99_ms"],
                       _ratio(top[slow]["p99_ms"], top["bare"]["p99_ms"]), info=info),
                  Line("backend_throughput", f"database consistent after the runs ({f['database']})",
                       "yes" if f["database_check"]["consistent"] else "no", "",
                       "agree counts = rows; 1 payment per bill", f["database_check"]["consistent"])]
    return lines


def grade_memory(figs: list[dict]) -> list[Line]:
    """Busiest site's peak resident set <= 2.5x an empty ShowBase's."""
    f = figs[0]
    busiest = f["busiest_site"]
    return [Line("memory", f"peak RSS, busiest of {_count(f['sites_rss_mb'], 'site')} ({busiest})",
                 f["sites_rss_mb"][busiest], "MiB", f"<= {f['budget_ratio']:g}x baseline", f["within_budget"],
                 f["empty_showbase_rss_mb"], f["busiest_ratio"])]


def grade_path_stall(figs: list[dict]) -> list[Line]:
    """No frame over 100 ms while a long path is planned (the child's own budget, not in the issue's list)."""
    return [Line("path_stall", f"longest frame while planning {f['path_km']} km ({f['site']})",
                 f["planning_frame_ms"]["max"], "ms", "<= 100 ms", f["within_budget"], f["idle_frame_ms"]["max"],
                 _ratio(f["planning_frame_ms"]["max"], f["idle_frame_ms"]["max"])) for f in figs]


GRADERS = {"startup": grade_startup, "site_switch": grade_site_switch, "frame_time": grade_frame_time,
           "network_stall": grade_network_stall, "backend_throughput": grade_backend_throughput,
           "memory": grade_memory, "path_stall": grade_path_stall}


def _graded(figures: dict) -> bool:
    """Whether the child's own ``within_budget`` counts: frame_time's full profile and a PostgreSQL backend
    run have no budget of their own (the budgets are the basic profile's and SQLite's)."""
    if figures.get("benchmark") == "frame_time":
        return figures.get("profile") == "basic"
    return not str(figures.get("database", "")).startswith("postgresql")


def machine() -> dict:
    """Host name, OS, architecture and CPU model (from /proc/cpuinfo where there is one)."""
    cpu = platform.processor()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        models = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                  if line.startswith("model name")]
        cpu = models[0] if models else cpu
    return {"host": platform.node(), "os": platform.platform(), "arch": platform.machine(), "cpu": cpu,
            "python": platform.python_version()}


def git_commit() -> dict:
    """The commit measured, and whether tracked files differed from it."""
    def git(*args: str) -> str | None:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):  # no git, or not a checkout
            return None
    status = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(status) if status is not None else None}


def build_report(runs: list[Run], names: list[str], quick: bool, sites: list[str]) -> dict:
    """suite.json's content: the machine, the commit and, per benchmark, its runs and budget lines."""
    benchmarks, renderer = {}, None
    for name in names:
        mine = [run for run in runs if run.benchmark == name]
        done = [run.figures for run in mine if run.figures is not None]
        renderer = renderer or next((f["renderer"] for f in done if f.get("renderer")), None)
        lines = GRADERS[name](done) if done else []
        lines += [Line(name, run.label, None, "", "", None, error=run.error) for run in mine if run.error]
        passed = (all(line.passed for line in lines if not line.info) and bool(lines)
                  and all(f.get("within_budget", True) for f in done if _graded(f)))
        benchmarks[name] = {
            "passed": passed, "seconds": round(sum(run.seconds for run in mine), 1),
            "runs": [{"label": run.label, "command": run.command, "seconds": run.seconds,
                      "returncode": run.returncode, "error": run.error, "log": run.log, "log_tail": run.log_tail,
                      "result_file": run.result_file, "figures": run.figures} for run in mine],
            "lines": [asdict(line) for line in lines],
        }
    return {"date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"), **git_commit(),
            "machine": machine(), "cpus": os.cpu_count(), "renderer": renderer, "quick": quick, "sites": sites,
            "passed": all(b["passed"] for b in benchmarks.values()), "benchmarks": benchmarks}


def _num(value: float | str | None, unit: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    text = f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}" if abs(value) < 1000 else f"{value:.0f}"
    return f"{text} {unit}".strip()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _result(line: dict) -> str:
    if line["error"]:
        error = line["error"]
        # Both ends: a long message (a timed-out command line) says what happened at its end.
        return _cell(f"ERROR: {error if len(error) <= 160 else error[:90] + ' … ' + error[-70:]}")
    if line.get("info"):
        return f"info ({'within' if line['passed'] else 'outside'} the SQLite budget)"
    return "PASS" if line["passed"] else "FAIL"


def _frame_time_table(runs: list[dict]) -> list[str]:
    by = {(r["figures"]["site"], r["figures"]["profile"]): r["figures"] for r in runs if r["figures"]}
    sites = sorted({site for site, _ in by})
    rows = ["### Frame time per site (ms; basic has the budget, full is for information)", "",
            "| Site | basic median | p95 | p99 | geoms | triangles | full median | p95 | p99 | geoms | triangles |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]
    for site in sites:
        cells = [site]
        for profile in ("basic", "full"):
            f = by.get((site, profile))
            cells += ([*(_num(f["frame_ms"][k]) for k in ("median", "p95", "p99")), str(f["geoms"]),
                       str(f["triangles"])] if f else ["—"] * 5)
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def _site_switch_table(runs: list[dict]) -> list[str]:
    f = runs[0]["figures"]
    # The visits the child measured, in its order (cold and warm; later also cached), with what each means.
    visits = list(f.get("visits") or next(iter(f["sites"].values())))
    rows = ["### Site switch per site (ms)", "",
            "| Site | " + " | ".join(f"{v} | longest frame ({v})" for v in visits) + " |",
            "|---|" + "---|---|" * len(visits)]
    for site, measured in sorted(f["sites"].items()):
        rows.append(f"| {site} | " + " | ".join(f"{measured[v]['ms']} | {measured[v]['longest_frame_ms']}"
                                                 for v in visits) + " |")
    return rows + ["", "; ".join(f"{v}: {meaning}" for v, meaning in (f.get("visits") or {}).items())]


def _startup_table(runs: list[dict]) -> list[str]:
    f = runs[0]["figures"]
    keys = ("cold_first_frame_s", "warm_first_frame_s", "empty_showbase_first_frame_s")
    return ["### Startup to the first interactive frame (s, median of the runs)", "",
            "| Cold (fresh home) | Warm (same home, after one untimed run) | Empty ShowBase | Runs |",
            "|---|---|---|---|",
            "| " + " | ".join(_num(f[k]["median"]) for k in keys) + f" | {f['warm_first_frame_s']['runs']} |"]


DETAILS = {"startup": _startup_table, "site_switch": _site_switch_table, "frame_time": _frame_time_table}


def render_markdown(report: dict) -> str:
    """suite.md: the summary (one row per budget line, one per failed run), then the per-site tables."""
    commit = (report["commit"] or "unknown")[:12] + (" (modified)" if report["dirty"] else "")
    head = [f"# Benchmark suite: {'PASS' if report['passed'] else 'FAIL'}", "",
            f"{report['date']}, commit {commit}, "
            f"{report['machine']['cpu'] or report['machine']['arch']}, {report['cpus']} CPUs, "
            f"renderer: {report['renderer'] or 'not reported'}"
            + (". **Quick run**: small parameters, a smoke check, not a measurement." if report["quick"] else "."), "",
            "| Benchmark | Figure | Value | Baseline (same run) | Ratio | Budget | Result |",
            "|---|---|---|---|---|---|---|"]
    details = []
    for name, bench in report["benchmarks"].items():
        for line in bench["lines"]:
            ratio = f"{line['ratio']:g}x" if line["ratio"] is not None else "—"
            head.append(f"| {name} | {_cell(line['figure'])} | {_num(line['value'], line['unit'])} | "
                        f"{_num(line['baseline'], line['unit'])} | {ratio} | {_cell(line['budget']) or '—'} | "
                        f"{_result(line)} |")
        ok = [run for run in bench["runs"] if run["figures"]]
        if name in DETAILS and ok:
            details += ["", *DETAILS[name](ok)]
    return "\n".join(head + details) + "\n"
