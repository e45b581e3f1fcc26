"""The versioned HTTP API: one router module per resource under ``server.api.routes``."""

from fastapi import APIRouter

from server.api.routes import petitions


def build_api_router() -> APIRouter:
    """Return a fresh router holding every ``/v1`` resource (mounted by ``create_app``)."""
    router = APIRouter()
    router.include_router(petitions.router)
    return router
