"""Creating an account: name, birth date, e-mail, password twice, optional phone and address, and an
identity document chosen with the in-app file picker; then signed in at once and on with what
needed the session.

The fields are spread over as many steps as the UI scale needs (one at 100%, more at 200%). What is
typed is kept across steps and errors; only the passwords are emptied after the server refuses the
form. The registration is sent once, on the worker; the server's refusals come back in the citizen's
language, naming the field, and a refused password says why.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable

from net.api import Account, ApiError, error_text
from ui.login import login_view
from ui.file_picker import FilePicker, FileProblem, Picked, problem_text, read_document, size_text
from ui.service_kit import ServiceScreen


@dataclass(frozen=True)
class Field:
    key: str
    max_chars: int
    secret: bool = False
    optional: bool = False


FIELDS = (Field("name", 60), Field("birth_date", 10), Field("email", 254), Field("password", 128, True),
          Field("password2", 128, True), Field("phone", 20, optional=True), Field("address", 200, optional=True))
OPTIONAL = frozenset(field.key for field in FIELDS if field.optional)
DOCUMENT = "document"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
# The server says why it refuses a password in English; these words tell which reason it was.
_PASSWORD_REASONS = (("at least", "short"), ("at most", "long"), ("common", "common"), ("e-mail", "email"))
PASSWORD_MIN = 8


def field_problem(key: str, value: str, values: dict[str, str], today: dt.date) -> str | None:
    """The catalog key of what is wrong with one field's value (None when it is fine)."""
    value = value.strip() if key not in ("password", "password2") else value
    if not value:
        return None if key in OPTIONAL else "account.missing"
    if key == "birth_date":
        try:
            born = dt.date.fromisoformat(value) if _DATE.match(value) else None
        except ValueError:
            born = None
        if born is None:
            return "account.bad_birth_date"
        if not dt.date(1900, 1, 1) <= born <= today:
            return "account.birth_date_range"
    if key == "email" and not _EMAIL.match(value):
        return "account.bad_email"
    if key == "password" and len(value) < PASSWORD_MIN:
        return "account.password.short"
    if key == "password" and value.casefold() == values.get("email", "").strip().casefold():
        return "account.password.email"
    if key == "password2" and value != values.get("password", ""):
        return "account.password_mismatch"
    return None


def password_reason(message: str) -> str:
    """The catalog key for the server's reason for refusing a password."""
    return next((f"account.password.{reason}" for words, reason in _PASSWORD_REASONS if words in message),
                "error.weak_password")


class RegisterForm:
    """The form's values across steps and re-renders; `view` is the ServiceScreen view function."""

    def __init__(self, screen: ServiceScreen, then: Callable[[], None] | None):
        self.screen, self.then = screen, then
        self.values = {field.key: "" for field in FIELDS}
        self.document: Picked | None = None
        self.step = 0
        self.entries: dict = {}
        self.busy = False

    # -- layout ---------------------------------------------------------------------------------------
    def _steps(self, page) -> list[list[str]]:
        """The fields (and the document) in order, as many to a step as fit above the footer."""
        theme = page.theme
        size = theme.text_size
        # The height Page.entry takes, and the document's label, button and file line.
        heights = {field.key: size * 2.65 + theme.line_height * 0.6 + theme.pad * 0.7 for field in FIELDS}
        heights[DOCUMENT] = size * 1.45 + theme.button_height + theme.pad * 0.5 + theme.small_size * 1.45
        # Less a line for "Step 1 of 3" (drawn only when there are steps).
        room = page.y - page.footer_top - page.status_room() - theme.small_size * 1.75
        steps: list[list[str]] = [[]]
        used = 0.0
        for key in [field.key for field in FIELDS] + [DOCUMENT]:
            if steps[-1] and used + heights[key] > room:
                steps.append([])
                used = 0.0
            steps[-1].append(key)
            used += heights[key]
        return steps

    def view(self) -> None:
        screen = self.screen
        t = screen.i18n.t
        page = screen.new_page(t("account.register.heading"))
        steps = self._steps(page)
        self.step = min(self.step, len(steps) - 1)
        self.steps = steps
        if len(steps) > 1:
            page.muted("account.register.step", t("account.register.step", step=self.step + 1, steps=len(steps)),
                       max_rows=1)
        self.entries = {}
        for key in steps[self.step]:
            if key == DOCUMENT:
                self._document_row(page)
                continue
            field = next(f for f in FIELDS if f.key == key)
            self.entries[key] = page.entry(f"account.{key}", t(f"account.field.{key}"), max_chars=field.max_chars,
                                           text=self.values[key], secret=field.secret)
        last = self.step == len(steps) - 1
        page.footer(("account.register.back", t("common.cancel") if self.step == 0 else t("svc.back"),
                     self._previous, False),
                    ("account.register.next", t("account.register.submit") if last else t("account.register.next"),
                     self._submit if last else self._next, True))

    def _document_row(self, page) -> None:
        t = self.screen.i18n.t
        page.paragraph("account.document.label", t("account.field.document"), bold=True, max_rows=1)
        page.button("account.document.choose", t("account.document.choose"), self._choose, width=page.inner * 0.6)
        if self.document is None:
            text = t("account.document.none", limit=size_text(5 * 1024 * 1024))
        else:
            text = t("account.document.chosen", name=self.document.path.name, size=size_text(self.document.size))
        page.muted("account.document.file", text, max_rows=1)

    # -- moving between steps -------------------------------------------------------------------------
    def _harvest(self) -> None:
        """Keep what is typed on this step before its fields are rebuilt."""
        for key, entry in self.entries.items():
            self.values[key] = entry.get()

    def _show(self, step: int, message: str = "", error: bool = False) -> None:
        self.step = step
        self.screen.notice = (message, error)
        self.screen.render()

    def _previous(self) -> None:
        self._harvest()
        if self.step == 0:
            self.screen.back()
        else:
            self._show(self.step - 1)

    def _problem(self, keys: list[str]) -> tuple[str, str] | None:
        """(field, message) for the first field among keys that is not right yet."""
        t, today = self.screen.i18n.t, dt.date.today()
        for key in keys:
            if key == DOCUMENT:
                if self.document is None:
                    return key, t("account.document.missing")
                continue
            problem = field_problem(key, self.values[key], self.values, today)
            if problem:
                return key, t(problem, field=t(f"account.field.{key}"))
        return None

    def _next(self) -> None:
        self._harvest()
        problem = self._problem(self.steps[self.step])
        if problem:
            self.screen.say(problem[1], error=True)
            return
        self._show(self.step + 1)

    def _step_of(self, key: str) -> int:
        return next((i for i, keys in enumerate(self.steps) if key in keys), self.step)

    def _choose(self) -> None:
        self._harvest()
        picker = FilePicker(self.screen, self._picked)
        self.screen.open("picker", picker.view)

    def _picked(self, picked: Picked) -> None:
        self.document = picked
        self.screen.back()  # to this form, which shows the chosen file

    # -- sending --------------------------------------------------------------------------------------
    def _submit(self) -> None:
        if self.busy:
            return
        self._harvest()
        problem = self._problem([field.key for field in FIELDS] + [DOCUMENT])
        if problem:
            self._show(self._step_of(problem[0]), problem[1], error=True)
            return
        self.busy = True
        screen, values, document = self.screen, dict(self.values), self.document
        api = screen.api

        def send() -> tuple[Account, ApiError | None]:
            content = read_document(document)
            email = values["email"].strip()
            account = api.register(values["name"].strip(), values["birth_date"].strip(), email,
                                   values["password"], content, document_name=document.path.name,
                                   phone=values["phone"].strip() or None, address=values["address"].strip() or None)
            try:
                api.login(email, values["password"])
            except ApiError as exc:
                return account, exc  # the account exists; the citizen signs in by hand
            return account, None

        screen.say(screen.i18n.t("account.register.sending"))
        screen.call(send, then=self._registered, failed=self._refused)

    def _refused(self, error: BaseException) -> None:
        """Back to the step of the field at fault, with the reason; passwords are typed again."""
        self.busy = False
        t = self.screen.i18n.t
        self.values["password"] = self.values["password2"] = ""
        if isinstance(error, FileProblem):
            self.document = None
            self._show(self._step_of(DOCUMENT), problem_text(t, error), error=True)
            return
        field = getattr(error, "field", None)
        key = {"identity_document": DOCUMENT}.get(field, field)
        if getattr(error, "code", "") == "weak_password":
            message = t(password_reason(getattr(error, "message", "")), field=t("account.field.password"))
        elif key in self.values and getattr(error, "code", "") == "invalid_field":
            message = t("account.server_field", field=t(f"account.field.{key}"), reason=error_text(self.screen.i18n,
                                                                                                    error))
        else:
            message = error_text(self.screen.i18n, error)
        step = self._step_of(key) if key in self.values or key == DOCUMENT else self._step_of("password")
        self._show(step, message, error=True)

    def _registered(self, result: tuple[Account, ApiError | None]) -> None:
        self.busy = False
        account, login_error = result
        screen = self.screen
        self.values["password"] = self.values["password2"] = ""
        if login_error is not None:
            screen.replace("login", login_view(screen, self.then))
            screen.say(screen.i18n.t("account.register.made_sign_in"), error=True)
            return
        if len(screen.views) > 1 and screen.views[-2][0] == "login":
            screen.views.pop()  # this form; logged_in() takes away the login view it was opened from
        screen.logged_in(account, self.then)
        screen.say(screen.i18n.t("account.register.welcome", name=account.name))


def register_view(screen: ServiceScreen, then: Callable[[], None] | None) -> Callable[[], None]:
    """The view function of a new registration form on `screen`; then() runs once signed in."""
    return RegisterForm(screen, then).view


class RegisterScreen(ServiceScreen):
    """The registration desk: the form, and afterwards a welcome with the way to one's account."""

    def start(self) -> None:
        self.open("welcome", self.welcome_view)
        if not self.signed_in:
            self.open("register", register_view(self, None))

    def back(self) -> None:
        if self.view_name == "register" and len(self.views) == 2:
            self.close()  # the welcome underneath is for after registering
        else:
            super().back()

    def welcome_view(self) -> None:
        t = self.i18n.t
        if not self.signed_in:
            page = self.new_page(t("account.register.heading"))
            page.paragraph("account.welcome.guest", t("account.welcome.guest"), max_rows=3)
            page.footer(("account.welcome.close", t("common.close"), self.close, False),
                        ("account.welcome.register", t("account.create"),
                         lambda: self.open("register", register_view(self, None)), True))
            return
        page = self.new_page(t("account.welcome.heading"))
        who = t("account.welcome.who", name=self.account.name) if self.account else t("account.welcome.signed_in")
        page.paragraph("account.welcome.who", who, bold=True, max_rows=2)
        page.muted("account.welcome.next", t("account.welcome.next"), max_rows=3)
        page.footer(("account.welcome.close", t("common.done"), self.close, False),
                    ("account.welcome.mine", t("account.mine.heading"),
                     lambda: self.state.open_service("my_account"), True))
