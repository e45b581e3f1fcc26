"""metaverse-seoul-server: options, settings precedence, and a log that hides queries."""

from __future__ import annotations

import gc
import logging
from pathlib import Path
from typing import Any

import platformdirs
import pytest
from fastapi import FastAPI
from uvicorn.config import LOGGING_CONFIG

from server import cli
from server.core.access_log import StripQueryFilter, log_config
from server.core.config import DATABASE_FILENAME, ServerSettings


def test_defaults() -> None:
    args = cli.build_parser().parse_args([])
    assert (args.host, args.port, args.database_url, args.data_dir, args.no_demo) == (
        "127.0.0.1",
        8700,
        None,
        None,
        False,
    )


def test_options_become_settings(tmp_path: Path) -> None:
    args = cli.build_parser().parse_args(["--data-dir", str(tmp_path), "--no-demo", "--port", "9001"])
    settings = cli.settings_from_args(args)
    assert settings.seed_demo is False
    assert settings.data_dir == tmp_path
    assert settings.resolved_database_url().endswith(str((tmp_path / DATABASE_FILENAME).resolve()))


def test_command_line_beats_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("METAVERSE_SEOUL_SERVER_DATABASE_URL", "sqlite:////from-env.sqlite3")
    monkeypatch.setenv("METAVERSE_SEOUL_SERVER_MAX_BODY_BYTES", "1000")
    from_env = cli.settings_from_args(cli.build_parser().parse_args([]))
    assert from_env.resolved_database_url() == "sqlite:////from-env.sqlite3"
    assert from_env.max_body_bytes == 1000
    from_cli = cli.settings_from_args(cli.build_parser().parse_args(["--database-url", "sqlite:////cli.sqlite3"]))
    assert from_cli.resolved_database_url() == "sqlite:////cli.sqlite3"


def test_default_data_dir_is_the_user_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("METAVERSE_SEOUL_SERVER_DATA_DIR", raising=False)
    assert ServerSettings().data_dir == platformdirs.user_data_path("metaverse-seoul", appauthor=False)


def test_main_serves_the_app_with_the_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, dict[str, Any], int]] = []
    monkeypatch.setattr(cli.uvicorn, "run", lambda app, **kwargs: calls.append((app, kwargs, gc.get_freeze_count())))
    gc.unfreeze()
    try:
        assert cli.main(["--data-dir", str(tmp_path), "--host", "0.0.0.0", "--port", "9100", "--no-demo"]) == 0
    finally:
        gc.unfreeze()
    [(app, kwargs, frozen)] = calls
    assert isinstance(app, FastAPI)
    assert app.state.settings.seed_demo is False
    assert (kwargs["host"], kwargs["port"]) == ("0.0.0.0", 9100)
    # asyncio's loop accepts every waiting connection at once (server/core/serving.py) ...
    assert kwargs["loop"] == "asyncio"
    # ... and the long-lived startup objects are out of the collector's way before the first request.
    assert frozen > 10_000


def test_access_log_drops_query_strings() -> None:
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/v1/petitions?q=my+address", "1.1", 200), None,
    )
    assert StripQueryFilter().filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "GET /v1/petitions HTTP/1.1" 200'


def test_log_config_leaves_uvicorn_defaults_alone() -> None:
    config = log_config()
    assert "strip_query" in config["handlers"]["access"]["filters"]
    assert "filters" not in LOGGING_CONFIG["handlers"]["access"]
