"""Passwords (argon2id, OWASP ASVS L2 rules) and opaque bearer tokens.

Tokens are 256 random bits; only their SHA-256 is stored, so a database leak does not
hand out live sessions. Unknown users are checked against a dummy hash so the time a
login takes does not reveal whether the account exists.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

PASSWORD_MIN = 8
PASSWORD_MAX = 128  # ASVS 2.1.2: at least 64 must be allowed; 128 bounds the hashing cost.
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "common_passwords.txt"
TOKEN_BYTES = 32


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The refused-password list, loaded once (it is read-only data, not state)."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str, *, email: str = "") -> str | None:
    """Return why ``password`` is refused, or None. No composition rules (ASVS 2.1.9)."""
    length = len(unicodedata.normalize("NFC", password))
    if length < PASSWORD_MIN:
        return f"must be at least {PASSWORD_MIN} characters"
    if length > PASSWORD_MAX:
        return f"must be at most {PASSWORD_MAX} characters"
    folded = password.casefold()
    if folded in common_passwords():
        return "is too common; choose a less guessable password"
    if email and folded == email.casefold():
        return "must not be your e-mail address"
    return None


class PasswordService:
    """argon2id hashing with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane)."""

    def __init__(self, *, memory_kib: int = 19 * 1024, time_cost: int = 2, parallelism: int = 1) -> None:
        self._hasher = PasswordHasher(memory_cost=memory_kib, time_cost=time_cost, parallelism=parallelism)
        self._dummy_hash = self._hasher.hash(secrets.token_urlsafe(16))

    def hash(self, password: str) -> str:
        """Hash ``password`` with a fresh salt."""
        return self._hasher.hash(password)

    def verify(self, stored_hash: str | None, password: str) -> bool:
        """True when ``password`` matches; with no hash the dummy one is checked, then False."""
        try:
            return self._hasher.verify(stored_hash or self._dummy_hash, password) and stored_hash is not None
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False


def new_token() -> str:
    """A new opaque bearer token (256 bits, URL-safe)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
