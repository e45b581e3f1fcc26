"""Run Alembic migrations from code, independent of the current working directory."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config() -> Config:
    """Return an Alembic config pointing at ``server/migrations`` (no ini file needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade_to_head(engine: Engine) -> None:
    """Bring the schema at ``engine`` up to the newest revision.

    The connection is handed to ``env.py`` through ``config.attributes`` rather than as a
    URL option: Alembic's ini-style options treat ``%`` specially, which would mangle
    URLs with escaped characters, and sharing the engine keeps its SQLite pragmas.
    """
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
