"""Civil documents at the 120 Dasan desk: issue one of the seven types (the PDF is saved in the
citizen's data folder and its verification code shown), and a verify-a-code screen open to anyone.
"""
from __future__ import annotations

from pathlib import Path

from net.api import Document, DocumentCheck, error_text
from ui.service_kit import ServiceScreen
from ui.service_text import short_time

DOC_TYPES = (
    "resident_registration_copy",
    "resident_registration_abstract",
    "health_insurance_payment",
    "health_insurance_eligibility",
    "vaccination_certificate",
    "entry_exit_record",
    "military_service_certificate",
)


def save_pdf(folder: Path, document: Document, pdf: bytes) -> Path:
    """Write the PDF under the citizen's data folder; returns where it went."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{document.type}-{document.verification_code}.pdf"
    path.write_bytes(pdf)
    return path


def fetch_pdf(api, folder: Path | None, document: Document) -> tuple[Document, Path | None]:
    """Download a document's PDF and save it (blocking: on the worker); with no folder, nothing is saved."""
    if folder is None:
        return document, None
    return document, save_pdf(folder, document, api.download_document_pdf(document.id))


def documents_folder(screen: ServiceScreen) -> Path | None:
    """Where a screen saves the citizen's PDFs; None on a kiosk, where nothing of a citizen stays on disk."""
    if screen.ctx.settings.kiosk.enabled:
        return None
    return screen.ctx.dirs.data / "documents"


def show_document(page, t, document: Document, path: Path | None) -> None:
    """A document's title, verification code, issue time and where its PDF was saved (or, on a kiosk,
    that it waits in the citizen's account), on a page."""
    page.paragraph("docs.title", document.title, bold=True, max_rows=2)
    page.paragraph("docs.code", t("docs.code", code=document.verification_code), size="heading", max_rows=1)
    page.paragraph("docs.issued_at", t("docs.issued_at", when=short_time(document.issued_at)), max_rows=1)
    page.gap(0.3)
    if path is None:
        page.paragraph("docs.in_account", t("docs.in_account"), max_rows=4)
    else:
        page.paragraph("docs.saved", t("docs.saved", path=str(path)), max_rows=3)
    page.muted("docs.share", t("docs.share"), max_rows=2)


class DocumentScreen(ServiceScreen):
    def start(self) -> None:
        self.page_no = 0
        self.issued: tuple[Document, Path] | None = None
        self.busy = False
        self.open("types", self.types_view)

    def types_view(self) -> None:
        t = self.i18n.t
        page = self.new_page(t("docs.heading"))
        page.muted("docs.hint", t("docs.hint"), max_rows=2)
        page.footer(("docs.close", t("common.close"), self.close, False),
                    ("docs.verify", t("docs.verify_button"), self._verify_screen, False))
        page.list("docs.types", list(DOC_TYPES), lambda kind: t(f"docs.type.{kind}"), self._issue, self.page_no,
                  self._go_page)

    def _go_page(self, number: int) -> None:
        self.page_no = number
        self.render()

    def _verify_screen(self) -> None:
        self.open("verify", verify_view(self, ""))

    def _issue(self, kind: str) -> None:
        self.require_login(lambda: self._send(kind))

    def _send(self, kind: str) -> None:
        if self.busy:
            return
        self.busy = True
        api, folder = self.api, documents_folder(self)

        def issue():
            return fetch_pdf(api, folder, api.issue_document(kind))

        def failed(error) -> None:
            self.busy = False
            self.say(error_text(self.i18n, error), error=True)

        self.say(self.i18n.t("docs.issuing"))
        self.call(issue, then=self._issued, failed=failed)

    def _issued(self, result: tuple[Document, Path]) -> None:
        self.busy = False
        self.issued = result
        self.open("issued", self.issued_view)

    def issued_view(self) -> None:
        t = self.i18n.t
        document, path = self.issued
        page = self.new_page(t("docs.issued_heading"))
        show_document(page, t, document, path)
        page.footer(("docs.more", t("docs.more"), self.back, False),
                    ("docs.check", t("docs.check_this"),
                     lambda: self.open("verify", verify_view(self, document.verification_code)), False),
                    ("docs.done", t("common.done"), self.close, True))


class VerifyScreen(ServiceScreen):
    """Checking a verification code: public, no sign-in."""

    def start(self) -> None:
        self.open("verify", verify_view(self, ""))


def verify_view(screen: ServiceScreen, code: str):
    """The view that checks a code (used alone and from the issued document)."""
    state = {"check": None}

    def view() -> None:
        t = screen.i18n.t
        page = screen.new_page(t("verify.heading"))
        page.muted("verify.hint", t("verify.hint"), max_rows=2)
        field = page.entry("verify.code", t("verify.code"), max_chars=40, text=state.get("code", code))
        check: DocumentCheck | None = state["check"]

        def submit() -> None:
            typed = field.get().strip()
            if not typed:
                screen.say(t("verify.missing"), error=True)
                return
            state["code"] = typed
            screen.say(t("svc.loading"))

            def shown(result: DocumentCheck) -> None:
                state["check"] = result
                screen.notice = ("", False)
                screen.render()

            def failed(error) -> None:
                state["check"] = None
                screen.render()
                screen.say(error_text(screen.i18n, error), error=True)

            screen.call(screen.api.verify_document, typed, then=shown, failed=failed)

        if check is not None:
            page.paragraph("verify.valid", t("verify.valid", title=check.title), bold=True, max_rows=2)
            page.paragraph("verify.holder", t("verify.holder", holder=check.holder), max_rows=1)
            page.paragraph("verify.dates", t("verify.dates", issued=short_time(check.issued_at),
                                             until=short_time(check.valid_until)), max_rows=2)
            page.muted("verify.sha", t("verify.sha", sha=check.sha256[:16]), max_rows=1)
        page.footer(("verify.back", t("svc.back"), screen.back, False),
                    ("verify.submit", t("verify.submit"), submit, True))

    return view
