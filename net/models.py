"""The backend's replies as frozen dataclasses, decoded by one generic ``from_json``.

Decoding tolerates fields the client does not know (a newer server may add some) and fails with
ApiError('bad_response') naming the class and field when one it needs is missing or of the wrong
type, so a contract drift shows up as one clear error instead of a KeyError deep in a screen.
Timestamps and dates stay ISO-8601 strings, as the server sends them. Pure Python: no Panda3D.
"""
from __future__ import annotations

import dataclasses
import functools
import types
import typing
from dataclasses import dataclass
from typing import Any, TypeVar

from net.errors import ApiError

M = TypeVar("M", bound="Model")


class Model:
    """Base of every reply dataclass: gives it ``from_json``."""

    @classmethod
    def from_json(cls: type[M], data: Any) -> M:
        """Build one from a decoded JSON object; ApiError('bad_response') when it does not fit."""
        return _decode(cls, data, cls.__name__)


def decode_list(cls: type[M], data: Any) -> tuple[M, ...]:
    """The ``items`` of a ``{items, total}`` list reply, decoded."""
    if not isinstance(data, dict):
        raise _bad(f"{cls.__name__} list", "the reply is not a JSON object")
    return _decode(tuple[cls, ...], data.get("items"), f"{cls.__name__} list.items")  # type: ignore[valid-type]


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    # Resolved once per class: the annotations are strings under `from __future__ import annotations`.
    return typing.get_type_hints(cls)


def _bad(where: str, problem: str) -> ApiError:
    return ApiError("bad_response", f"The server's reply does not fit: {where} {problem}")


def _decode(kind: Any, value: Any, where: str) -> Any:
    """Check and convert ``value`` to the annotated ``kind`` (dataclass, tuple, optional, scalar)."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        return _decode(next(a for a in args if a is not type(None)), value, where)
    if origin is tuple:
        if not isinstance(value, list):
            raise _bad(where, "is not a list")
        return tuple(_decode(args[0], item, f"{where}[{i}]") for i, item in enumerate(value))
    if dataclasses.is_dataclass(kind):
        if not isinstance(value, dict):
            raise _bad(where, "is not a JSON object")
        hints, values = _hints(kind), {}
        for f in dataclasses.fields(kind):
            if f.name in value:
                values[f.name] = _decode(hints[f.name], value[f.name], f"{where}.{f.name}")
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise _bad(where, f"has no '{f.name}'")
        return kind(**values)
    return _scalar(kind, value, where)


def _scalar(kind: type, value: Any, where: str) -> Any:
    # bool is an int in Python; a JSON true where a count belongs is a contract error, not 1.
    if kind is float and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
        return value
    raise _bad(where, f"should be {kind.__name__}, not {type(value).__name__}")


# --- accounts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Account(Model):
    """The signed-in citizen's own profile."""

    id: int
    name: str
    birth_date: str
    email: str
    phone: str | None
    address: str | None
    role: str  # citizen, staff or admin
    verification: str  # pending or verified
    verification_note: str
    demo: bool
    created_at: str


@dataclass(frozen=True)
class SessionInfo(Model):
    """A new session's lifetime. The token itself stays inside ApiClient and is never returned."""

    expires_at: str
    idle_timeout_s: int
    token_type: str = "bearer"


@dataclass(frozen=True)
class SavedAvatar(Model):
    """The citizen's avatar appearance as the account keeps it (the fields of the client's Appearance)."""

    age: str
    height_m: float
    build: str
    skin_tone: str
    hair_style: str
    hair_color: str
    top_color: str
    bottom_color: str
    shoes_color: str
    mobility: str
    updated_at: str
    version: int = 1

    def appearance_dict(self) -> dict[str, Any]:
        """The appearance fields with their format version, as Appearance.from_dict takes them."""
        values = dataclasses.asdict(self)
        del values["updated_at"]
        return values


# --- petitions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusEvent(Model):
    """One step of a petition's status history."""

    status: str
    note: str
    created_at: str


@dataclass(frozen=True)
class Answer(Model):
    """The city's official answer to a petition."""

    id: int
    department: str
    body: str
    created_at: str


@dataclass(frozen=True)
class Petition(Model):
    """A petition; ``history`` and ``answers`` are filled when read one at a time (empty in lists)."""

    id: int
    number: str
    title: str
    body: str
    category: str
    status: str
    agree_count: int
    created_at: str
    demo: bool = False
    history: tuple[StatusEvent, ...] = ()
    answers: tuple[Answer, ...] = ()


@dataclass(frozen=True)
class PetitionPage(Model):
    """One page of petitions and how many match in all."""

    items: tuple[Petition, ...]
    total: int


@dataclass(frozen=True)
class Agreement(Model):
    """A petition's count and status after an agree."""

    petition_id: int
    agree_count: int
    status: str


@dataclass(frozen=True)
class ReportReceipt(Model):
    """Confirmation that a report reached the moderators."""

    id: int
    petition_id: int
    status: str


# --- tax --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bill(Model):
    """One local tax bill, in KRW."""

    id: int
    kind: str  # automobile, property or resident
    description: str
    tax_year: int
    amount_krw: int
    due_date: str
    status: str  # unpaid or paid
    demo: bool
    receipt_id: int | None = None


@dataclass(frozen=True)
class Receipt(Model):
    """Proof of payment; provider 'sandbox' means no money moved."""

    id: int
    number: str
    bill_id: int
    amount_krw: int
    method: str
    provider: str
    provider_reference: str
    paid_at: str


@dataclass(frozen=True)
class AutomobileTax(Model):
    """The automobile tax calculator's answer, in KRW."""

    rate_krw_per_cc: int | None
    base_tax_krw: int
    age_reduction_rate: float
    automobile_tax_krw: int
    local_education_tax_krw: int
    total_krw: int
    june_krw: int
    december_krw: int
    articles: tuple[str, ...]


@dataclass(frozen=True)
class PropertyTax(Model):
    """The housing property tax calculator's answer, in KRW."""

    tax_base_krw: int
    property_tax_krw: int
    local_education_tax_krw: int
    total_krw: int
    july_krw: int
    september_krw: int
    articles: tuple[str, ...]


# --- documents --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Document(Model):
    """An issued civil document; the PDF comes from ApiClient.download_document_pdf."""

    id: int
    type: str
    title: str
    verification_code: str
    issued_at: str
    sha256: str
    pdf_url: str


@dataclass(frozen=True)
class DocumentCheck(Model):
    """What a public verification code reveals: no PII beyond a masked name."""

    type: str
    title: str
    issued_at: str
    valid_until: str
    holder: str
    sha256: str


# --- consultations ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Message(Model):
    """One message in a consultation; ``author_role`` is citizen or staff."""

    id: int
    author_role: str
    body: str
    created_at: str


@dataclass(frozen=True)
class Thread(Model):
    """A consultation; ``messages`` are filled when read one at a time (empty in lists)."""

    id: int
    category: str
    subject: str
    status: str  # open or answered
    created_at: str
    messages: tuple[Message, ...] = ()


@dataclass(frozen=True)
class Slot(Model):
    """A youth-counselling slot."""

    id: int
    starts_at: str
    minutes: int
    counsellor: str
    available: bool
    booked_by_me: bool
