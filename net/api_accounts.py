"""Accounts, sessions and the signed-in profile. Pure Python: no Panda3D."""
from __future__ import annotations

import datetime as dt
import mimetypes

from net.api_core import ApiCore
from net.errors import ApiError
from net.models import Account, SessionInfo


class AccountsApi(ApiCore):
    """Register, sign in and out, read and delete one's own account."""

    def register(
        self,
        name: str,
        birth_date: str | dt.date,
        email: str,
        password: str,
        identity_document: bytes,
        document_name: str = "identity-document",
        phone: str | None = None,
        address: str | None = None,
    ) -> Account:
        """Create a citizen account; the identity document (PNG, JPEG or PDF, at most 5 MB) goes as multipart.

        Sent once, never retried: a repeated registration would only meet email_taken.
        """
        fields = {"name": name, "email": email, "password": password,
                  "birth_date": birth_date.isoformat() if isinstance(birth_date, dt.date) else birth_date}
        fields.update({k: v for k, v in (("phone", phone), ("address", address)) if v})
        # The server judges the file by its bytes, not its name or type; the type is only a courtesy.
        kind = mimetypes.guess_type(document_name)[0] or "application/octet-stream"
        files = {"identity_document": (document_name, identity_document, kind)}
        return Account.from_json(self._call("POST", "/v1/accounts", expect=(201,), data=fields, files=files))

    def login(self, email: str, password: str) -> SessionInfo:
        """Sign in. The token is kept inside this client (memory only) and sent with later calls."""
        data = self._call("POST", "/v1/sessions", expect=(201,), json={"email": email, "password": password})
        info = SessionInfo.from_json(data)  # checks the shape first: a half reply must not sign anyone in
        token = data.get("token")
        if not isinstance(token, str) or not token:
            raise ApiError("bad_response", "The server's sign-in reply has no token")
        self._keep_session(token)
        return info

    def logout(self) -> None:
        """Sign out on the server, and forget the token here even if the server cannot be reached."""
        if not self.signed_in:
            return
        try:
            self._call("DELETE", "/v1/sessions/current", expect=(204,))
        finally:
            self.forget_session()

    def get_me(self) -> Account:
        """The signed-in citizen's profile."""
        return Account.from_json(self._call("GET", "/v1/me"))

    def delete_me(self) -> None:
        """Delete the account (PII and identity document erased); the session ends with it."""
        self._call("DELETE", "/v1/me", expect=(204,))
        self.forget_session()
