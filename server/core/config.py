"""Typed server settings, read from ``METAVERSE_SEOUL_SERVER_*`` environment variables."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic import Field, SecretStr
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
    worker_threads: int = Field(
        default=40,
        ge=1,
        description="Threads that run the sync routes (AnyIO's default is 40). With SQLite, fewer threads "
        "contend less for the GIL and the write lock.",
    )
    hot_writes: bool = Field(
        default=True,
        description="Answer well-formed pay and agree requests ahead of FastAPI's routing (server/api/hot_writes.py); "
        "off: FastAPI answers them too. The answers are the same either way.",
    )
    db_pool_size: int = Field(default=20, ge=1, description="Pooled connections per process.")
    db_max_overflow: int = Field(default=30, ge=0, description="Extra connections under load (keep the sum > 40).")
    demo_mode: bool = Field(
        default=True,
        description="Demo configuration: new accounts are verified automatically (the API says so), "
        "new citizens get a demo civil record, and a PII key is generated beside the database "
        "when none is configured. Set false in production.",
    )
    pii_key: SecretStr | None = Field(
        default=None,
        description="Base64url 32-byte key encrypting PII at rest. Required when demo_mode is false.",
    )
    uploads_dir: Path | None = Field(default=None, description="Identity documents; default data_dir/uploads.")
    max_upload_bytes: int = Field(default=5 * 1024 * 1024, ge=1, description="Largest identity document.")
    allow_anonymous_petitions: bool = Field(
        default=True,
        description="TEMPORARY, until the client has a login screen: allow filing petitions without a "
        "token. False answers 401 login_required.",
    )
    threshold_department: int = Field(default=50, ge=1, description="Agrees for the department's answer.")
    threshold_forum: int = Field(default=100, ge=1, description="Agrees for the public forum.")
    threshold_mayor: int = Field(default=1000, ge=1, description="Agrees for the mayor's answer.")
    petition_create_limit: int = Field(default=2, ge=1, description="Petitions per window per citizen/address.")
    petition_create_window_s: int = Field(default=300, ge=1)
    agree_limit: int = Field(default=30, ge=1, description="Agrees per window per citizen.")
    agree_window_s: int = Field(default=60, ge=1)
    login_fail_account_limit: int = Field(default=5, ge=1, description="Failed logins per account per window.")
    login_fail_address_limit: int = Field(default=20, ge=1, description="Failed logins per address per window.")
    login_fail_window_s: int = Field(default=900, ge=1)
    session_idle_s: int = Field(default=30 * 60, ge=1, description="A session unused this long expires.")
    session_absolute_s: int = Field(default=12 * 3600, ge=1, description="A session expires this long after login.")
    idempotency_ttl_s: int = Field(default=24 * 3600, ge=1, description="How long Idempotency-Keys are kept.")
    document_valid_days: int = Field(default=90, ge=1, description="How long a document code verifies.")

    def resolved_database_url(self) -> str:
        """Return ``database_url``, or the SQLite file URL inside ``data_dir`` when unset."""
        if self.database_url:
            return self.database_url
        return sqlite_file_url(self.data_dir / DATABASE_FILENAME)

    def resolved_uploads_dir(self) -> Path:
        """Where identity documents are stored (outside the database)."""
        return self.uploads_dir if self.uploads_dir is not None else self.data_dir / "uploads"

    def uses_default_sqlite_file(self) -> bool:
        """True when the database lives in ``data_dir`` (so that directory must exist)."""
        return not self.database_url
