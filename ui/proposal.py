"""Filing a proposal: a form (title, category, text), sending it, and the receipt with its number.

Submitting stores the proposal in the durable outbox first (with its idempotency key) and lets the
sender deliver it, so a flaky connection, a slow server or a crash can delay a proposal but never
lose or duplicate it. What the citizen typed stays on screen until the server has answered.
"""
from __future__ import annotations

from net.api import ApiError, Petition
from net.errors import error_text
from net.outbox import DELIVERED, FAILED
from ui.layout import Screen

CATEGORIES = ("other", "economy", "education", "tax", "administration", "communication", "culture")
TITLE_MAX, BODY_MAX = 120, 5000
PREFIX = "proposal"


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


class ProposalScreen:
    """Owned by the service state; `state.ui` makes its widgets and `state.submit` its calls."""

    def __init__(self, state, close):
        self.state, self.close = state, close
        self.ui, self.i18n, self.net = state.ui, state.ctx.i18n, state.ctx.net
        self.screen = Screen.of(state.ctx.base)
        self.category = 0
        self.item_id: int | None = None
        self.receipt: Petition | None = None
        self._build_form()
        state.accept("outbox-event", self._outbox_event)

    # -- form -------------------------------------------------------------------------------------
    def _frame(self, wanted_width: float, height: float):
        theme = self.ui.theme
        width = self.screen.panel_width(wanted_width * min(theme.scale, 1.35))
        height = min(height, 1.94)
        left, top = -width / 2, height / 2
        return self.ui.panel(f"{PREFIX}.panel", (left, left + width, -height / 2, top)), left, top, width

    def _build_form(self) -> None:
        ui, t, theme = self.ui, self.i18n.t, self.ui.theme
        panel, left, top, width = self._frame(2.4, 1.9)
        x, inner = left + theme.pad * 2, width - theme.pad * 4
        y = top - theme.pad - theme.heading_size
        ui.label(f"{PREFIX}.heading", t("proposal.heading"), (x, y), parent=panel, size="heading")
        y -= theme.line_height * 1.5
        self.title = ui.entry(f"{PREFIX}.title", t("proposal.title"), (x, y), inner, parent=panel, max_chars=TITLE_MAX)
        y -= theme.line_height * 2.4
        ui.button(
            f"{PREFIX}.category", self._category_text(), self._next_category,
            (x + inner * 0.3, y - theme.button_height / 2), inner * 0.6, parent=panel,
        )
        y -= theme.button_height + theme.line_height * 0.9
        lines = 4 if theme.scale <= 1.5 else 3
        self.body = ui.entry(f"{PREFIX}.body", t("proposal.body"), (x, y), inner, lines=lines, parent=panel)
        y -= theme.line_height * (lines + 1.6)
        ui.label(f"{PREFIX}.status", "", (x, y), parent=panel, color=theme.palette.error, wrap=inner)
        button_y = -min(1.9, 1.94) / 2 + theme.pad + theme.button_height / 2
        half = (inner - theme.pad) / 2
        ui.button(f"{PREFIX}.cancel", t("common.cancel"), self.close, (x + half / 2, button_y), half, parent=panel)
        ui.button(
            f"{PREFIX}.submit", t("proposal.submit"), self.submit,
            (x + inner - half / 2, button_y), half, parent=panel, primary=True,
        )

    def _category_text(self) -> str:
        t = self.i18n.t
        return t("proposal.category", name=t(f"category.{CATEGORIES[self.category]}"))

    def _next_category(self) -> None:
        self.category = (self.category + 1) % len(CATEGORIES)
        info = self.ui.widgets[f"{PREFIX}.category"]
        info.widget["text"] = info.name = self._category_text()

    def _status(self, text: str) -> None:
        info = self.ui.widgets[f"{PREFIX}.status"]
        info.widget["text"] = info.name = text

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
            self._status(self.i18n.t(problem[1]))
            return
        item = self.net.queue_write("proposal", "POST", "/v1/petitions",
                                    {"title": title.strip(), "body": body.strip(),
                                     "category": CATEGORIES[self.category]})
        self.item_id = item.id
        self._status(self.i18n.t("proposal.sending"))

    def _outbox_event(self, event) -> None:
        if event.item.id != self.item_id:
            return
        if event.item.state == DELIVERED:
            self.item_id = None
            self._sent(Petition.from_json(event.item.result))
        elif event.item.state == FAILED:
            self.item_id = None  # final: the citizen can correct the text and submit again
            result = event.item.result or {}
            refusal = ApiError(str(result.get("code", "unknown")), str(result.get("message", "")),
                               int(result.get("status", 0)), result.get("field"))
            self._status(self.i18n.t("proposal.error.refused", reason=error_text(self.i18n, refusal)))
        else:
            # Saved on disk and retried in the background; the citizen may leave this screen.
            self._status(self.i18n.t("proposal.queued"))
            info = self.ui.widgets[f"{PREFIX}.cancel"]
            info.widget["text"] = info.name = self.i18n.t("common.close")

    def _sent(self, petition) -> None:
        self.receipt = petition
        self.ui.remove_prefix(PREFIX)
        ui, t, theme = self.ui, self.i18n.t, self.ui.theme
        panel, left, top, width = self._frame(2.2, 1.3)
        x, inner = left + theme.pad * 2, width - theme.pad * 4
        y = top - theme.pad - theme.heading_size
        ui.label(f"{PREFIX}.receipt.heading", t("proposal.receipt.heading"), (x, y), parent=panel, size="heading")
        y -= theme.line_height * 1.6
        ui.label(
            f"{PREFIX}.receipt.number", t("proposal.receipt.number", number=petition.number),
            (x, y), parent=panel, bold=True,
        )
        y -= theme.line_height * 1.3
        ui.label(f"{PREFIX}.receipt.title", petition.title, (x, y), parent=panel, wrap=inner)
        y -= theme.line_height * 1.3
        ui.label(f"{PREFIX}.receipt.next", t("proposal.receipt.next"), (x, y), parent=panel, wrap=inner, size="small")
        ui.button(
            f"{PREFIX}.done", t("common.back_to_world"), self.close,
            (0, -1.3 / 2 + theme.pad + theme.button_height / 2), inner, parent=panel, primary=True,
        )
