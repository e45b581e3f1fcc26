"""The versioned HTTP API: one router module per resource under ``server.api.routes``."""

from fastapi import FastAPI

from server.api.routes import accounts, avatars, consultations, documents, petition_actions, petitions, tax

RESOURCE_ROUTERS = (accounts, avatars, petitions, petition_actions, tax, documents, consultations)


def include_api(app: FastAPI, prefix: str) -> None:
    """Mount every resource router on ``app`` under ``prefix`` (``/v1``).

    Each router goes straight onto the app rather than into one ``/v1`` router first: since
    FastAPI 0.137 an included router is matched again at every level on the way down, and the
    extra level cost a payment a sixth of the server's time (py-spy, benchmarks/backend_throughput.py).
    """
    for module in RESOURCE_ROUTERS:
        app.include_router(module.router, prefix=prefix)
