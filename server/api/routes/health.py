"""Liveness probe used by the client to know the embedded server is up."""

from fastapi import APIRouter

from server.schemas import HealthOut

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=HealthOut)
def healthz() -> HealthOut:
    """Answer ``{"status": "ok"}`` while the server is accepting requests."""
    return HealthOut()
