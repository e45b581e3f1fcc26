"""The versioned HTTP API: one router module per resource under ``server.api.routes``."""

from fastapi import APIRouter

from server.api.routes import accounts, avatars, consultations, documents, petition_actions, petitions, tax


def build_api_router() -> APIRouter:
    """Return a fresh router holding every ``/v1`` resource (mounted by ``create_app``)."""
    router = APIRouter()
    for module in (accounts, avatars, petitions, petition_actions, tax, documents, consultations):
        router.include_router(module.router)
    return router
