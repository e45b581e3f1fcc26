"""Per-app services (clock, PII cipher, password hasher, payment provider), kept on ``app.state``."""

from __future__ import annotations

from dataclasses import dataclass

from server.core.clock import Clock, system_clock
from server.core.config import ServerSettings
from server.core.pii import PiiCipher, PiiKeyError, load_or_create_key_file
from server.core.security import PasswordService
from server.services.payments import PaymentProvider, SandboxProvider


@dataclass
class AppServices:
    """Everything a request handler needs besides the database session."""

    settings: ServerSettings
    clock: Clock
    pii: PiiCipher
    passwords: PasswordService
    payments: PaymentProvider


def build_services(
    settings: ServerSettings, *, clock: Clock | None = None, payments: PaymentProvider | None = None
) -> AppServices:
    """Create the services; raises PiiKeyError when production config lacks a PII key."""
    if settings.pii_key is not None:
        pii = PiiCipher.from_text(settings.pii_key.get_secret_value())
    elif settings.demo_mode:
        pii = PiiCipher.from_text(load_or_create_key_file(settings.data_dir))
    else:
        raise PiiKeyError("pii_key is required when demo_mode is false (METAVERSE_SEOUL_SERVER_PII_KEY)")
    return AppServices(
        settings=settings,
        clock=clock or system_clock,
        pii=pii,
        passwords=PasswordService(),
        payments=payments or SandboxProvider(),
    )
