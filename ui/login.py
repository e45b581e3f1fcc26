"""Signing in, asked only when a service needs it: e-mail and password, errors in the citizen's language.

The token stays in ApiClient's memory; nothing here stores the password or the token. After signing
in, the screen goes back to where the citizen was and carries on with what needed the session. A
citizen without an account creates one from here (ui/register.py) and is signed in by it.
"""
from __future__ import annotations

from typing import Callable

from net.api import ApiError, error_text


def login_view(screen, then: Callable[[], None] | None) -> Callable[[], None]:
    """The view function for the login form of `screen` (a ServiceScreen)."""

    def view() -> None:
        t = screen.i18n.t
        page = screen.new_page(t("login.heading"))
        page.muted("login.why", t("login.why"), max_rows=2)
        page.gap(0.3)
        email = page.entry("login.email", t("login.email"), max_chars=254)
        password = page.entry("login.password", t("login.password"), max_chars=128, secret=True)
        page.muted("login.demo", t("login.demo"), max_rows=2)
        busy = {"on": False}

        def submit() -> None:
            if busy["on"]:
                return
            address, secret = email.get().strip(), password.get()
            if not address or not secret:
                screen.say(t("login.missing"), error=True)
                return
            busy["on"] = True
            screen.say(t("login.signing_in"))
            api = screen.api

            def sign_in():
                api.login(address, secret)
                try:
                    return api.get_me()
                except ApiError:
                    return None  # signed in all the same; the name is only a courtesy

            def failed(exc: ApiError) -> None:
                busy["on"] = False
                password.enterText("")
                screen.say(error_text(screen.i18n, exc), error=True)

            screen.call(sign_in, then=lambda account: screen.logged_in(account, then), failed=failed)

        page.status("")
        page.footer(("login.cancel", t("common.cancel"), screen.back, False),
                    ("login.register", t("account.create"), lambda: open_register(screen, then), False),
                    ("login.submit", t("login.submit"), submit, True))

    return view


def open_register(screen, then: Callable[[], None] | None) -> None:
    """Over the login view: the registration form, which signs in and carries on with then()."""
    from ui.register import register_view  # the form falls back to this view: imported when used

    screen.open("register", register_view(screen, then))
