"""The payment-provider interface and the built-in sandbox provider.

The sandbox approves every payment and moves no money. It is the default so the demo
works end to end; a city plugs in its payment gateway by implementing ``PaymentProvider``
and passing it to ``create_app(payments=...)``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class PaymentResult:
    """What the provider answered."""

    approved: bool
    reference: str
    message: str = ""


class PaymentProvider(Protocol):
    """Charges a citizen for one bill."""

    name: str

    def charge(self, *, amount_krw: int, method: str, description: str) -> PaymentResult:
        """Charge ``amount_krw`` and return the outcome (never raises for a refusal)."""
        ...


class SandboxProvider:
    """Approves everything and moves no money: for demos and tests only."""

    name = "sandbox"

    def charge(self, *, amount_krw: int, method: str, description: str) -> PaymentResult:
        """Approve with a random reference."""
        return PaymentResult(approved=True, reference="SBX-" + secrets.token_hex(8).upper(), message="sandbox approval")
