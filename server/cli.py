"""``metaverse-seoul-server``: run the reference backend on its own."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import uvicorn

from server import admin
from server.app import create_app
from server.core.access_log import log_config
from server.core.config import ServerSettings, default_data_dir
from server.core.serving import EVENT_LOOP, freeze_startup_heap

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8700


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser (separate so tests can check the options)."""
    parser = argparse.ArgumentParser(
        prog="metaverse-seoul-server",
        description="Run the Metaverse Seoul reference backend (OpenAPI docs at /docs). "
        "`metaverse-seoul-server create-admin --help` creates the first administrator.",
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help="interface to listen on (default %(default)s)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="TCP port (default %(default)s)")
    parser.add_argument(
        "--database-url",
        default=None,
        help="SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db (default: SQLite in --data-dir)",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help=f"directory for the SQLite file (default {default_data_dir()})",
    )
    parser.add_argument("--no-demo", action="store_true", help="do not seed demo data on first start")
    parser.add_argument(
        "--log-level",
        default="info",
        choices=["critical", "error", "warning", "info", "debug"],
        help="uvicorn log level (default %(default)s)",
    )
    return parser


def settings_from_args(args: argparse.Namespace) -> ServerSettings:
    """Command-line options override environment variables, which override defaults."""
    overrides: dict[str, object] = {}
    if args.database_url is not None:
        overrides["database_url"] = args.database_url
    if args.data_dir is not None:
        overrides["data_dir"] = args.data_dir
    if args.no_demo:
        overrides["seed_demo"] = False
    return ServerSettings(**overrides)  # type: ignore[arg-type]


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv``, then serve until interrupted (or run ``create-admin``). Returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["create-admin"]:
        return admin.main(argv[1:])
    args = build_parser().parse_args(argv)
    settings = settings_from_args(args)
    app = create_app(settings)
    freeze_startup_heap()
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        loop=EVENT_LOOP,
        lifespan="on",
        log_config=log_config(),
        log_level=args.log_level,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
