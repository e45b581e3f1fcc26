#!/usr/bin/env bash
# Run tests/server against a throwaway PostgreSQL cluster on loopback (Debian's postgresql package).
# Skips (exit 0, with a "skipped" line) when PostgreSQL cannot be installed here.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PYTHON:-python}

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$pg_bin" ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "+ apt-get install postgresql"
    (apt-get install -y -q postgresql >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q postgresql >/dev/null 2>&1; }) || true
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  fi
fi
if [ -z "$pg_bin" ]; then
  echo "PostgreSQL tests skipped: no postgresql binaries and apt-get install was not possible"
  exit 0
fi
"$PY" -c "import psycopg" 2>/dev/null || "$PY" -m pip install -q "psycopg[binary]>=3.1,<4"

work=$(mktemp -d)
chmod 755 "$work"
# initdb refuses to run as root: use the postgres system user when we are root.
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$work"
port=$("$PY" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
cleanup() { run_pg "$pg_bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

run_pg "$pg_bin/initdb" -D "$work/data" -U postgres -A trust --no-sync >/dev/null
# fsync off: a throwaway test cluster, never real data.
run_pg "$pg_bin/pg_ctl" -D "$work/data" -l "$work/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $work -c fsync=off -c max_connections=200" start >/dev/null
run_pg "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres metaverse_test

export METAVERSE_SEOUL_TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$port/metaverse_test"
echo "+ $PY -m pytest -q tests/server  (PostgreSQL on 127.0.0.1:$port)"
"$PY" -m pytest -q -p no:cacheprovider tests/server
