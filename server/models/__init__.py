"""SQLAlchemy ORM models, one module per concern. Every schema change also needs an Alembic revision.

``tests/server/test_server_migrations.py`` fails when these models and the migrations drift.
"""

from server.models.accounts import Account, AuthSession
from server.models.avatars import AvatarProfile
from server.models.base import Base, UTCDateTime, utcnow
from server.models.petitions import RECEIPT_PREFIX, Agreement, Petition, PetitionAnswer, PetitionEvent, Report
from server.models.services import (
    CitizenRecord,
    ConsultationMessage,
    ConsultationThread,
    CounsellingSlot,
    IssuedDocument,
    Payment,
    TaxBill,
)
from server.models.system import IdempotencyRecord, RateEvent, SeedRun

__all__ = [
    "RECEIPT_PREFIX",
    "Account",
    "Agreement",
    "AuthSession",
    "AvatarProfile",
    "Base",
    "CitizenRecord",
    "ConsultationMessage",
    "ConsultationThread",
    "CounsellingSlot",
    "IdempotencyRecord",
    "IssuedDocument",
    "Payment",
    "Petition",
    "PetitionAnswer",
    "PetitionEvent",
    "RateEvent",
    "Report",
    "SeedRun",
    "TaxBill",
    "UTCDateTime",
    "utcnow",
]
