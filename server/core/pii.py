"""Encryption of personal data at rest (AES-256-GCM) and a keyed index for look-ups.

The key comes from configuration (``pii_key``). In the demo configuration, when no key is
configured, one is generated once and kept in ``pii.key`` beside the database, readable by
the owner only. Outside demo mode a missing key is a startup error.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_FILENAME = "pii.key"
_NONCE_BYTES = 12
_VERSION = "v1:"


class PiiKeyError(ValueError):
    """The PII key is missing or malformed."""


class PiiCipher:
    """Encrypts and decrypts short strings; ciphertexts are ``v1:<base64url(nonce|ct)>``."""

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise PiiKeyError("pii_key must decode to exactly 32 bytes")
        self._aead = AESGCM(key)
        # A separate subkey for the look-up index, so index values reveal nothing about the cipher key.
        self._index_key = hmac.new(key, b"metaverse-seoul index v1", hashlib.sha256).digest()

    @classmethod
    def from_text(cls, text: str) -> PiiCipher:
        """Build from the base64url text form of the key."""
        try:
            key = base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4))
        except ValueError as exc:
            raise PiiKeyError("pii_key is not valid base64url") from exc
        return cls(key)

    def encrypt(self, plaintext: str | None) -> str | None:
        """Encrypt ``plaintext`` with a fresh random nonce; None stays None."""
        if plaintext is None:
            return None
        nonce = secrets.token_bytes(_NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, plaintext.encode("utf-8"), None)
        return _VERSION + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")

    def decrypt(self, token: str | None) -> str | None:
        """Decrypt a value made by :meth:`encrypt`; None stays None."""
        if token is None:
            return None
        raw = base64.urlsafe_b64decode(token.removeprefix(_VERSION))
        return self._aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], None).decode("utf-8")

    def index(self, value: str) -> str:
        """Deterministic keyed hash of ``value`` (for unique look-ups such as the login e-mail)."""
        return hmac.new(self._index_key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def generate_key_text() -> str:
    """A new random key in the text form ``pii_key`` expects."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii").rstrip("=")


def load_or_create_key_file(directory: Path) -> str:
    """Read ``directory/pii.key``, creating it (mode 0600) on first use. Demo mode only."""
    path = directory / KEY_FILENAME
    directory.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: two processes starting together cannot both write different keys.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(generate_key_text() + "\n")
    return path.read_text(encoding="ascii").strip()
