"""Load generators for benchmarks/backend_throughput.py: wrk (preferred) and a Python fallback.

Both take the same input, a finite list of requests, and the same limits: at most that many
requests and at most ``seconds`` of wall time, over ``clients`` keep-alive connections on loopback.
Every request is sent once, in list order across connections (so per-request bodies and headers,
such as bearer tokens and Idempotency-Keys, are each used once). Both report the same figures.

wrk is written in C and runs one thread here, so it takes a small share of the CPU the server is
measured on; the Python generator costs about as much CPU per request as the server does, which
slows the server and inflates latencies. Debian/Ubuntu: ``apt-get install wrk``.
"""
from __future__ import annotations

import http.client
import json
import random
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

INSTALL_HINT = "wrk not found; install it for trustworthy figures (Debian/Ubuntu: apt-get install -y wrk)"


@dataclass(frozen=True)
class Job:
    """One HTTP request to send: the JSON body is already text."""

    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None


# Runs in wrk's LuaJIT. Each thread pre-formats its share of the requests in init(), so request()
# only hands out strings; the clock (via FFI) times the span from first request to last response,
# because wrk's own duration is the -d limit even when the list ran out early.
WRK_SCRIPT = r"""
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function now_us()
  ffi.C.clock_gettime(1, ts)  -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000000 + tonumber(ts.tv_nsec) / 1000
end

local threads, next_id = {}, 0
function setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local reqs, sent, spare = {}, 0, nil
first_us, last_us, statuses = 0, 0, {}

local escapes = {t = "\t", n = "\n", ["\\"] = "\\"}
local function unescape(s) return (s:gsub("\\(.)", escapes)) end

function init(args)
  local path, nthreads = args[1], tonumber(args[2])
  local i = 0
  for line in io.lines(path) do
    if i % nthreads == thread_id then
      local method, target, hdrs, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
      local headers = {}
      for name, value in hdrs:gmatch("([^:;]+):([^;]*)") do headers[name] = value end
      if body ~= "" then headers["Content-Type"] = "application/json" else body = nil end
      reqs[#reqs + 1] = wrk.format(method, target, headers, body and unescape(body))
    end
    i = i + 1
  end
  -- Sent by connections still open when the list ends; the thread stops before their answers count.
  spare = wrk.format("GET", "/healthz")
end

function request()
  if first_us == 0 then first_us = now_us() end
  sent = sent + 1
  if sent > #reqs then
    wrk.thread:stop()
    return spare
  end
  return reqs[sent]
end

function response(status, headers, body)
  last_us = now_us()
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local first, last, by_status = nil, 0, {}
  for _, thread in ipairs(threads) do
    local f, l = thread:get("first_us"), thread:get("last_us")
    if f > 0 and (first == nil or f < first) then first = f end
    if l > last then last = l end
    for status, n in pairs(thread:get("statuses")) do
      by_status[tostring(status)] = (by_status[tostring(status)] or 0) + n
    end
  end
  local e = summary.errors
  local parts = {}
  for status, n in pairs(by_status) do parts[#parts + 1] = string.format('"%s": %d', status, n) end
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "span_us": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"socket_errors": %d, "statuses": {%s}}\n',
    summary.requests, (first and last > first) and (last - first) or summary.duration,
    latency:percentile(50), latency:percentile(99), latency.max,
    e.connect + e.read + e.write + e.timeout, table.concat(parts, ", ")))
end
"""


def wrk_path() -> str | None:
    """The wrk executable, or None when it is not installed."""
    return shutil.which("wrk")


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _line(job: Job) -> str:
    for name, value in job.headers.items():
        if ":" in name or any(c in name + value for c in ";\t\n"):
            raise ValueError(f"header {name!r} cannot be passed to wrk")
    headers = ";".join(f"{name}:{value}" for name, value in job.headers.items())
    return f"{job.method}\t{job.path}\t{headers}\t{_escape(job.body or '')}"


def _figures(requests: int, span_s: float, p50_ms: float, p99_ms: float, max_ms: float,
             statuses: dict[str, int], socket_errors: int) -> dict:
    ok = sum(n for status, n in statuses.items() if 200 <= int(status) < 300)
    return {"requests": requests, "errors": requests - ok + socket_errors, "statuses": statuses,
            "rps": round(requests / span_s, 1) if span_s > 0 else 0.0,
            "p50_ms": round(p50_ms, 2), "p99_ms": round(p99_ms, 2), "max_ms": round(max_ms, 2)}


def run_wrk(url: str, jobs: list[Job], clients: int, seconds: float, pace_ms: float = 0) -> dict:
    """Send ``jobs`` with wrk over ``clients`` connections (one wrk thread); at most ``seconds``.

    ``pace_ms`` > 0: each connection waits a random think time, ``pace_ms`` on average
    (exponential), before each request instead of sending back to back. Random, because equal
    pauses keep all connections in step and they arrive in bursts that real clients do not make.
    """
    exe = wrk_path()
    if exe is None:
        raise RuntimeError(INSTALL_HINT)
    with tempfile.TemporaryDirectory() as tmp:
        script, data = Path(tmp) / "bench.lua", Path(tmp) / "requests.tsv"
        # wrk looks for delay() before init() runs, so it is only defined for paced runs.
        pacing = f"\nfunction delay() return -{pace_ms:g} * math.log(1 - math.random()) end\n" if pace_ms > 0 else ""
        script.write_text(WRK_SCRIPT + pacing, encoding="utf-8")
        data.write_text("\n".join(_line(job) for job in jobs) + "\n", encoding="utf-8")
        cmd = [exe, "-t", "1", "-c", str(clients), "-d", f"{max(1, round(seconds))}s", "--timeout", "30s",
               "-s", str(script), url, "--", str(data), "1"]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    marker = [line for line in result.stdout.splitlines() if line.startswith("BENCH_JSON ")]
    if result.returncode != 0 or not marker:
        raise RuntimeError(f"wrk failed ({result.returncode}): {result.stderr or result.stdout}")
    raw = json.loads(marker[-1].removeprefix("BENCH_JSON "))
    return _figures(raw["requests"], raw["span_us"] / 1e6, raw["p50_us"] / 1000, raw["p99_us"] / 1000,
                    raw["max_us"] / 1000, raw["statuses"], raw["socket_errors"])


def run_python(url: str, jobs: list[Job], clients: int, seconds: float, pace_ms: float = 0) -> dict:
    """The fallback generator: ``clients`` threads, one keep-alive http.client connection each."""
    parts = urlsplit(url)
    lock = threading.Lock()
    queue = iter(jobs)
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    socket_errors = [0]
    deadline = time.monotonic() + seconds
    barrier = threading.Barrier(clients + 1)
    last = [0.0]

    def client() -> None:
        conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
        rng = random.Random()
        mine: list[float] = []
        seen: dict[str, int] = {}
        barrier.wait()
        while time.monotonic() < deadline:
            with lock:
                job = next(queue, None)
            if job is None:
                break
            headers = dict(job.headers)
            if job.body is not None:
                headers["Content-Type"] = "application/json"
            t0 = time.perf_counter()
            try:
                conn.request(job.method, job.path, body=job.body, headers=headers)
                response = conn.getresponse()
                response.read()
            except OSError:
                socket_errors[0] += 1
                conn.close()
                continue
            end = time.perf_counter()
            mine.append(end - t0)
            seen[str(response.status)] = seen.get(str(response.status), 0) + 1
            if pace_ms > 0:
                time.sleep(rng.expovariate(1000 / pace_ms))  # think time, as in run_wrk
        conn.close()
        with lock:
            latencies.extend(mine)
            for status, n in seen.items():
                statuses[status] = statuses.get(status, 0) + n
            last[0] = max(last[0], time.perf_counter())

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    latencies.sort()

    def pick(q: float) -> float:
        return 1000 * latencies[min(len(latencies) - 1, int(q * len(latencies)))] if latencies else 0.0

    return _figures(len(latencies), last[0] - start, pick(0.5), pick(0.99), pick(1.0), statuses, socket_errors[0])
