"""Browsing proposals at the Mayor's Office: search, page through, open one (status history and the
city's answers), and agree to it.

Agreeing needs a session (asked for only then) and goes through the outbox as kind "agree", so it is
never lost; the screen says it is waiting to send until the server has it.
"""
from __future__ import annotations

from net.api import Agreement, Petition, PetitionPage
from ui.service_kit import ServiceScreen
from ui.service_text import short_time


class PetitionBrowser(ServiceScreen):
    def start(self) -> None:
        self.query = ""
        self.page_no = 0
        self.loaded: tuple | None = None
        self.results: PetitionPage | None = None
        self.petition: Petition | None = None
        self.agreed: set[int] = set()
        self.open("list", self.list_view)

    # -- the list ------------------------------------------------------------------------------------
    def list_view(self) -> None:
        t = self.i18n.t
        page = self.new_page(t("petitions.heading"))
        side = page.inner * 0.25
        self.search = page.entry("petitions.search", t("petitions.search"), max_chars=100, text=self.query,
                                 width=page.inner - side - page.theme.pad * 2)
        page.beside_field("petitions.search_button", t("petitions.search_button"), self._search, side, primary=True)
        page.gap(0.2)
        per = page.rows_fit()
        key = (self.query, self.page_no, per)
        page.footer(("petitions.close", t("common.close"), self.close, False),
                    ("petitions.new", t("petitions.new"), self._propose, False))
        if self.loaded != key:
            page.status(t("svc.loading"))
            query, offset = self.query, self.page_no * per
            self.read(f"petitions:{query}:{offset}:{per}",
                      lambda: self.api.list_petitions(query, limit=per, offset=offset),
                      then=lambda result: self._loaded(key, result))
            return
        results = self.results
        page.list("petitions", list(results.items), self._row, self._open_petition, self.page_no, self._go_page,
                  total=results.total, per_page=per, empty=t("petitions.none"))

    def _loaded(self, key: tuple, result: PetitionPage) -> None:
        self.loaded, self.results = key, result
        self.render()

    def _row(self, petition: Petition) -> str:
        t = self.i18n.t
        return t("petitions.row", title=petition.title, count=petition.agree_count,
                 status=t(f"petitions.status.{petition.status}"))

    def _search(self) -> None:
        self.query = self.search.get().strip()
        self.page_no = 0
        self.loaded = None
        self.render()

    def _go_page(self, number: int) -> None:
        self.query = self.search.get().strip() or self.query
        self.page_no = number
        self.render()

    def _propose(self) -> None:
        self.state.machine.pop()
        self.state.machine.push("service", service="proposal_form", desk_id=self.state.desk_id)

    def activate(self) -> None:
        if self.view_name == "list" and self.focus < 0:
            self._search()
        else:
            super().activate()

    # -- one proposal ---------------------------------------------------------------------------------
    def _open_petition(self, petition: Petition) -> None:
        self.petition = None
        self.open("detail", lambda: self.detail_view(petition.id))

    def detail_view(self, petition_id: int) -> None:
        t = self.i18n.t
        petition = self.petition
        ready = petition is not None and petition.id == petition_id
        page = self.new_page(t("petitions.one", number=petition.number) if ready else t("petitions.heading"))
        if petition is None or petition.id != petition_id:
            page.footer(("petitions.back", t("svc.back"), self.back, False))
            page.status(t("svc.loading"))
            self.read(f"petition:{petition_id}", lambda: self.api.get_petition(petition_id), then=self._shown)
            return
        theme = page.theme
        page.paragraph("petition.title", petition.title, bold=True, max_rows=2)
        page.paragraph("petition.meta", t("petitions.meta", status=t(f"petitions.status.{petition.status}"),
                                          count=petition.agree_count), max_rows=2)
        keep = theme.line_height * ((3 if petition.answers else 0) + (2 if petition.history else 0))
        page.paragraph("petition.body", petition.body, keep=keep)
        if petition.answers:
            answer = petition.answers[-1]
            page.muted("petition.answer", t("petitions.answer", department=answer.department, body=answer.body),
                       max_rows=3, keep=keep / 2)
        if petition.history:
            steps = ", ".join(f"{short_time(e.created_at)[:10]} {t(f'petitions.status.{e.status}')}"
                               for e in petition.history[-4:])
            page.muted("petition.history", t("petitions.history", steps=steps), max_rows=2)
        agree = petition.id not in self.agreed and petition.status not in ("answered", "closed")
        buttons = [("petitions.back", t("svc.back"), self.back, False)]
        if agree:
            buttons.append(("petitions.agree", t("petitions.agree"), self._agree, True))
        page.footer(*buttons)

    def _shown(self, petition: Petition) -> None:
        self.petition = petition
        self.render()

    def _agree(self) -> None:
        petition = self.petition
        if petition is None or self.waiting():
            return
        self.require_login(lambda: self._send_agree(petition))

    def _send_agree(self, petition: Petition) -> None:
        if petition.id in self.agreed or self.waiting():
            return
        self.agreed.add(petition.id)
        self.drop_button("petitions.agree")
        self.write("agree", f"/v1/petitions/{petition.id}/agreements", {},
                   delivered=lambda result: self._agreed(petition.id, result),
                   failed=lambda error: self.agreed.discard(petition.id))

    def _agreed(self, petition_id: int, result: dict) -> None:
        agreement = Agreement.from_json(result)
        if self.view_name == "detail" and self.petition is not None and self.petition.id == petition_id:
            self.petition = None  # read again: the count and status have moved
            self.loaded = None
            self.render()
        self.say(self.i18n.t("petitions.agreed", count=agreement.agree_count))
