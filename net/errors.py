"""ApiError, and the words a citizen sees for it. Pure Python: no Panda3D.

Server errors carry a stable ``code``; the text catalogs hold ``error.<code>`` in Korean and English,
so the message follows the citizen's language even though the server's own messages are English.
"""
from __future__ import annotations

from typing import Protocol


class ApiError(Exception):
    """The backend refused a request, could not be reached (code 'unreachable'), or answered in a
    shape the client does not understand (code 'bad_response')."""

    def __init__(self, code: str, message: str, status: int = 0, field: str | None = None):
        super().__init__(message)
        self.code, self.message, self.status, self.field = code, message, status, field


class TextCatalog(Protocol):
    """What error_text needs of a catalog (client.i18n.Catalog fits)."""

    def t(self, key: str, **values: object) -> str: ...

    def has(self, key: str) -> bool: ...


def error_text(catalog: TextCatalog, error: BaseException) -> str:
    """The message to show a citizen for ``error``, in the catalog's current language.

    Picks ``error.<code>``; for a code the catalog does not know yet, the server's own message is
    better than nothing; anything else (no code, no message, not an ApiError) is ``error.unknown``.
    """
    code = getattr(error, "code", "")
    if code and catalog.has(f"error.{code}"):
        return catalog.t(f"error.{code}")
    message = getattr(error, "message", "")
    if isinstance(error, ApiError) and message:
        return str(message)
    return catalog.t("error.unknown")
