"""Pydantic request and response bodies, one module per resource; common names re-exported."""

from pydantic import BaseModel

from server.schemas.common import FORMULA_PREFIXES, ErrorOut
from server.schemas.petitions import (
    BODY_MAX,
    SEARCH_MAX,
    TITLE_MAX,
    PetitionCategory,
    PetitionCreate,
    PetitionDetail,
    PetitionList,
    PetitionOut,
    PetitionStatus,
)


class HealthOut(BaseModel):
    """Liveness answer."""

    status: str = "ok"


__all__ = [
    "BODY_MAX",
    "FORMULA_PREFIXES",
    "SEARCH_MAX",
    "TITLE_MAX",
    "ErrorOut",
    "HealthOut",
    "PetitionCategory",
    "PetitionCreate",
    "PetitionDetail",
    "PetitionList",
    "PetitionOut",
    "PetitionStatus",
]
