"""Citizens' civil records (demo data), stored encrypted as one JSON document per citizen.

Only a masked resident registration number is ever stored: the birth date part and the
first digit of the back half, never the full number.
"""

from __future__ import annotations

import json
import random
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from server.core.errors import APIError
from server.core.pii import PiiCipher
from server.models import CitizenRecord

DEMO_ADDRESS = "서울특별시 중구 세종대로 110 (태평로1가) [DEMO]"
_VACCINES = (("COVID-19 (Comirnaty)", "2021-08-14"), ("Influenza", "2024-10-21"), ("Hepatitis B", "2003-05-02"))
_TRIPS = (("2023-03-02", "departure", "Incheon ICN"), ("2023-03-09", "entry", "Incheon ICN"),
          ("2024-07-20", "departure", "Gimpo GMP"), ("2024-07-24", "entry", "Gimpo GMP"))


def masked_rrn(birth_date: date, sex: str) -> str:
    """``YYMMDD-N******``: the gender/century digit only, as Korean masked copies print it."""
    century_2000 = birth_date.year >= 2000
    digit = {("M", False): 1, ("F", False): 2, ("M", True): 3, ("F", True): 4}[(sex, century_2000)]
    return f"{birth_date:%y%m%d}-{digit}******"


def demo_record(account_id: int, name: str, birth_date: date, address: str | None,
                *, sex: str | None = None, military: bool | None = None) -> dict[str, Any]:
    """A plausible, clearly-demo civil record, deterministic per account id."""
    rng = random.Random(account_id)
    sex = sex or rng.choice(("M", "F"))
    has_military = military if military is not None else sex == "M"
    return {
        "demo": True,
        "name": name,
        "birth_date": birth_date.isoformat(),
        "sex": sex,
        "rrn_masked": masked_rrn(birth_date, sex),
        "address": address or DEMO_ADDRESS,
        "moved_in": "2019-03-15",
        "household": [{"relation": "본인 (self)", "name": name}],
        "health_insurance": {
            "insurer": "National Health Insurance Service (DEMO)",
            "number": f"DEMO-{rng.randint(10**9, 10**10 - 1)}",
            "status": "employee insured",
            "since": "2015-01-01",
            "monthly_premium_krw": rng.choice((98_450, 132_700, 176_300)),
            "months_paid_last_year": 12,
        },
        "vaccinations": [{"vaccine": v, "date": d} for v, d in _VACCINES],
        "travel": [{"date": d, "direction": k, "port": p} for d, k, p in _TRIPS],
        "military": {
            "branch": "Army", "rank": "Sergeant", "service": "2012-03-05 ~ 2013-12-04",
            "discharge": "completion of service",
        } if has_military else None,
    }


def add_demo_record(db: Session, pii: PiiCipher, account_id: int, name: str, birth_date: date,
                    address: str | None, **options: Any) -> None:
    """Store a demo record for the account (the caller commits)."""
    record = demo_record(account_id, name, birth_date, address, **options)
    db.add(CitizenRecord(account_id=account_id, data_enc=pii.encrypt(json.dumps(record, ensure_ascii=False)),
                         demo=True))


def load_record(db: Session, pii: PiiCipher, account_id: int) -> dict[str, Any]:
    """The citizen's decrypted record; 409 ``no_record`` when the city holds none."""
    row = db.get(CitizenRecord, account_id)
    if row is None:
        raise APIError(409, "no_record", "The city holds no civil record for this account")
    data: dict[str, Any] = json.loads(pii.decrypt(row.data_enc) or "{}")
    return data
