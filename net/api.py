"""Typed calls to the Metaverse Seoul backend: methods take plain values and return frozen dataclasses.

Server errors arrive as JSON {code, message}; they become ApiError with the stable code, and
net.errors.error_text turns that into words in the citizen's language. The calls are grouped by
resource in net/api_<resource>.py; ApiClient is all of them together. Pure Python: no Panda3D.
"""
from __future__ import annotations

from net.api_accounts import AccountsApi
from net.api_avatar import AvatarApi
from net.api_consultations import ConsultationsApi
from net.api_documents import DocumentsApi
from net.api_petitions import PetitionsApi
from net.api_tax import TaxApi
from net.errors import ApiError, error_text
from net.models import (
    Account,
    Agreement,
    Answer,
    AutomobileTax,
    Bill,
    Document,
    DocumentCheck,
    Message,
    Petition,
    PetitionPage,
    PropertyTax,
    Receipt,
    ReportReceipt,
    SavedAvatar,
    SessionInfo,
    Slot,
    StatusEvent,
    Thread,
)

__all__ = [
    "Account", "Agreement", "Answer", "ApiClient", "ApiError", "AutomobileTax", "Bill", "Document", "DocumentCheck",
    "Message", "Petition", "PetitionPage", "PropertyTax", "Receipt", "ReportReceipt", "SavedAvatar", "SessionInfo",
    "Slot", "StatusEvent", "Thread", "error_text",
]


class ApiClient(AccountsApi, AvatarApi, PetitionsApi, TaxApi, DocumentsApi, ConsultationsApi):
    """One method per backend call. Blocking: run these on the worker, never on the frame loop.

    Holds the session token after login(), in memory only; logout(), delete_me() and
    forget_session() (kiosk wipe) drop it.
    """

    def health(self) -> bool:
        """True when the backend answers its health check."""
        return (self._call("GET", "/healthz") or {}).get("status") == "ok"
