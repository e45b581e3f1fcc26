"""Filing a proposal: a form (title, category, text), sending it, and the receipt with its number.

Submitting stores the proposal in the durable outbox first (with its idempotency key) and lets the
sender deliver it, so a flaky connection, a slow server or a crash can delay a proposal but never
lose or duplicate it. What the citizen typed stays on screen until the server has answered. A
guest may file too (the server allows it); a signed-in citizen's proposal is filed as theirs.
"""
from __future__ import annotations

from net.api import Petition
from net.errors import error_text
from net.outbox import DELIVERED, FAILED
from ui.service_kit import ServiceScreen
from ui.service_text import refusal

CATEGORIES = ("other", "economy", "education", "tax", "administration", "communication", "culture")
TITLE_MAX, BODY_MAX = 120, 5000


def check_fields(title: str, body: str) -> tuple[str, str] | None:
    """Return (field, i18n key) for the first problem in the form, or None when it can be sent."""
    if not title.strip():
        return "title", "proposal.error.title_empty"
    if len(title) > TITLE_MAX:
        return "title", "proposal.error.title_long"
    if title.lstrip()[:1] in ("=", "+", "-", "@"):
        return "title", "proposal.error.title_symbol"
    if not body.strip():
        return "body", "proposal.error.body_empty"
    if len(body) > BODY_MAX:
        return "body", "proposal.error.body_long"
    return None


class ProposalScreen(ServiceScreen):
    """The form, then the receipt; the form's fields, Tab order and Enter come from ServiceScreen."""

    def start(self) -> None:
        self.category = 0
        self.item_id: int | None = None
        self.receipt: Petition | None = None
        self.open("form", self.form_view)

    # -- form -------------------------------------------------------------------------------------
    def form_view(self) -> None:
        t = self.i18n.t
        page = self.new_page(t("proposal.heading"))
        self.title = page.entry("proposal.title", t("proposal.title"), max_chars=TITLE_MAX)
        page.gap(0.2)
        page.button("proposal.category", self._category_text(), self._next_category, width=page.inner * 0.6)
        lines = 4 if page.theme.scale <= 1.5 else 3
        self.body = page.entry("proposal.body", t("proposal.body"), lines=lines, max_chars=BODY_MAX)
        closing = t("common.close") if self.sending else t("common.cancel")
        page.footer(("proposal.cancel", closing, self.close, False),
                    ("proposal.submit", t("proposal.submit"), self.submit, True))

    def _category_text(self) -> str:
        t = self.i18n.t
        return t("proposal.category", name=t(f"category.{CATEGORIES[self.category]}"))

    def _next_category(self) -> None:
        self.category = (self.category + 1) % len(CATEGORIES)
        info = self.ui.widgets["svc.proposal.category"]
        info.widget["text"] = info.name = self._category_text()

    # -- sending ------------------------------------------------------------------------------------
    @property
    def sending(self) -> bool:
        return self.item_id is not None

    def submit(self) -> None:
        """Check the fields, then queue the proposal; the frame loop never waits for the reply."""
        if self.sending:
            return  # one proposal per press: a second Submit would file it twice
        title, body = self.title.get(), self.body.get()
        problem = check_fields(title, body)
        if problem is not None:
            self.say(self.i18n.t(problem[1]), error=True)
            return
        item = self.net.queue_write("proposal", "POST", "/v1/petitions",
                                    {"title": title.strip(), "body": body.strip(),
                                     "category": CATEGORIES[self.category]})
        self.item_id = item.id
        self.say(self.i18n.t("proposal.sending"))

    def _outbox_event(self, event) -> None:
        if self.item_id is None or event.item.id != self.item_id:
            super()._outbox_event(event)  # anything else the kit follows
            return
        t = self.i18n.t
        if event.item.state == DELIVERED:
            self.item_id = None
            self.receipt = Petition.from_json(event.item.result)
            self.replace("receipt", self.receipt_view)
        elif event.item.state == FAILED:
            self.item_id = None  # final: the citizen can correct the text and submit again
            reason = error_text(self.i18n, refusal(event.item.result))
            self.say(t("proposal.error.refused", reason=reason), error=True)
        else:
            # Saved on disk and retried in the background; the citizen may leave this screen.
            self.say(t("proposal.queued"))
            info = self.ui.widgets.get("svc.proposal.cancel")
            if info is not None:
                info.widget["text"] = info.name = t("common.close")

    # -- receipt ------------------------------------------------------------------------------------
    def receipt_view(self) -> None:
        t, petition = self.i18n.t, self.receipt
        page = self.new_page(t("proposal.receipt.heading"))
        page.label("proposal.receipt.number", t("proposal.receipt.number", number=petition.number), bold=True)
        page.gap(1.0)
        page.paragraph("proposal.receipt.title", petition.title, max_rows=3)
        page.muted("proposal.receipt.next", t("proposal.receipt.next"), max_rows=3)
        page.footer(("proposal.done", t("common.done"), self.close, True))
