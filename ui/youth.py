"""Youth counselling: the free times, booking one, and cancelling my booking.

The list is open to guests; booking and cancelling ask for a sign-in first. A time someone else took
in the meantime is refused by the server (slot_taken) and said in the citizen's words.
"""
from __future__ import annotations

from net.api import Slot, error_text
from ui.service_kit import ServiceScreen
from ui.service_text import short_time


class YouthScreen(ServiceScreen):
    def start(self) -> None:
        self.slots: tuple[Slot, ...] | None = None
        self.page_no = 0
        self.busy = False
        self.open("slots", self.slots_view)

    def slots_view(self) -> None:
        t = self.i18n.t
        page = self.new_page(t("youth.heading"))
        page.muted("youth.hint", t("youth.hint"), max_rows=2)
        page.footer(("youth.close", t("common.close"), self.close, False))
        if self.slots is None:
            page.status(t("svc.loading"))
            self.read(f"youth.slots:{self.signed_in}", self.api.list_slots, then=self._loaded)
            return
        mine = [s for s in self.slots if s.booked_by_me]
        free = [s for s in self.slots if s.available and not s.booked_by_me]
        page.list("youth.slots", mine + free, self._row, self._pick, self.page_no, self._go_page,
                  empty=t("youth.none"))

    def _loaded(self, slots) -> None:
        self.slots = slots
        self.render()

    def _go_page(self, number: int) -> None:
        self.page_no = number
        self.render()

    def _row(self, slot: Slot) -> str:
        t = self.i18n.t
        key = "youth.row_mine" if slot.booked_by_me else "youth.row"
        return t(key, when=short_time(slot.starts_at), minutes=slot.minutes, counsellor=slot.counsellor)

    def _pick(self, slot: Slot) -> None:
        self.open("slot", lambda: self.slot_view(slot))

    def slot_view(self, slot: Slot) -> None:
        t = self.i18n.t
        page = self.new_page(t("youth.slot_heading"))
        page.paragraph("youth.when", t("youth.when", when=short_time(slot.starts_at), minutes=slot.minutes),
                       bold=True, max_rows=2)
        page.paragraph("youth.who", t("youth.who", counsellor=slot.counsellor), max_rows=2)
        page.gap(0.3)
        if slot.booked_by_me:
            page.paragraph("youth.yours", t("youth.yours"), max_rows=2)
            action = ("youth.cancel_booking", t("youth.cancel_booking"), lambda: self._change(slot, False), True)
        else:
            page.muted("youth.private", t("youth.private"), max_rows=3)
            action = ("youth.book", t("youth.book"), lambda: self._change(slot, True), True)
        page.footer(("youth.back", t("svc.back"), self.back, False), action)

    def _change(self, slot: Slot, book: bool) -> None:
        self.require_login(lambda: self._send(slot, book))

    def _send(self, slot: Slot, book: bool) -> None:
        if self.busy:
            return
        self.busy = True
        t = self.i18n.t
        self.say(t("svc.sending"))

        def done(result) -> None:
            self.busy = False
            self.slots = None
            self.net.reads.clear()
            del self.views[1:]
            self.open("done", lambda: self.done_view(slot, book))

        def failed(error) -> None:
            self.busy = False
            self.say(error_text(self.i18n, error), error=True)

        call = self.api.book_slot if book else self.api.cancel_booking
        self.call(call, slot.id, then=done, failed=failed)

    def done_view(self, slot: Slot, booked: bool) -> None:
        t = self.i18n.t
        page = self.new_page(t("youth.booked_heading" if booked else "youth.cancelled_heading"))
        page.paragraph("youth.done.when", t("youth.when", when=short_time(slot.starts_at), minutes=slot.minutes),
                       bold=True, max_rows=2)
        page.paragraph("youth.done.who", t("youth.who", counsellor=slot.counsellor), max_rows=2)
        if booked:
            page.muted("youth.done.next", t("youth.next"), max_rows=3)
        page.footer(("youth.done.list", t("youth.more"), self.back, False),
                    ("youth.done.close", t("common.done"), self.close, True))
