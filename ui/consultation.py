"""Consultations (120 Dasan, and the business centres' "ask an expert"): my threads, one thread's
messages, a reply, and a new question.

A screen files its questions under one server category and words its heading, "new question" and the
staff's name for its own centre; a centre's list shows only the threads of its category (120 Dasan,
the city's general help desk, shows them all). Replies go through the outbox as kind "message" (with
an idempotency key, so a retry posts once); until the server has one, it is shown under the thread
as waiting to send.
"""
from __future__ import annotations

from net.api import Thread, error_text
from ui.service_kit import ServiceScreen
from ui.service_text import short_time

MESSAGE_MAX, SUBJECT_MAX = 2000, 120


class ConsultationScreen(ServiceScreen):
    category = "dasan_120"  # the server's ConsultationCategory new questions are filed under
    texts = "chat"  # catalog prefix of this centre's own wording; missing keys fall back to chat.*
    only_category = False  # list only this category's threads

    def text(self, key: str, **values: object) -> str:
        """This centre's wording for ``chat.<key>``, if its catalog has one."""
        own = f"{self.texts}.{key}"
        return self.i18n.t(own if self.i18n.has(own) else f"chat.{key}", **values)

    def start(self) -> None:
        self.threads: tuple[Thread, ...] | None = None
        self.thread: Thread | None = None
        self.page_no = 0
        self.unsent: dict[int, list[str]] = {}
        self.open("threads", self.threads_view)
        if not self.signed_in:
            self.require_login(None)

    # -- my threads -------------------------------------------------------------------------------------
    def threads_view(self) -> None:
        t = self.i18n.t
        page = self.new_page(self.text("heading"))
        page.footer(("chat.close", t("common.close"), self.close, False),
                    ("chat.new", self.text("new"), self._new_thread, True))
        if not self.signed_in:
            page.paragraph("chat.sign_in_first", self.text("sign_in_first"))
            return
        if self.threads is None:
            page.status(t("svc.loading"))
            self.read("chat.threads", self.api.list_threads, then=self._threads_loaded)
            return
        page.list("chat.threads", list(self.threads), self._row, self._open_thread, self.page_no, self._go_page,
                  empty=self.text("none"))

    def _threads_loaded(self, threads) -> None:
        self.threads = tuple(th for th in threads if th.category == self.category or not self.only_category)
        self.render()

    def _go_page(self, number: int) -> None:
        self.page_no = number
        self.render()

    def _row(self, thread: Thread) -> str:
        t = self.i18n.t
        return t("chat.row", subject=thread.subject, status=t(f"chat.status.{thread.status}"),
                 date=short_time(thread.created_at)[:10])

    # -- one thread ---------------------------------------------------------------------------------------
    def _open_thread(self, thread: Thread) -> None:
        self.thread = None
        self.open("thread", lambda: self.thread_view(thread.id, thread.subject))

    def thread_view(self, thread_id: int, subject: str) -> None:
        t = self.i18n.t
        page = self.new_page(subject)
        thread = self.thread
        theme = page.theme
        if thread is None or thread.id != thread_id:
            page.footer(("chat.back", t("svc.back"), self.back, False))
            page.status(t("svc.loading"))
            self.read(f"chat.thread:{thread_id}", lambda: self.api.get_thread(thread_id), then=self._thread_loaded)
            return
        # The newest messages that fit, oldest of them first, above the reply field.
        lines = [(m.author_role, m.body) for m in thread.messages] + [("unsent", b) for b in self.unsent.get(thread_id, [])]
        room = page.y - page.footer_top - page.status_room() - theme.line_height * 3.2
        rows_left = max(1, int(room // (theme.text_size * 1.3)))
        shown: list[tuple[str, str]] = []
        for role, body in reversed(lines):
            text = self.text(f"from.{role}", body=body)
            need = min(3, self.fit.rows(text, theme.text_size, page.inner))
            if need > rows_left and shown:
                break
            shown.insert(0, (role, text))
            rows_left -= need
        for index, (role, text) in enumerate(shown):
            color = theme.palette.muted if role != "citizen" else None
            page.paragraph(f"chat.msg.{index}", text, color=color, max_rows=3)
        page.y = page.footer_top + page.status_room() + theme.line_height * 2.6
        self.reply = page.entry("chat.reply", t("chat.reply"), max_chars=MESSAGE_MAX)
        page.footer(("chat.back", t("svc.back"), self.back, False),
                    ("chat.send", t("chat.send"), lambda: self._send(thread_id), True))

    def _thread_loaded(self, thread: Thread) -> None:
        self.thread = thread
        self.render()

    def _send(self, thread_id: int) -> None:
        body = self.reply.get().strip()
        if not body:
            self.say(self.i18n.t("chat.empty"), error=True)
            return
        self.unsent.setdefault(thread_id, []).append(body)

        def delivered(result: dict) -> None:
            self._drop_unsent(thread_id, body)
            self.thread = Thread.from_json(result)
            self.threads = None
            if self.view_name == "thread":
                self.render()
            self.say(self.i18n.t("chat.sent"))

        self.write("message", f"/v1/consultations/{thread_id}/messages", {"body": body}, delivered=delivered,
                   failed=lambda error: self._drop_unsent(thread_id, body))
        notice = self.notice
        self.render()  # the message shows at once, marked as waiting to send
        self.say(*notice)

    def _drop_unsent(self, thread_id: int, body: str) -> None:
        waiting = self.unsent.get(thread_id, [])
        if body in waiting:
            waiting.remove(body)

    # -- a new question -------------------------------------------------------------------------------------
    def _new_thread(self) -> None:
        self.require_login(lambda: self.open("new", self.new_view))

    def new_view(self) -> None:
        t = self.i18n.t
        page = self.new_page(self.text("new_heading"))
        subject = page.entry("chat.subject", t("chat.subject"), max_chars=SUBJECT_MAX)
        lines = 3 if page.theme.scale <= 1.5 else 2
        message = page.entry("chat.message", t("chat.message"), lines=lines, max_chars=MESSAGE_MAX)
        busy = {"on": False}

        def submit() -> None:
            if busy["on"]:
                return
            if not subject.get().strip() or not message.get().strip():
                self.say(t("chat.missing"), error=True)
                return
            busy["on"] = True
            self.say(t("svc.sending"))

            def opened(thread: Thread) -> None:
                self.threads, self.thread = None, thread
                self.replace("thread", lambda: self.thread_view(thread.id, thread.subject))

            def failed(error) -> None:
                busy["on"] = False
                self.say(error_text(self.i18n, error), error=True)

            self.call(self.api.open_thread, self.category, subject.get().strip(), message.get().strip(),
                      then=opened, failed=failed)

        page.footer(("chat.cancel", t("common.cancel"), self.back, False),
                    ("chat.open", t("chat.open"), submit, True))


class BusinessChatScreen(ConsultationScreen):
    """The Business Support Centre's "ask an expert": questions filed under the server's business category."""

    category, texts, only_category = "business", "business.chat", True


class FintechChatScreen(BusinessChatScreen):
    """The Fintech Lab's "ask an expert": business support too, in the Fintech Lab's own words."""

    texts = "business.fintech_chat"


class YouthChatScreen(ConsultationScreen):
    """Youth Counselling's "message a counsellor": questions filed under the server's youth category,
    answered by the counselling staff, listed apart from the citizen's other consultations."""

    category, texts, only_category = "youth", "youth_chat", True
