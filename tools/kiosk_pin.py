"""Make the line for a kiosk's technician PIN: ``python -m tools.kiosk_pin``.

Reads the PIN twice without echo and prints ``admin_pin_hash: "<argon2id hash>"`` to paste under
``kiosk:`` in config/kiosk.yaml (or a kiosk's own settings file). Only the hash is printed; the PIN is
never written anywhere.
"""
from __future__ import annotations

import getpass
import sys
from typing import Callable

from argon2 import PasswordHasher

MIN_DIGITS, MAX_DIGITS = 6, 12  # the pad takes up to 12; six or more keep guessing slow behind the lock-out


def pin_problem(pin: str) -> str | None:
    """Why ``pin`` cannot be used on the PIN pad, or None when it can."""
    if not pin.isdigit() or not pin.isascii():
        return "the PIN pad has digits only"
    if not MIN_DIGITS <= len(pin) <= MAX_DIGITS:
        return f"use {MIN_DIGITS} to {MAX_DIGITS} digits"
    if len(set(pin)) == 1:
        return "all digits the same is too easy to guess"
    return None


def hash_line(pin: str) -> str:
    """The settings line for ``pin`` (argon2id with argon2-cffi's default cost)."""
    return f'admin_pin_hash: "{PasswordHasher().hash(pin)}"'


def main(read: Callable[[str], str] = getpass.getpass) -> int:
    """Ask twice, check, print the line; non-zero when the PINs differ or cannot be used."""
    first = read("Technician PIN (digits): ")
    problem = pin_problem(first)
    if problem:
        print(f"kiosk_pin: {problem}", file=sys.stderr)
        return 2
    if read("Same PIN again: ") != first:
        print("kiosk_pin: the two PINs differ; nothing was made", file=sys.stderr)
        return 1
    print(hash_line(first))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
