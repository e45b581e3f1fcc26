"""Typed calls to the Metaverse Seoul backend: methods take plain values and return dataclasses.

Server errors arrive as JSON {code, message}; they become ApiError with the stable code, so the UI
can show a message in the citizen's language. Pure Python: no Panda3D.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from net.transport import Transport, TransportError


class ApiError(Exception):
    """The backend refused a request, or could not be reached (code 'unreachable')."""

    def __init__(self, code: str, message: str, status: int = 0, field: str | None = None):
        super().__init__(message)
        self.code, self.message, self.status, self.field = code, message, status, field


@dataclass(frozen=True)
class Petition:
    id: int
    number: str
    title: str
    body: str
    category: str
    status: str
    agree_count: int
    created_at: str
    demo: bool = False

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Petition":
        return cls(
            id=int(data["id"]),
            number=str(data["number"]),
            title=str(data["title"]),
            body=str(data["body"]),
            category=str(data["category"]),
            status=str(data["status"]),
            agree_count=int(data.get("agree_count", 0)),
            created_at=str(data["created_at"]),
            demo=bool(data.get("demo", False)),
        )


@dataclass(frozen=True)
class PetitionPage:
    items: tuple[Petition, ...]
    total: int


class ApiClient:
    """One method per backend call. Blocking: run these on the worker, never on the frame loop."""

    def __init__(self, transport: Transport):
        self.transport = transport

    def _call(self, method: str, path: str, expect: tuple[int, ...] = (200,), **kwargs: Any) -> Any:
        try:
            reply = self.transport.request(method, path, **kwargs)
        except TransportError as exc:
            raise ApiError("unreachable", str(exc)) from exc
        if reply.status in expect:
            return reply.body
        body = reply.body if isinstance(reply.body, dict) else {}
        raise ApiError(
            str(body.get("code", f"http_{reply.status}")),
            str(body.get("message", f"the server answered {reply.status}")),
            reply.status,
            body.get("field"),
        )

    def health(self) -> bool:
        """True when the backend answers its health check."""
        return (self._call("GET", "/healthz") or {}).get("status") == "ok"

    def create_petition(self, title: str, body: str, category: str, idempotency_key: str) -> Petition:
        """File a proposal; the key makes a retried submission land exactly once."""
        data = self._call(
            "POST",
            "/v1/petitions",
            expect=(200, 201),
            json={"title": title, "body": body, "category": category},
            idempotency_key=idempotency_key,
        )
        return Petition.from_json(data)

    def list_petitions(self, q: str = "", limit: int = 20, offset: int = 0) -> PetitionPage:
        """A page of proposals, newest first, optionally filtered by a search text."""
        params: dict[str, Any] = {"limit": limit, "offset": offset}
        if q:
            params["q"] = q
        data = self._call("GET", "/v1/petitions", params=params)
        return PetitionPage(tuple(Petition.from_json(p) for p in data["items"]), int(data["total"]))

    def get_petition(self, petition_id: int) -> Petition:
        """One proposal by id."""
        return Petition.from_json(self._call("GET", f"/v1/petitions/{int(petition_id)}"))
