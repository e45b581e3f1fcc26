"""Consultations with city staff, and youth-counselling bookings. Pure Python: no Panda3D."""
from __future__ import annotations

from net.api_core import ApiCore
from net.models import Slot, Thread, decode_list


class ConsultationsApi(ApiCore):
    """Threads (citizen and staff use the same calls) and counselling slots."""

    def list_threads(self) -> tuple[Thread, ...]:
        """The citizen's threads (staff: every thread), newest first, without their messages."""
        return decode_list(Thread, self._call("GET", "/v1/consultations"))

    def open_thread(self, category: str, subject: str, message: str) -> Thread:
        """Open a consultation (dasan_120, youth, business or tax) with a first message."""
        data = self._call("POST", "/v1/consultations", expect=(201,),
                          json={"category": category, "subject": subject, "message": message})
        return Thread.from_json(data)

    def get_thread(self, thread_id: int) -> Thread:
        """A thread with its messages, oldest first (its owner or staff only)."""
        return Thread.from_json(self._call("GET", f"/v1/consultations/{int(thread_id)}"))

    def post_message(self, thread_id: int, body: str, idempotency_key: str | None = None) -> Thread:
        """Reply in a thread (the citizen, or staff answering); with a key a retry posts it only once."""
        data = self._call("POST", f"/v1/consultations/{int(thread_id)}/messages", expect=(201,),
                          json={"body": body}, idempotency_key=idempotency_key)
        return Thread.from_json(data)

    def list_slots(self, limit: int = 50) -> tuple[Slot, ...]:
        """Upcoming youth-counselling slots, soonest first."""
        return decode_list(Slot, self._call("GET", "/v1/consultations/slots", params={"limit": limit}))

    def my_bookings(self) -> tuple[Slot, ...]:
        """The slots the citizen has booked."""
        return decode_list(Slot, self._call("GET", "/v1/consultations/bookings"))

    def book_slot(self, slot_id: int) -> Slot:
        """Book a slot (ApiError slot_taken when someone else was first)."""
        return Slot.from_json(self._call("POST", f"/v1/consultations/slots/{int(slot_id)}/booking", expect=(201,)))

    def cancel_booking(self, slot_id: int) -> None:
        """Cancel one's own booking."""
        self._call("DELETE", f"/v1/consultations/slots/{int(slot_id)}/booking", expect=(204,))
