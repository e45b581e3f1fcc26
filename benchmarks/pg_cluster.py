"""A throwaway PostgreSQL cluster on loopback for benchmarks (Debian's postgresql binaries), like
server/scripts/test_postgres.sh does for the tests. fsync is off: it never holds real data.

    with throwaway_cluster() as url:   # None when PostgreSQL or psycopg is not installed
        ...
"""
from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

UNAVAILABLE_HINT = ("PostgreSQL not available: needs Debian's postgresql package (apt-get install postgresql) "
                    "and psycopg (pip install 'psycopg[binary]')")


def postgres_bin() -> Path | None:
    """The newest /usr/lib/postgresql/*/bin, or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name)
                   if p.parent.name.isdigit() else 0)
    return found[-1] if found else None


def available() -> bool:
    """True when a cluster can be started here and the server can talk to it."""
    return postgres_bin() is not None and importlib.util.find_spec("psycopg") is not None


@contextlib.contextmanager
def throwaway_cluster(max_connections: int = 200) -> Iterator[str | None]:
    """Start a cluster in a temporary folder; yield its SQLAlchemy URL (None if unavailable); stop it after."""
    bin_dir = postgres_bin()
    if bin_dir is None or not available():
        yield None
        return
    root = os.geteuid() == 0
    work = Path(tempfile.mkdtemp(prefix="bench-pg-"))
    work.chmod(0o755)
    if root:  # initdb refuses to run as root
        shutil.chown(work, "postgres")

    def run(*cmd: str) -> None:
        subprocess.run((["runuser", "-u", "postgres", "--"] if root else []) + list(cmd), check=True,
                       capture_output=True, text=True)

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    data = work / "data"
    try:
        run(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "--no-sync")
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(work / "log"), "-w", "-o",
            f"-c listen_addresses=127.0.0.1 -p {port} -k {work} -c fsync=off -c max_connections={max_connections}",
            "start")
        run(str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "bench")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/bench"
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(work, ignore_errors=True)
