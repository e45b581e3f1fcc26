"""Throughput and latency of agree and pay against a bare FastAPI endpoint, in the same run.

    python -m benchmarks.backend_throughput [--requests 3000] [--seconds 8] [--rounds 3] [--workers 1]
                                            [--generator auto|wrk|python] [--loop asyncio|uvloop]
                                            [--database sqlite|postgres]

Starts the real server (uvicorn with its standard extras, no access log, one SQLite file in WAL
mode; ``--workers 2`` runs two processes on that file) on loopback in a child process, with a
bare ``def`` endpoint added beside the real routes. Each scenario at each concurrency (1, 16, 64
keep-alive connections) sends at most ``--requests`` distinct requests within ``--seconds``, in
``--rounds`` turns that alternate bare, agree and pay (so noise from elsewhere hits all three).
The load generator is wrk when installed (``apt-get install wrk``), else a Python fallback that
competes with the server for CPU; bare, agree and pay always use the same generator in one run.

``--database postgres`` runs the same against a throwaway PostgreSQL cluster on loopback, on the same
2 cores (benchmarks/pg_cluster.py; exit 3 when PostgreSQL or psycopg is missing); its figures are for
information, the budget being SQLite's, the embedded default.

Rate limits are raised to 10**9 in the server settings for the run (otherwise the limit, not the
code, is what is measured); they are still checked and recorded on every request. Everything else
is the production path: bearer-token look-up with expiry and revocation checks, once-per-citizen
agree with thresholds, idempotent payment through the sandbox provider. Citizens, sessions,
petitions and bills are written straight into the database before the server starts (setup only).
After the runs the database is checked: agree counts match agreement rows, one payment per bill.
Budget: agree and pay throughput >= 0.5 x bare at every level; p99 < 50 ms at 64 clients.
Closed-loop clients send again as soon as they are answered, so at 64 of them the mean latency is
64 / throughput (Little's law): below 50 ms only above 1280 requests/s. A paced run (64 clients
that each think 250 ms on average before a request, about 250 requests/s offered) is reported
beside it, for the latency at a load the server can carry; the budget line stays the closed loop.
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import requests

from benchmarks import backend_load, pg_cluster
from benchmarks.backend_load import Job
from benchmarks.common import ROOT, write
from server.core.serving import EVENT_LOOP, freeze_startup_heap

LEVELS = (1, 16, 64)
CITIZENS = 64
WARMUP = 50
RATIO_MIN, P99_MAX_MS = 0.5, 50.0
# The paced run: 64 clients that each think 250 ms on average (exponential) before each request.
PACED_CLIENTS, PACE_MS, PACED_REQUESTS = 64, 250.0, 1024
BENCH_LIMITS = {"petition_create_limit": 10**9, "agree_limit": 10**9, "login_fail_account_limit": 10**9,
                "login_fail_address_limit": 10**9}
DATA_DIR_ENV = "METAVERSE_SEOUL_BENCH_DATA_DIR"
# The run's database URL for the server child; unset: SQLite in the data folder. Passed explicitly, so
# a METAVERSE_SEOUL_SERVER_DATABASE_URL in the environment can never point the run elsewhere.
DATABASE_ENV = "BENCH_DATABASE_URL"
DATABASES = {"sqlite": "sqlite (WAL, synchronous=NORMAL)", "postgres": "postgresql (throwaway cluster, fsync off)"}


def bench_settings(data_dir: Path):  # noqa: ANN201 - imported lazily so the parent stays light
    """The server settings of the run: production defaults plus the raised rate limits."""
    from server.core.config import ServerSettings  # noqa: PLC0415

    return ServerSettings(data_dir=data_dir, seed_demo=False, database_url=os.environ.get(DATABASE_ENV) or None,
                          **BENCH_LIMITS)


def bench_app():  # noqa: ANN201
    """uvicorn factory (one call per worker process): the real app plus the bare endpoint."""
    from server.app import create_app  # noqa: PLC0415

    app = create_app(bench_settings(Path(os.environ[DATA_DIR_ENV])))

    @app.get("/bench/bare")
    def bare() -> dict[str, bool]:
        return {"ok": True}

    freeze_startup_heap()  # as metaverse-seoul-server does (server/cli.py)
    return app


def serve(port: int, data_dir: Path, workers: int, loop: str) -> None:
    """Child process: migrate once (workers would race on it), then serve under uvicorn."""
    import uvicorn  # noqa: PLC0415

    from server.app import prepare_database  # noqa: PLC0415
    from server.core.context import build_services  # noqa: PLC0415

    settings = bench_settings(data_dir)
    prepare_database(settings, build_services(settings)).dispose()
    os.environ[DATA_DIR_ENV] = str(data_dir)
    uvicorn.run("benchmarks.backend_throughput:bench_app", factory=True, host="127.0.0.1", port=port,
                workers=workers, log_level="warning", access_log=False, loop=loop)


def seed(data_dir: Path, n_petitions: int, bills_per_citizen: int) -> dict:
    """Citizens with live sessions, open petitions and unpaid bills, written into the database."""
    from sqlalchemy import insert, select  # noqa: PLC0415

    from server.app import prepare_database  # noqa: PLC0415
    from server.core.context import build_services  # noqa: PLC0415
    from server.core.security import new_token, token_digest  # noqa: PLC0415
    from server.models import Account, AuthSession, Petition, TaxBill  # noqa: PLC0415

    settings = bench_settings(data_dir)
    database = prepare_database(settings, build_services(settings))
    now = datetime.now(UTC)
    tokens = [new_token() for _ in range(CITIZENS)]
    try:
        with database.engine.begin() as conn:
            conn.execute(insert(Account), [{"role": "citizen", "verification": "verified", "created_at": now}
                                           for _ in range(CITIZENS)])
            ids = list(conn.scalars(select(Account.id).order_by(Account.id)))
            conn.execute(insert(AuthSession), [
                {"token_hash": token_digest(token), "account_id": aid, "created_at": now, "last_used_at": now,
                 "expires_at": now + timedelta(hours=12)} for token, aid in zip(tokens, ids, strict=True)])
            conn.execute(insert(Petition), [
                {"title": f"Bench {i}", "body": "b", "category": "administration", "status": "open", "agree_count": 0,
                 "created_at": now, "author_id": ids[0]} for i in range(n_petitions)])
            petitions = list(conn.scalars(select(Petition.id).order_by(Petition.id)))
            conn.execute(insert(TaxBill), [
                {"account_id": aid, "kind": "resident", "description": "benchmark bill", "tax_year": 2025,
                 "amount_krw": 12_500, "due_date": date(2025, 8, 31), "status": "unpaid", "demo": True}
                for aid in ids for _ in range(bills_per_citizen)])
            bills = {aid: [] for aid in ids}
            for bill_id, aid in conn.execute(select(TaxBill.id, TaxBill.account_id).order_by(TaxBill.id)):
                bills[aid].append(bill_id)
    finally:
        database.dispose()
    auth = [{"Authorization": f"Bearer {token}"} for token in tokens]
    return {"auth": auth, "ids": ids, "petitions": petitions, "bills": bills}


def check_database(data_dir: Path) -> dict:
    """Invariants after the runs: agree counts equal agreement rows; one payment per paid bill."""
    from sqlalchemy import func, select  # noqa: PLC0415

    from server.core.db import Database  # noqa: PLC0415
    from server.models import Agreement, Payment, Petition, TaxBill  # noqa: PLC0415

    database = Database.from_settings(bench_settings(data_dir))
    try:
        with database.session_factory() as session:
            agreements = session.scalar(select(func.count()).select_from(Agreement))
            counted = session.scalar(select(func.coalesce(func.sum(Petition.agree_count), 0)))
            payments = session.scalar(select(func.count()).select_from(Payment))
            paid = session.scalar(select(func.count()).select_from(TaxBill).where(TaxBill.status == "paid"))
    finally:
        database.dispose()
    return {"agreements": agreements, "agree_count_sum": counted, "payments": payments, "bills_paid": paid,
            "consistent": agreements == counted and payments == paid}


def plan(data: dict, n: int, slot: int, per_slot: int) -> dict[str, list[Job]]:
    """``n`` requests of each scenario from rows slot * per_slot onwards (petitions, bills per citizen)."""
    citizens = list(zip(data["ids"], data["auth"], strict=True))
    petitions = data["petitions"][slot * per_slot:(slot + 1) * per_slot]
    # Petition by petition, every citizen in turn: concurrent agrees meet on one hot row.
    agree = [Job("POST", f"/v1/petitions/{pid}/agreements", auth) for pid in petitions for _, auth in citizens][:n]
    pay = []
    for k in range(n):
        aid, auth = citizens[k % CITIZENS]
        bill = data["bills"][aid][slot * per_slot + k // CITIZENS]
        pay.append(Job("POST", f"/v1/tax/bills/{bill}/payments", {**auth, "Idempotency-Key": uuid.uuid4().hex},
                       '{"method":"card","amount_krw":12500}'))
    return {"bare": [Job("GET", "/bench/bare")] * n, "agree": agree, "pay": pay}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, child: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and child.poll() is None:
        try:
            if requests.get(f"{url}/healthz", timeout=1).ok:
                return
        except requests.ConnectionError:
            time.sleep(0.1)  # polling a child process's socket, not synchronising tests
    raise RuntimeError("server did not start")


def combine(parts: list[dict]) -> dict:
    """One scenario's rounds as one figure: rps over all of them, median p50, worst p99 and max."""
    span = sum(part["requests"] / part["rps"] for part in parts if part["rps"])
    requests_ = sum(part["requests"] for part in parts)
    statuses: dict[str, int] = {}
    for part in parts:
        for status, count in part["statuses"].items():
            statuses[status] = statuses.get(status, 0) + count
    return {"requests": requests_, "errors": sum(part["errors"] for part in parts), "statuses": statuses,
            "rps": round(requests_ / span, 1) if span else 0.0,
            "p50_ms": statistics.median(part["p50_ms"] for part in parts),
            "p99_ms": max(part["p99_ms"] for part in parts), "max_ms": max(part["max_ms"] for part in parts),
            "rounds": len(parts)}


def verdict(results: dict) -> dict:
    """Pass/fail of each budget line."""
    top = results[str(max(LEVELS))]
    ratios = {f"{name}@{lv}": results[str(lv)][name]["ratio_to_bare"] for lv in LEVELS for name in ("agree", "pay")}
    p99 = {name: top[name]["p99_ms"] for name in ("bare", "agree", "pay")}
    ratio_ok = all(r >= RATIO_MIN for r in ratios.values())
    p99_ok = all(p99[name] < P99_MAX_MS for name in ("agree", "pay"))
    return {"ratio_min": RATIO_MIN, "ratios_ok": ratio_ok, "p99_ms_max_at_64": P99_MAX_MS, "p99_ok": p99_ok,
            "within_budget": ratio_ok and p99_ok}


def main() -> None:
    """Set up, measure bare/agree/pay at each concurrency, print a table and write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--requests", type=int, default=3000, help="requests per scenario and level")
    parser.add_argument("--seconds", type=float, default=8.0, help="time cap per scenario and level")
    parser.add_argument("--rounds", type=int, default=3, help="scenarios alternate in this many rounds per level")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (same SQLite file)")
    parser.add_argument("--generator", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--loop", choices=("asyncio", "uvloop"), default=EVENT_LOOP,
                        help=f"the server's event loop (the server runs on {EVENT_LOOP}; see server/core/serving.py)")
    parser.add_argument("--database", choices=tuple(DATABASES), default="sqlite",
                        help="postgres: a throwaway PostgreSQL cluster on loopback (benchmarks/pg_cluster.py)")
    parser.add_argument("--serve", nargs=4, metavar=("PORT", "DIR", "WORKERS", "LOOP"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(int(args.serve[0]), Path(args.serve[1]), int(args.serve[2]), args.serve[3])
        return
    generator = args.generator
    if generator == "auto":
        generator = "wrk" if backend_load.wrk_path() else "python"
        if generator == "python":
            print(backend_load.INSTALL_HINT + "; falling back to the Python generator", file=sys.stderr)
    send = backend_load.run_wrk if generator == "wrk" else backend_load.run_python

    if args.database == "postgres":
        with pg_cluster.throwaway_cluster() as url:
            if url is None:
                print(pg_cluster.UNAVAILABLE_HINT, file=sys.stderr)
                sys.exit(3)
            os.environ[DATABASE_ENV] = url  # for this process's seeding and the server child alike
            measure(args, generator, send)
    else:
        os.environ.pop(DATABASE_ENV, None)
        measure(args, generator, send)


def measure(args: argparse.Namespace, generator: str, send) -> None:  # noqa: ANN001 - a backend_load runner
    """The run itself: seed, serve, send every scenario at every level, check the data, report."""
    n = args.requests
    with tempfile.TemporaryDirectory() as tmp:
        data_dir, port = Path(tmp), _free_port()
        per_slot = -(-max(n, WARMUP) // CITIZENS)
        slots = len(LEVELS) + 2  # the levels, the warm-up, the paced run
        data = seed(data_dir, per_slot * slots, per_slot * slots)
        child = subprocess.Popen([sys.executable, "-m", "benchmarks.backend_throughput", "--serve", str(port), tmp,
                                  str(args.workers), args.loop], cwd=ROOT, env=dict(os.environ))
        url = f"http://127.0.0.1:{port}"
        try:
            _wait(url, child)
            # Warm-up with requests of their own (the last slice), so no measured run pays first-call costs.
            for jobs in plan(data, WARMUP, len(LEVELS), per_slot).values():
                backend_load.run_python(url, jobs, 4, 30)
            results: dict[str, dict] = {}
            for index, level in enumerate(LEVELS):
                work = plan(data, n, index, per_slot)
                rounds: dict[str, list[dict]] = {name: [] for name in work}
                # Scenarios take turns in rounds, so a burst of load from elsewhere on the machine
                # hits bare, agree and pay alike instead of whichever ran at the time.
                for r in range(args.rounds):
                    for name, jobs in work.items():
                        chunk = jobs[r * len(jobs) // args.rounds:(r + 1) * len(jobs) // args.rounds]
                        rounds[name].append(send(url, chunk, level, args.seconds / args.rounds))
                row = {name: combine(parts) for name, parts in rounds.items()}
                for name in ("agree", "pay"):
                    row[name]["ratio_to_bare"] = round(row[name]["rps"] / row["bare"]["rps"], 2)
                results[str(level)] = row
            paced = plan(data, min(n, PACED_REQUESTS), len(LEVELS) + 1, per_slot)
            paced_row = {name: send(url, jobs, PACED_CLIENTS, args.seconds * 2, PACE_MS)
                         for name, jobs in paced.items()}
        finally:
            child.terminate()
            child.wait(30)
        database = check_database(data_dir)

    budget = verdict(results)
    budget["paced_p99_ok"] = all(paced_row[name]["p99_ms"] < P99_MAX_MS for name in ("agree", "pay"))
    data_out = {
        "benchmark": "backend_throughput", "database": DATABASES[args.database],
        "server": f"uvicorn on {args.loop}, {args.workers} process(es), access log off", "generator": generator,
        "cpus": os.cpu_count(), "requests_per_run": n, "seconds_cap": args.seconds, "rounds": args.rounds,
        "figures": "rps over all rounds; p50 the median of the rounds'; p99 and max the worst round's",
        "rate_limits": "raised to 10**9 for the run (still checked and recorded)",
        "levels": results, "database_check": database, "budget": budget,
        "paced": {"clients": PACED_CLIENTS, "mean_think_ms": PACE_MS, **paced_row},
        "within_budget": budget["within_budget"] and database["consistent"],
    }
    write("backend_throughput" + ("" if args.database == "sqlite" else f"_{args.database}"), data_out)
    print(f"\ndatabase={args.database} generator={generator} loop={args.loop} workers={args.workers} cpus={os.cpu_count()}")
    print(f"{'clients':>7} {'scenario':>8} {'req':>5} {'err':>4} {'rps':>8} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>6}")
    for level, row in results.items():
        for name, figures in row.items():
            print(f"{level:>7} {name:>8} {figures['requests']:>5} {figures['errors']:>4} {figures['rps']:>8} "
                  f"{figures['p50_ms']:>8} {figures['p99_ms']:>8} {figures.get('ratio_to_bare', ''):>6}")
    print(f"paced: {PACED_CLIENTS} clients, each thinking {PACE_MS:g} ms on average before a request (about "
          f"{PACED_CLIENTS * 1000 / PACE_MS:.0f} requests/s offered)")
    for name, figures in paced_row.items():
        print(f"{'paced':>7} {name:>8} {figures['requests']:>5} {figures['errors']:>4} {figures['rps']:>8} "
              f"{figures['p50_ms']:>8} {figures['p99_ms']:>8}")
    print(f"ratios >= {RATIO_MIN}: {'PASS' if budget['ratios_ok'] else 'FAIL'};  "
          f"p99 < {P99_MAX_MS:g} ms at {max(LEVELS)} clients: {'PASS' if budget['p99_ok'] else 'FAIL'};  "
          f"database consistent: {database['consistent']};  paced p99 < {P99_MAX_MS:g} ms: "
          f"{'PASS' if budget['paced_p99_ok'] else 'FAIL'} (information: the budget line is the closed loop)")


if __name__ == "__main__":
    main()
