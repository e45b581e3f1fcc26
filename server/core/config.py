"""Typed server settings, read from ``METAVERSE_SEOUL_SERVER_*`` environment variables."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import URL

APP_NAME = "metaverse-seoul"
DATABASE_FILENAME = "metaverse-seoul.sqlite3"
ENV_PREFIX = "METAVERSE_SEOUL_SERVER_"


def default_data_dir() -> Path:
    """Return the per-user data directory (not created here)."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def sqlite_file_url(path: Path) -> str:
    """Return a SQLAlchemy URL string for a SQLite file at ``path``.

    ``URL.create`` is used rather than string formatting so that paths with spaces,
    ``%`` or Windows drive letters survive intact.
    """
    url = URL.create("sqlite+pysqlite", database=str(Path(path).resolve()))
    return url.render_as_string(hide_password=False)


class ServerSettings(BaseSettings):
    """Everything the backend needs to start; defaults suit the embedded, single-user case.

    Precedence (pydantic-settings): constructor arguments, then environment variables,
    then the defaults below. No ``.env`` file is read, so behaviour never depends on cwd.
    """

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; None means a SQLite file named "
        f"{DATABASE_FILENAME} inside data_dir.",
    )
    data_dir: Path = Field(default_factory=default_data_dir)
    seed_demo: bool = Field(default=True, description="Seed demo data on first start.")
    max_body_bytes: int = Field(default=64 * 1024, ge=1, description="Largest accepted request body.")
    sqlite_busy_timeout_s: float = Field(
        default=15.0,
        gt=0,
        description="How long a SQLite writer waits for the lock before failing.",
    )

    def resolved_database_url(self) -> str:
        """Return ``database_url``, or the SQLite file URL inside ``data_dir`` when unset."""
        if self.database_url:
            return self.database_url
        return sqlite_file_url(self.data_dir / DATABASE_FILENAME)

    def uses_default_sqlite_file(self) -> bool:
        """True when the database lives in ``data_dir`` (so that directory must exist)."""
        return not self.database_url
