"""`python -m benchmarks` end to end, on the cheapest real benchmark (startup, --quick: one run of each
start), into a temporary --out; and a child that fails, reported as an error row with a non-zero exit."""
import json
import re
import subprocess
import sys

from tests.conftest import ROOT


def suite(*args: str) -> subprocess.CompletedProcess:
    """The suite as a person runs it, in a child process."""
    return subprocess.run([sys.executable, "-m", "benchmarks", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)


def row(markdown: str, benchmark: str, figure: str) -> list[str]:
    """The cells of the summary table's row for one figure."""
    for line in markdown.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells[:2] == [benchmark, figure]:
            return cells
    raise AssertionError(f"no row {benchmark} / {figure} in:\n{markdown}")


def test_quick_startup_writes_json_and_a_graded_markdown_row(tmp_path):
    result = suite("--quick", "--only", "startup", "--out", str(tmp_path))
    report = json.loads((tmp_path / "suite.json").read_text(encoding="utf-8"))
    run = report["benchmarks"]["startup"]["runs"][0]
    assert run["error"] is None, f"{run['error']}\n{result.stdout}\n{result.stderr}"
    assert run["command"][1:] == ["-m", "benchmarks.startup", "--runs", "1"]
    assert (tmp_path / "startup.json").exists() and report["cpus"] and report["renderer"]
    warm = run["figures"]["warm_first_frame_s"]["median"]
    cold = run["figures"]["cold_first_frame_s"]["median"]
    assert warm > 0 and cold > 0
    lines = {line["budget"]: line for line in report["benchmarks"]["startup"]["lines"]}
    assert lines["<= 1.5 s"]["value"] == warm and lines["<= 1.5 s"]["passed"] == (warm <= 1.5)
    assert lines["<= 6x baseline"]["passed"] == run["figures"]["within_budget_ratio"]

    markdown = (tmp_path / "suite.md").read_text(encoding="utf-8")
    cells = row(markdown, "startup", "first interactive frame, warm (median)")
    assert re.fullmatch(r"\d+(\.\d+)? s", cells[2]), cells
    assert cells[5:] == ["<= 1.5 s", "PASS" if warm <= 1.5 else "FAIL"]
    # Exit status follows the verdict: a slow machine may miss a budget, and must then say so.
    assert result.returncode == (0 if report["passed"] else 1)


def test_a_failing_benchmark_is_an_error_row_and_a_non_zero_exit(tmp_path):
    # An option startup does not know: the real child exits 2 at once (argparse), with no JSON.
    result = suite("--only", "startup", "--args", "startup=--no-such-option", "--out", str(tmp_path))
    assert result.returncode == 1
    report = json.loads((tmp_path / "suite.json").read_text(encoding="utf-8"))
    run = report["benchmarks"]["startup"]["runs"][0]
    assert run["returncode"] == 2 and "unrecognized arguments: --no-such-option" in run["error"]
    assert not report["passed"] and not (tmp_path / "startup.json").exists()
    cells = row((tmp_path / "suite.md").read_text(encoding="utf-8"), "startup", "startup")
    assert cells[-1].startswith("ERROR: exit 2")


def test_an_unknown_benchmark_name_is_refused_before_anything_runs(tmp_path):
    result = suite("--only", "no_such_benchmark", "--out", str(tmp_path))
    assert result.returncode == 2 and "invalid choice: 'no_such_benchmark'" in result.stderr
    assert not (tmp_path / "suite.json").exists()
