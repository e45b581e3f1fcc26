"""Demo data for a first run, clearly marked as demo (``demo: true`` and a ``[DEMO]`` title).

Each data set is seeded once per database, recorded in ``seed_runs``: deleting demo rows
later does not bring them back, and a restart never duplicates them. Later data sets
(demo citizens, tax bills) get their own names here.
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from server import crud
from server.models import SeedRun
from server.schemas import PetitionCategory, PetitionCreate

logger = logging.getLogger(__name__)

DEMO_PETITIONS_SEED = "demo_petitions_v1"
DEMO_TITLE_PREFIX = "[DEMO] "
_DEMO_NOTE = "\n\n(This is demonstration data created by the embedded server. It is not a real petition.)"

# (title, body, category, agree_count)
DEMO_PETITIONS: tuple[tuple[str, str, PetitionCategory, int], ...] = (
    (
        "Sign-language interpreters at every community service centre",
        "Deaf citizens should be able to use any community centre without booking an interpreter days ahead.",
        PetitionCategory.COMMUNICATION,
        214,
    ),
    (
        "서울광장 주변 그늘막 확대",
        "여름철 서울광장을 찾는 어르신과 어린이를 위해 그늘막과 음수대를 늘려 주세요.",
        PetitionCategory.OTHER,
        187,
    ),
    (
        "Weekend digital-skills classes for seniors at public libraries",
        "Many older citizens cannot use online civil services. Free weekend classes would help.",
        PetitionCategory.EDUCATION,
        96,
    ),
    (
        "Publish local tax spending by district as open data",
        "Citizens should see how their local tax is spent in each district, in a downloadable format.",
        PetitionCategory.TAX,
        58,
    ),
)


def seed_demo_data(session_factory: sessionmaker[Session]) -> bool:
    """Seed the demo petitions unless this database already had them; True if seeded now."""
    with session_factory() as session:
        if session.get(SeedRun, DEMO_PETITIONS_SEED) is not None:
            return False
        for title, body, category, agree_count in DEMO_PETITIONS:
            petition = crud.add_petition(
                session,
                PetitionCreate(title=DEMO_TITLE_PREFIX + title, body=body + _DEMO_NOTE, category=category),
                demo=True,
            )
            petition.agree_count = agree_count
        session.add(SeedRun(name=DEMO_PETITIONS_SEED))
        try:
            session.commit()
        except IntegrityError:
            # Another process sharing this database seeded first; its rows stand.
            session.rollback()
            return False
    logger.info("Seeded %d demo petitions", len(DEMO_PETITIONS))
    return True

