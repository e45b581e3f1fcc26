"""Demo data for a first run, clearly marked as demo (``demo: true`` and a ``[DEMO]`` title).

Each data set is seeded once per database, recorded in ``seed_runs``: deleting demo rows
later does not bring them back, and a restart never duplicates them.

Demo accounts (password ``DEMO_PASSWORD`` for all): demo1..demo3@example.seoul (citizens,
with demo civil records and tax bills), staff@example.seoul (staff), admin@example.seoul (admin).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from server.core.context import AppServices
from server.models import Account, SeedRun
from server.schemas.accounts import Role, Verification
from server.schemas.petitions import PetitionCategory, PetitionCreate
from server.services import demo, records
from server.services.petitions import add_petition, set_agrees

logger = logging.getLogger(__name__)

DEMO_PETITIONS_SEED = "demo_petitions_v1"
DEMO_ACCOUNTS_SEED = "demo_accounts_v1"
DEMO_TITLE_PREFIX = "[DEMO] "
DEMO_PASSWORD = "seoul-demo-2025"
_DEMO_NOTE = "\n\n(This is demonstration data created by the embedded server. It is not a real petition.)"

# (title, body, category, agree_count)
DEMO_PETITIONS: tuple[tuple[str, str, PetitionCategory, int], ...] = (
    ("Sign-language interpreters at every community service centre",
     "Deaf citizens should be able to use any community centre without booking an interpreter days ahead.",
     PetitionCategory.COMMUNICATION, 214),
    ("서울광장 주변 그늘막 확대",
     "여름철 서울광장을 찾는 어르신과 어린이를 위해 그늘막과 음수대를 늘려 주세요.",
     PetitionCategory.OTHER, 187),
    ("Weekend digital-skills classes for seniors at public libraries",
     "Many older citizens cannot use online civil services. Free weekend classes would help.",
     PetitionCategory.EDUCATION, 96),
    ("Publish local tax spending by district as open data",
     "Citizens should see how their local tax is spent in each district, in a downloadable format.",
     PetitionCategory.TAX, 58),
)

# (e-mail, name, birth date, sex, role)
DEMO_ACCOUNTS: tuple[tuple[str, str, date, str, Role], ...] = (
    ("demo1@example.seoul", "김서울 (DEMO)", date(1988, 4, 12), "M", Role.CITIZEN),
    ("demo2@example.seoul", "이한강 (DEMO)", date(1995, 9, 3), "F", Role.CITIZEN),
    ("demo3@example.seoul", "Alex Park (DEMO)", date(2001, 1, 27), "M", Role.CITIZEN),
    ("staff@example.seoul", "박공무 (DEMO staff)", date(1980, 6, 30), "F", Role.STAFF),
    ("admin@example.seoul", "최관리 (DEMO admin)", date(1975, 2, 14), "M", Role.ADMIN),
)


def _seed_petitions(session: Session, services: AppServices, now: datetime) -> int:
    for title, body, category, agree_count in DEMO_PETITIONS:
        petition = add_petition(session, PetitionCreate(title=DEMO_TITLE_PREFIX + title, body=body + _DEMO_NOTE,
                                                        category=category), now=now, demo=True)
        set_agrees(session, services.settings, petition, agree_count, now=now)  # 50+ agrees: awaiting an answer
    return len(DEMO_PETITIONS)


def _seed_accounts(session: Session, services: AppServices, now: datetime) -> int:
    pii = services.pii
    password_hash = services.passwords.hash(DEMO_PASSWORD)
    for email, name, birth, sex, role in DEMO_ACCOUNTS:
        account = Account(email_index=pii.index(email), email_enc=pii.encrypt(email), name_enc=pii.encrypt(name),
                          birth_date_enc=pii.encrypt(birth.isoformat()), password_hash=password_hash,
                          role=role.value, verification=Verification.VERIFIED.value, demo=True, created_at=now)
        session.add(account)
        session.flush()
        if role == Role.CITIZEN:
            records.add_demo_record(session, pii, account.id, name, birth, None, sex=sex)
            demo.add_demo_bills(session, account.id, now.year)
    demo.add_demo_slots(session, now=now)
    return len(DEMO_ACCOUNTS)


_SEEDS: tuple[tuple[str, Callable[[Session, AppServices, datetime], int]], ...] = (
    (DEMO_PETITIONS_SEED, _seed_petitions),
    (DEMO_ACCOUNTS_SEED, _seed_accounts),
)


def seed_demo_data(session_factory: sessionmaker[Session], services: AppServices) -> bool:
    """Seed every demo data set this database has not had yet; True if anything was seeded now."""
    seeded = False
    for name, seed in _SEEDS:
        with session_factory() as session:
            if session.get(SeedRun, name) is not None:
                continue
            count = seed(session, services, services.clock())
            session.add(SeedRun(name=name))
            try:
                session.commit()
            except IntegrityError:
                # Another process sharing this database seeded first; its rows stand.
                session.rollback()
                continue
        logger.info("Seeded demo data set %s (%d items)", name, count)
        seeded = True
    return seeded
