"""Petitions and proposals: file, list and search, read, agree, report; staff answers. Pure Python."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from net.api_core import ApiCore
from net.models import Agreement, Petition, PetitionPage, ReportReceipt


class PetitionsApi(ApiCore):
    """Democracy Seoul style petitions."""

    def create_petition(self, title: str, body: str, category: str, idempotency_key: str) -> Petition:
        """File a proposal; the key makes a retried submission land exactly once."""
        data = self._call("POST", "/v1/petitions", expect=(200, 201),
                          json={"title": title, "body": body, "category": category}, idempotency_key=idempotency_key)
        return Petition.from_json(data)

    def list_petitions(self, q: str = "", limit: int = 20, offset: int = 0, status: str | Sequence[str] | None = None,
                       mine: bool = False) -> PetitionPage:
        """A page of proposals, newest first, optionally filtered by a search text and a status (or any of several).

        mine=True lists only the signed-in citizen's own proposals (ApiError login_required for a guest).
        """
        params: dict[str, Any] = {"limit": limit, "offset": offset}
        if q:
            params["q"] = q
        if status:
            params["status"] = [status] if isinstance(status, str) else list(status)
        if mine:
            params["mine"] = "true"
        return PetitionPage.from_json(self._call("GET", "/v1/petitions", params=params))

    def get_petition(self, petition_id: int) -> Petition:
        """One proposal by id, with its status history and official answers."""
        return Petition.from_json(self._call("GET", f"/v1/petitions/{int(petition_id)}"))

    def agree(self, petition_id: int) -> Agreement:
        """Agree to a proposal (signed in; once per citizen: a second time is ApiError already_agreed)."""
        return Agreement.from_json(
            self._call("POST", f"/v1/petitions/{int(petition_id)}/agreements", expect=(201,)))

    def report_petition(self, petition_id: int, reason: str) -> ReportReceipt:
        """Report a proposal to the moderators (signed in; once per citizen)."""
        data = self._call("POST", f"/v1/petitions/{int(petition_id)}/reports", expect=(201,),
                          json={"reason": reason})
        return ReportReceipt.from_json(data)

    def answer_petition(self, petition_id: int, department: str, body: str) -> Petition:
        """Staff only: post the city's official answer; returns the petition with it."""
        data = self._call("POST", f"/v1/petitions/{int(petition_id)}/answers", expect=(201,),
                          json={"department": department, "body": body})
        return Petition.from_json(data)
