"""Application factory: ``create_app(settings)`` builds a fresh, self-contained FastAPI app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import anyio.to_thread
from fastapi import FastAPI

from server import __version__
from server.api import include_api
from server.api.hot_writes import HotWrites
from server.api.routes import health
from server.core import ratelimit
from server.core.body_limit import BodySizeLimitMiddleware
from server.core.clock import Clock
from server.core.config import ServerSettings
from server.core.context import AppServices, build_services
from server.core.db import Database
from server.core.errors import install_error_handlers
from server.core.migrate import upgrade_to_head
from server.idempotency import purge_expired
from server.seed import seed_demo_data
from server.services.payments import PaymentProvider

API_PREFIX = "/v1"


def prepare_database(settings: ServerSettings, services: AppServices) -> Database:
    """Open the database, migrate it to the newest schema, purge expired keys and seed demo data if asked.

    Blocking; the lifespan runs it in a worker thread so the event loop stays free.
    """
    if settings.uses_default_sqlite_file():
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    database = Database.from_settings(settings)
    try:
        upgrade_to_head(database.engine)
        with database.session_factory() as session:
            now = services.clock()
            purge_expired(session, now=now, ttl_s=settings.idempotency_ttl_s)
            ratelimit.purge(session, older_than=now - timedelta(days=1))
            session.commit()
        if settings.seed_demo:
            seed_demo_data(database.session_factory, services)
    except BaseException:
        database.dispose()
        raise
    return database


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: ServerSettings = app.state.settings
    # Sync routes run on this event loop's AnyIO thread limiter (one per loop, so an embedded
    # server does not change its host's).
    anyio.to_thread.current_default_thread_limiter().total_tokens = settings.worker_threads
    try:
        database = await anyio.to_thread.run_sync(prepare_database, settings, app.state.services)
    except Exception as exc:
        # Kept so that EmbeddedServer can name the cause; uvicorn only logs it.
        app.state.startup_error = exc
        raise
    app.state.db = database
    try:
        yield
    finally:
        database.dispose()


def create_app(
    settings: ServerSettings | None = None, *, clock: Clock | None = None, payments: PaymentProvider | None = None
) -> FastAPI:
    """Build the app. The database is opened, migrated and seeded at startup (lifespan).

    ``clock`` replaces the real time (tests move it instead of sleeping); ``payments`` replaces
    the sandbox payment provider. Raises PiiKeyError (a ValueError) when production settings
    (``demo_mode`` false) lack a PII key.
    """
    settings = settings if settings is not None else ServerSettings()
    services = build_services(settings, clock=clock, payments=payments)
    app = FastAPI(
        title="Metaverse Seoul backend",
        version=__version__,
        description="Reference backend for Metaverse Seoul's public services. "
        'Errors are JSON: {"code": "<stable_code>", "message": "...", "field"?: "..."}.',
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
        lifespan=_lifespan,
    )
    app.state.settings = settings
    app.state.services = services
    app.state.startup_error = None
    install_error_handlers(app)
    if settings.hot_writes:
        # Added before the body limit, so it runs inside it (the last added is the outermost).
        app.add_middleware(HotWrites, state=app.state, prefix=API_PREFIX)
    # Registration carries the identity document; every other route keeps the small limit.
    upload_limit = settings.max_upload_bytes + settings.max_body_bytes
    app.add_middleware(BodySizeLimitMiddleware, max_body_bytes=settings.max_body_bytes,
                       path_limits={f"{API_PREFIX}/accounts": upload_limit})
    app.include_router(health.router)
    include_api(app, API_PREFIX)
    return app
