"""Schema management: the migrations match the models, and server/ stays Panda3D-free."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from server.core.config import sqlite_file_url
from server.core.db import Database
from server.core.migrate import alembic_config, upgrade_to_head
from server.models import Base

SERVER_DIR = Path(__file__).resolve().parents[2] / "server"
FORBIDDEN_IMPORTS = {"panda3d", "direct", "simplepbr", "gltf"}


def test_migrations_match_the_models(tmp_path: Path) -> None:
    database = Database(sqlite_file_url(tmp_path / "m.sqlite3"))
    try:
        upgrade_to_head(database.engine)
        with database.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        database.dispose()


def test_upgrade_is_idempotent_and_independent_of_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    database = Database(sqlite_file_url(tmp_path / "cwd.sqlite3"))
    try:
        upgrade_to_head(database.engine)
        upgrade_to_head(database.engine)
        tables = set(inspect(database.engine).get_table_names())
        assert {"petitions", "idempotency_keys", "seed_runs", "alembic_version"} <= tables
    finally:
        database.dispose()


def test_downgrade_to_base_removes_everything(tmp_path: Path) -> None:
    engine = create_engine(sqlite_file_url(tmp_path / "down.sqlite3"))
    try:
        upgrade_to_head(engine)
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()


def _imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_server_never_imports_panda3d() -> None:
    sources = sorted(SERVER_DIR.rglob("*.py"))
    assert sources
    offenders = {str(p.relative_to(SERVER_DIR)): _imported_roots(p) & FORBIDDEN_IMPORTS for p in sources}
    assert {name: found for name, found in offenders.items() if found} == {}
