"""My account: the profile the city holds, the way to one's avatar, my proposals, my documents, my
receipts, and deleting the account after a confirmation step.

Everything here is personal, so a guest is asked to sign in (or to create an account) first. Lists
are read through the cache like every service read; documents open as at the 120 Dasan desk (the PDF
saved on this device) and receipts as at the Tax Square desk. Deleting the account signs out here and
forgets what this device holds of the citizen, as logging out does.
"""
from __future__ import annotations

from net.api import Account, Document, Petition, PetitionPage, Receipt, error_text
from ui.documents import documents_folder, fetch_pdf, show_document
from ui.login import open_register
from ui.service_kit import ServiceScreen
from ui.service_text import krw, short_time
from ui.tax import show_receipt


class MyAccountScreen(ServiceScreen):
    def start(self) -> None:
        self.profile: Account | None = None
        self.petitions: tuple[tuple, PetitionPage] | None = None
        self.lists: dict[str, tuple] = {}  # "documents" and "receipts", once read
        self.page_no = 0
        self.busy = False
        self.open("account", self.account_view)
        if not self.signed_in:
            self.require_login(None)

    # -- the profile ----------------------------------------------------------------------------------
    def account_view(self) -> None:
        t = self.i18n.t
        page = self.new_page(t("account.mine.heading"))
        if not self.signed_in:
            self.profile = None
            page.paragraph("account.mine.sign_in_first", t("account.mine.sign_in_first"), max_rows=3)
            page.footer(("account.mine.close", t("common.close"), self.close, False),
                        ("account.mine.register", t("account.create"), lambda: open_register(self, None), False),
                        ("account.mine.login", t("svc.login"), lambda: self.require_login(None), True))
            return
        page.footer(("account.mine.close", t("common.close"), self.close, False),
                    ("account.mine.delete", t("account.delete.button"), self._confirm_delete, False))
        if self.profile is None:
            page.status(t("svc.loading"))
            self.call(self.api.get_me, then=self._profiled)
            return
        profile = self.profile
        page.paragraph("account.mine.name", profile.name, bold=True, max_rows=1)
        page.paragraph("account.mine.email", t("account.mine.email", email=profile.email), max_rows=1)
        page.paragraph("account.mine.status", t(f"account.mine.verification.{profile.verification}"), max_rows=2)
        page.gap(0.3)
        theme = page.theme
        width = (page.inner - theme.pad) / 2
        top = page.y
        for index, (wid, key, command) in enumerate((
                ("account.mine.avatar", "account.mine.avatar", lambda: self.state.open_service("avatar")),
                ("account.mine.petitions", "account.petitions.heading", self._my_petitions),
                ("account.mine.documents", "account.documents.heading", lambda: self._show_list("documents")),
                ("account.mine.receipts", "account.receipts.heading", lambda: self._show_list("receipts")))):
            row, column = divmod(index, 2)
            page.y = top - row * (theme.button_height + theme.pad * 0.5)
            page.button(wid, t(key), command, width=width, x=page.x + column * (width + theme.pad))

    def _profiled(self, profile: Account) -> None:
        self.profile = self.account = profile
        self.render()

    # -- lists ----------------------------------------------------------------------------------------
    def _go_page(self, number: int) -> None:
        self.page_no = number
        self.render()

    def _my_petitions(self) -> None:
        self.page_no, self.petitions = 0, None
        self.open("petitions", self.petitions_view)

    def petitions_view(self) -> None:
        t = self.i18n.t
        page = self.new_page(t("account.petitions.heading"))
        page.footer(("account.petitions.back", t("svc.back"), self.back, False))
        per = page.rows_fit()
        key = (self.page_no, per)
        if self.petitions is None or self.petitions[0] != key:
            page.status(t("svc.loading"))
            offset = self.page_no * per
            self.read(f"my_petitions:{offset}:{per}",
                      lambda: self.api.list_petitions(limit=per, offset=offset, mine=True),
                      then=lambda result: self._petitions_read(key, result))
            return
        results = self.petitions[1]
        page.list("account.petitions", list(results.items), self._petition_row,
                  lambda p: self.open("petition", lambda: self.petition_view(p)), self.page_no, self._go_page,
                  total=results.total, per_page=per, empty=t("account.petitions.none"))

    def _petitions_read(self, key: tuple, result: PetitionPage) -> None:
        self.petitions = (key, result)
        self.render()

    def _petition_row(self, petition: Petition) -> str:
        t = self.i18n.t
        return t("petitions.row", title=petition.title, count=petition.agree_count,
                 status=t(f"petitions.status.{petition.status}"))

    def petition_view(self, petition: Petition) -> None:
        t = self.i18n.t
        page = self.new_page(t("petitions.one", number=petition.number))
        page.paragraph("account.petition.title", petition.title, bold=True, max_rows=2)
        page.paragraph("account.petition.meta", t("account.petitions.meta", when=short_time(petition.created_at),
                                                  status=t(f"petitions.status.{petition.status}"),
                                                  count=petition.agree_count), max_rows=2)
        page.paragraph("account.petition.body", petition.body)
        page.footer(("account.petition.back", t("svc.back"), self.back, True))

    def _listed(self, what: str, items: tuple) -> None:
        self.lists[what] = items
        self.render()

    def _show_list(self, what: str) -> None:
        self.page_no = 0
        self.lists.pop(what, None)  # read again each time: a document or payment may be new
        self.open(what, lambda: self.list_view(what))

    def list_view(self, what: str) -> None:
        """My documents or my receipts: read through the cache, paged here."""
        t = self.i18n.t
        fetch, row, pick = {
            "documents": (self.api.list_documents,
                          lambda d: t("account.documents.row", title=d.title, when=short_time(d.issued_at)[:10]),
                          self._open_document),
            "receipts": (self.api.list_receipts,
                         lambda r: t("account.receipts.row", number=r.number, when=short_time(r.paid_at)[:10],
                                     amount=t("tax.amount", amount=krw(r.amount_krw))),
                         lambda r: self.open("receipt", lambda: self.receipt_view(r))),
        }[what]
        page = self.new_page(t(f"account.{what}.heading"))
        page.footer((f"account.{what}.back", t("svc.back"), self.back, False))
        items = self.lists.get(what)
        if items is None:
            page.status(t("svc.loading"))
            self.read(f"my_{what}", fetch, then=lambda got: self._listed(what, got))
            return
        page.list(f"account.{what}", list(items), row, pick, self.page_no, self._go_page,
                  empty=t(f"account.{what}.none"))

    def _open_document(self, document: Document) -> None:
        """Download and save the PDF (as the documents desk does), then show where it went."""
        if self.busy:
            return
        self.busy = True
        api, folder = self.api, documents_folder(self)

        def failed(error: BaseException) -> None:
            self.busy = False
            self.say(error_text(self.i18n, error), error=True)

        def opened(result) -> None:
            self.busy = False
            self.open("document", lambda: self.document_view(*result))

        self.say(self.i18n.t("account.documents.opening"))
        self.call(fetch_pdf, api, folder, document, then=opened, failed=failed)

    def document_view(self, document: Document, path) -> None:
        t = self.i18n.t
        page = self.new_page(t("account.documents.one"))
        show_document(page, t, document, path)
        page.footer(("account.document.back", t("svc.back"), self.back, True))

    def receipt_view(self, receipt: Receipt) -> None:
        t = self.i18n.t
        page = self.new_page(t("account.receipts.one"))
        show_receipt(page, t, receipt)
        page.footer(("account.receipt.back", t("svc.back"), self.back, True))

    # -- deleting the account -------------------------------------------------------------------------
    def _confirm_delete(self) -> None:
        self.open("delete", self.delete_view)

    def delete_view(self) -> None:
        t = self.i18n.t
        page = self.new_page(t("account.delete.heading"))
        page.paragraph("account.delete.what", t("account.delete.what"), max_rows=5)
        page.paragraph("account.delete.undo", t("account.delete.undo"), bold=True, max_rows=2)
        # Not primary: Enter alone must not delete an account; the button needs the focus or a click.
        page.footer(("account.delete.cancel", t("common.cancel"), self.back, False),
                    ("account.delete.confirm", t("account.delete.confirm"), self._delete, False))

    def _delete(self) -> None:
        if self.busy:
            return
        self.busy = True
        net = self.net

        def delete() -> None:
            net.api.delete_me()  # the session ends with it
            net.reads.clear()
            net.outbox.purge_personal()

        def failed(error: BaseException) -> None:
            self.busy = False
            self.say(error_text(self.i18n, error), error=True)

        def deleted(_) -> None:
            self.busy = False
            self.account = self.profile = None
            self.views.clear()
            self.open("deleted", self.deleted_view)

        self.say(self.i18n.t("account.delete.deleting"))
        self.call(delete, then=deleted, failed=failed)

    def deleted_view(self) -> None:
        t = self.i18n.t
        page = self.new_page(t("account.deleted.heading"))
        page.paragraph("account.deleted.what", t("account.deleted.what"), max_rows=4)
        page.footer(("account.deleted.done", t("common.done"), self.close, True))
