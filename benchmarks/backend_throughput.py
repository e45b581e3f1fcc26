"""Throughput and latency of agree and pay against a bare FastAPI endpoint, in the same run.

    python -m benchmarks.backend_throughput [--requests 300] [--seconds 15]

Starts the real server (uvicorn, one process, SQLite file) on loopback in a child process, with a
bare endpoint added beside the real routes. Closed-loop clients (threads, one requests.Session
each) run at 1, 16 and 64 concurrency. Rate limits are raised for the run (they would
otherwise be what is measured); everything else is the production code path: bearer-token
look-up, rate-limit bookkeeping, unique agree, idempotent payment through the sandbox provider.
Budgets: agree and pay throughput >= 0.5 x bare; p99 < 50 ms at 64 clients.
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import date
from pathlib import Path

import requests

from benchmarks.common import ROOT, write

LEVELS = (1, 16, 64)
PASSWORD = "benchmark passphrase 2025"
BENCH_LIMITS = {"petition_create_limit": 10**9, "agree_limit": 10**9, "login_fail_account_limit": 10**9,
                "login_fail_address_limit": 10**9}


def serve(port: int, data_dir: Path) -> None:
    """Child process: the real app plus a bare endpoint, under uvicorn."""
    import uvicorn  # noqa: PLC0415

    from server.app import create_app  # noqa: PLC0415
    from server.core.config import ServerSettings  # noqa: PLC0415

    app = create_app(ServerSettings(data_dir=data_dir, seed_demo=False, **BENCH_LIMITS))

    @app.get("/bench/bare")
    def bare() -> dict[str, bool]:
        return {"ok": True}

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/healthz", timeout=1).ok:
                return
        except requests.ConnectionError:
            time.sleep(0.1)  # polling a child process's socket, not synchronising tests
    raise RuntimeError("server did not start")


def _citizen(url: str, n: int) -> dict[str, str]:
    email = f"bench{n}-{uuid.uuid4().hex[:6]}@example.com"
    form = {"name": f"Bench {n}", "birth_date": "1990-01-01", "email": email, "password": PASSWORD}
    files = {"identity_document": ("id.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 16, "image/png")}
    account = requests.post(f"{url}/v1/accounts", data=form, files=files, timeout=30)
    account.raise_for_status()
    token = requests.post(f"{url}/v1/sessions", json={"email": email, "password": PASSWORD}, timeout=30)
    token.raise_for_status()
    return {"id": account.json()["id"], "Authorization": f"Bearer {token.json()['token']}"}


def _add_bills(data_dir: Path, account_ids: list[int], per_account: int) -> dict[int, list[tuple[int, int]]]:
    """Unpaid bills for the pay runs, written straight into the server's SQLite file (setup only)."""
    from server.core.config import ServerSettings  # noqa: PLC0415
    from server.core.db import Database  # noqa: PLC0415
    from server.models import TaxBill  # noqa: PLC0415

    database = Database.from_settings(ServerSettings(data_dir=data_dir))
    bills: dict[int, list[tuple[int, int]]] = {}
    try:
        with database.session_factory() as session:
            for account_id in account_ids:
                rows = [TaxBill(account_id=account_id, kind="resident", description="benchmark bill", tax_year=2025,
                                amount_krw=12_500, due_date=date(2025, 8, 31), status="unpaid", demo=True)
                        for _ in range(per_account)]
                session.add_all(rows)
                session.flush()
                bills[account_id] = [(row.id, row.amount_krw) for row in rows]
            session.commit()
    finally:
        database.dispose()
    return bills


def _run(clients: int, work: list[list[tuple[str, str, dict, dict | None]]], seconds: float) -> dict:
    """Each client thread sends its own list of requests in order; returns rate and latency figures."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    barrier = threading.Barrier(clients + 1)

    def client(jobs: list[tuple[str, str, dict, dict | None]]) -> None:
        mine: list[float] = []
        bad = 0
        with requests.Session() as http:
            barrier.wait()
            for method, url, headers, body in jobs:
                if time.monotonic() > deadline:
                    break
                t0 = time.perf_counter()
                response = http.request(method, url, headers=headers, json=body, timeout=30)
                mine.append(time.perf_counter() - t0)
                bad += response.status_code >= 300
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client, args=(work[i],)) for i in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {"requests": len(latencies), "errors": errors[0], "rps": round(len(latencies) / elapsed, 1),
            "p50_ms": round(1000 * statistics.median(latencies), 2),
            "p99_ms": round(1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))], 2)}


def main() -> None:
    """Set up, measure bare/agree/pay at each concurrency, print a table and write the JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300, help="requests per scenario and level")
    parser.add_argument("--seconds", type=float, default=15.0, help="time cap per scenario and level")
    parser.add_argument("--serve", nargs=2, metavar=("PORT", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(int(args.serve[0]), Path(args.serve[1]))
        return

    with tempfile.TemporaryDirectory() as tmp:
        data_dir, port = Path(tmp), _free_port()
        child = subprocess.Popen([sys.executable, "-m", "benchmarks.backend_throughput", "--serve", str(port), tmp],
                                 cwd=ROOT, env=dict(os.environ))
        url = f"http://127.0.0.1:{port}"
        try:
            _wait(url)
            citizens = [_citizen(url, n) for n in range(max(LEVELS))]
            author = citizens[0]
            per_client = {level: max(1, args.requests // level) for level in LEVELS}
            n_petitions = sum(per_client.values())
            petitions = [requests.post(f"{url}/v1/petitions", json={"title": f"Bench {i}", "body": "b"},
                                       headers={"Authorization": author["Authorization"]}, timeout=30).json()["id"]
                         for i in range(n_petitions)]
            bills = _add_bills(data_dir, [c["id"] for c in citizens], n_petitions)
            results: dict[str, dict] = {}
            offset = 0
            for level in LEVELS:
                n = per_client[level]
                auth = [{"Authorization": c["Authorization"]} for c in citizens[:level]]
                bare = [[("GET", f"{url}/bench/bare", {}, None)] * n for _ in range(level)]
                agree = [[("POST", f"{url}/v1/petitions/{pid}/agreements", auth[i], None)
                          for pid in petitions[offset:offset + n]] for i in range(level)]
                pay = [[("POST", f"{url}/v1/tax/bills/{bid}/payments",
                         {**auth[i], "Idempotency-Key": uuid.uuid4().hex}, {"method": "card", "amount_krw": amt})
                        for bid, amt in bills[citizens[i]["id"]][offset:offset + n]] for i in range(level)]
                offset += n
                row = {name: _run(level, work, args.seconds) for name, work in
                       (("bare", bare), ("agree", agree), ("pay", pay))}
                for name in ("agree", "pay"):
                    row[name]["ratio_to_bare"] = round(row[name]["rps"] / row["bare"]["rps"], 2)
                results[str(level)] = row
        finally:
            child.terminate()
            child.wait(10)

    top = results[str(max(LEVELS))]
    data = {
        "benchmark": "backend_throughput", "database": "sqlite (WAL)", "server": "uvicorn, 1 process",
        "cpus": os.cpu_count(), "levels": results,
        "budget": {"ratio_min": 0.5, "p99_ms_max_at_64": 50},
        "within_budget": all(results[str(lv)][name]["ratio_to_bare"] >= 0.5 for lv in LEVELS
                             for name in ("agree", "pay"))
        and all(top[name]["p99_ms"] < 50 for name in ("agree", "pay")),
    }
    print(f"{'clients':>7} {'scenario':>8} {'req':>5} {'err':>4} {'rps':>8} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>6}")
    for level, row in results.items():
        for name, figures in row.items():
            print(f"{level:>7} {name:>8} {figures['requests']:>5} {figures['errors']:>4} {figures['rps']:>8} "
                  f"{figures['p50_ms']:>8} {figures['p99_ms']:>8} {figures.get('ratio_to_bare', ''):>6}")
    write("backend_throughput", data)


if __name__ == "__main__":
    main()
