"""Creating an account with an identity document picked in the app, and my account (profile, my
proposals only, my documents, receipts, deleting the account), against a real server on loopback."""
import struct
import uuid
import zlib

import pytest

from tests.scene import steps
import requests

from net.api import ApiClient
from net.transport import Transport
from tests.scene.test_service_screens import online, open_service, server, shown, status  # noqa: F401

PASSWORD = "a quiet walk in the plaza"


def png_bytes() -> bytes:
    """A real 1x1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b""))


def settle(app, condition, rounds=400):
    """Frames until condition holds, each after the worker's calls have finished: no sleeping."""
    return steps.settle(app, condition, frames=rounds, wait=15.0)


def press(app, state, label):
    info = state.ui.find(label, role="button")
    assert info is not None, f"no {label!r} on {state.screen.view_name}: {sorted(state.ui.widgets)}"
    info.widget["command"]()
    app.task_mgr.step()


def entry_text(state, wid):
    return state.ui.widgets[f"svc.account.{wid}"].widget.get()


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """The picker's only start folder: an ID photo, a too-large file, a fake PNG, a sub-folder and a text file."""
    (tmp_path / "id-card.png").write_bytes(png_bytes())
    (tmp_path / "huge-scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * (6 * 1024 * 1024))
    (tmp_path / "not-really.png").write_bytes(b"just some text, not an image\n")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    (tmp_path / "scans").mkdir()
    (tmp_path / "scans" / "old.pdf").write_bytes(b"%PDF-1.4\n%test\n")
    monkeypatch.setattr("ui.file_picker.default_places", lambda: [("documents", tmp_path)])
    return tmp_path


def form_values(email):
    return {"name": "김서울", "birth_date": "1988-03-09", "email": email, "password": PASSWORD,
            "password2": PASSWORD, "phone": "010-2222-3333", "address": ""}


def fill_form(app, state, values):
    """Type into every field of every step, up to the step with the identity document."""
    for _ in range(8):
        for key, text in values.items():
            info = state.ui.widgets.get(f"svc.account.{key}")
            if info is not None:
                info.widget.enterText(text)
        if state.ui.find("svc.account.document.choose") is not None:
            return
        press(app, state, "Next")
    raise AssertionError("the form never reached the identity document")


def pick(app, state, name):
    """In the picker: press the row naming `name` (the listing is read on the worker)."""
    assert settle(app, lambda: any(name in (info.name or "") for info in state.ui.widgets.values()
                                   if info.id.startswith("svc.picker.items.row.")))
    row = next(info for info in state.ui.widgets.values()
               if info.id.startswith("svc.picker.items.row.") and name in info.name)
    row.widget["command"]()
    app.task_mgr.step()


def test_register_with_a_picked_id_photo_signs_in_and_the_account_exists(world, app, online, folder):
    email = f"new{uuid.uuid4().hex[:10]}@example.seoul"
    state = open_service(app, "register")
    assert state.screen.view_name == "register"
    fill_form(app, state, form_values(email))
    press(app, state, "Choose a file…")
    assert state.screen.view_name == "picker"
    assert settle(app, lambda: shown(state, "id-card.png"))
    assert not shown(state, "notes.txt")  # only folders and PNG, JPEG or PDF files
    assert shown(state, "scans (folder)")
    pick(app, state, "scans")
    assert settle(app, lambda: shown(state, "old.pdf"))
    press(app, state, "▲ Folder above")
    pick(app, state, "id-card.png")
    assert settle(app, lambda: state.screen.view_name == "register" and shown(state, "Chosen: id-card.png"))
    press(app, state, "Create my account")
    assert settle(app, lambda: state.screen.view_name == "welcome")
    assert online.signed_in and shown(state, "You are signed in as 김서울")
    me = online.get_me()
    assert (me.email, me.name, me.birth_date, me.phone) == (email, "김서울", "1988-03-09", "010-2222-3333")


def test_a_file_too_large_and_a_fake_image_are_refused_in_the_picker(world, app, online, folder):
    state = open_service(app, "register")
    fill_form(app, state, form_values("x@example.seoul"))
    press(app, state, "Choose a file…")
    pick(app, state, "huge-scan.png")
    assert settle(app, lambda: "huge-scan.png is 6 MB" in status(state)), status(state)
    assert "at most 5 MB" in status(state) and state.screen.view_name == "picker"
    pick(app, state, "not-really.png")
    assert settle(app, lambda: "not-really.png is not a PNG, JPEG or PDF" in status(state)), status(state)
    app.messenger.send("escape")
    app.task_mgr.step()
    assert state.screen.view_name == "register" and shown(state, "Choose a file…")
    assert not online.signed_in


def test_a_bad_birth_date_names_the_field_and_keeps_what_was_typed(world, app, online, folder):
    state = open_service(app, "register")
    values = form_values("kept@example.seoul")
    values["birth_date"] = "09/03/1988"
    for key, text in values.items():
        info = state.ui.widgets.get(f"svc.account.{key}")
        if info is not None:
            info.widget.enterText(text)
    app.messenger.send("enter")  # Next, or Create my account when everything fits on one step
    app.task_mgr.step()
    assert "Birth date (YYYY-MM-DD): please write it as year-month-day" in status(state), status(state)
    assert entry_text(state, "name") == "김서울" and entry_text(state, "birth_date") == "09/03/1988"
    assert not online.signed_in


def test_a_common_password_is_refused_by_the_server_saying_why(world, app, online, folder):
    state = open_service(app, "register")
    values = form_values(f"weak{uuid.uuid4().hex[:8]}@example.seoul")
    values["password"] = values["password2"] = "baseball"
    fill_form(app, state, values)
    press(app, state, "Choose a file…")
    pick(app, state, "id-card.png")
    assert settle(app, lambda: state.screen.view_name == "register")
    press(app, state, "Create my account")
    assert settle(app, lambda: "too common" in status(state)), status(state)
    assert state.ui.find("svc.account.password") is not None  # the form went to the password's step
    assert entry_text(state, "password") == ""  # passwords are typed again; nothing else is lost
    assert state.screen.views[-1][1].__self__.values["name"] == "김서울"
    assert not online.signed_in


def test_login_offers_to_create_an_account_and_carries_on_signed_in(world, app, online, folder):
    state = open_service(app, "documents")
    state.ui.find("svc.docs.types.row.0").widget["command"]()  # needs a sign-in first
    assert state.screen.view_name == "login"
    press(app, state, "Create an account")
    fill_form(app, state, form_values(f"via{uuid.uuid4().hex[:8]}@example.seoul"))
    press(app, state, "Choose a file…")
    pick(app, state, "id-card.png")
    assert settle(app, lambda: state.screen.view_name == "register")
    press(app, state, "Create my account")
    # Signed in, the desk carries on with what needed the session: the document is issued.
    assert settle(app, lambda: state.screen.view_name == "issued"), (state.screen.view_name, status(state))
    assert online.signed_in and [name for name, _ in state.screen.views] == ["types", "issued"]


def _citizen(url: str) -> tuple[ApiClient, str]:
    """A citizen registered and signed in through their own client, and their e-mail."""
    api = ApiClient(Transport(url, connect_timeout=1.0, read_timeout=10.0, retries=0))
    email = f"c{uuid.uuid4().hex[:10]}@example.seoul"
    api.register("박시민", "1975-11-02", email, PASSWORD, png_bytes(), document_name="id.png")
    api.login(email, PASSWORD)
    return api, email


def test_my_account_shows_my_proposals_only_my_documents_and_receipts(world, app, online, server):
    (me, email), (other, _) = _citizen(server.url), _citizen(server.url)
    mine = me.create_petition(f"Shade trees on my street {uuid.uuid4().hex[:6]}", "Please.", "culture",
                              idempotency_key=uuid.uuid4().hex)
    theirs = other.create_petition(f"Someone else's idea {uuid.uuid4().hex[:6]}", "Hm.", "other",
                                   idempotency_key=uuid.uuid4().hex)
    document = me.issue_document("resident_registration_copy")
    bill = me.list_bills()[0]
    receipt = me.pay_bill(bill.id, "card", bill.amount_krw, idempotency_key=uuid.uuid4().hex)
    online.login(email, PASSWORD)  # the app is signed in as this citizen

    state = open_service(app, "my_account")
    assert settle(app, lambda: shown(state, "박시민") and shown(state, "E-mail: "))
    assert shown(state, "Identity: verified")  # the demo configuration verifies at once
    press(app, state, "My proposals")
    assert settle(app, lambda: shown(state, mine.title))
    assert not shown(state, theirs.title)
    app.messenger.send("escape")
    app.task_mgr.step()
    press(app, state, "My documents")
    assert settle(app, lambda: shown(state, document.title))
    state.ui.find("svc.account.documents.row.0").widget["command"]()
    assert settle(app, lambda: state.screen.view_name == "document")
    assert shown(state, document.verification_code)
    assert (app.ctx.dirs.data / "documents" / f"{document.type}-{document.verification_code}.pdf").is_file()
    app.messenger.send("escape")
    app.messenger.send("escape")
    app.task_mgr.step()
    press(app, state, "My receipts")
    assert settle(app, lambda: shown(state, receipt.number))
    state.ui.find("svc.account.receipts.row.0").widget["command"]()
    app.task_mgr.step()
    assert shown(state, f"Receipt number {receipt.number}")


def test_deleting_my_account_asks_first_then_signs_out_and_the_old_token_is_refused(world, app, online, server):
    _, email = _citizen(server.url)
    online.login(email, PASSWORD)
    token = online.token
    state = open_service(app, "my_account")
    assert settle(app, lambda: shown(state, "박시민"))
    press(app, state, "Delete my account")
    assert state.screen.view_name == "delete" and shown(state, "This can't be undone.")
    app.messenger.send("enter")  # Enter alone does not delete: the button must be chosen
    app.task_mgr.step()
    assert state.screen.view_name == "delete" and online.signed_in
    press(app, state, "Yes, delete my account")
    assert settle(app, lambda: state.screen.view_name == "deleted")
    assert not online.signed_in
    refused = requests.get(f"{server.url}/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert refused.status_code == 401


def _key(app, key):
    app.messenger.send(key)
    app.task_mgr.step()


def test_registering_with_the_keyboard_alone(world, app, online, folder):
    from client.automation import type_keys
    from tests.scene.test_keyboard_only import tab_to

    email = f"keys{uuid.uuid4().hex[:8]}@example.seoul"
    values = form_values(email)
    state = open_service(app, "register")
    screen = state.screen
    for _ in range(8):  # each step: Tab to its first field, type, Enter to the next field, Next from the last
        if "svc.account.document.choose" in state.ui.widgets:
            break
        first = next(w for w in state.ui.widgets if w.startswith("svc.account.") and state.ui.widgets[w].role == "entry")
        tab_to(app, screen, first)
        while screen.focused_entry is not None:
            type_keys(app, values[screen.focused_entry.removeprefix("svc.account.")])
            _key(app, "enter")
    tab_to(app, screen, "svc.account.document.choose")
    _key(app, "enter")
    assert settle(app, lambda: shown(state, "id-card.png"))
    row = next(w for w, info in state.ui.widgets.items() if w.startswith("svc.picker.items.row.")
               and "id-card.png" in info.name)
    tab_to(app, screen, row)
    _key(app, "enter")
    assert settle(app, lambda: shown(state, "Chosen: id-card.png"))
    _key(app, "enter")  # nothing has the focus on the redrawn form: Enter is Create my account
    assert settle(app, lambda: screen.view_name == "welcome"), status(state)
    assert online.signed_in and online.get_me().email == email


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_register_picker_and_my_account_fit_the_window_at_200_percent(world, app, online, server, folder,
                                                                      monkeypatch, lang):
    from tests.scene.test_menu import _check_layout
    from ui.theme import Theme

    _, email = _citizen(server.url)
    big = Theme(scale=2.0, font=app.ctx.theme.font, bold_font=app.ctx.theme.bold_font)
    monkeypatch.setattr(app.ctx, "theme", big)
    app.ctx.i18n.set_lang(lang)
    try:
        state = open_service(app, "register")
        assert state.ui.theme is big
        steps = 0
        while "svc.account.document.choose" not in state.ui.widgets:
            _check_layout(state, state.root2d)
            for key, text in form_values(email).items():
                info = state.ui.widgets.get(f"svc.account.{key}")
                if info is not None:
                    info.widget.enterText(text)
            state.screen.activate()  # Next
            app.task_mgr.step()
            steps += 1
            assert steps < 8, status(state)
        _check_layout(state, state.root2d)
        state.ui.widgets["svc.account.document.choose"].widget["command"]()
        assert settle(app, lambda: any(w.startswith("svc.picker.items.row.") for w in state.ui.widgets))
        _check_layout(state, state.root2d)
        for _ in range(6):  # page on to the too-large file
            row = next((info for w, info in state.ui.widgets.items()
                        if w.startswith("svc.picker.items.row.") and "huge-scan" in info.name), None)
            if row is not None:
                break
            state.ui.widgets["svc.picker.items.next"].widget["command"]()
            app.task_mgr.step()
        row.widget["command"]()
        assert settle(app, lambda: "6 MB" in status(state))
        assert not status(state).endswith("…")  # the refusal takes rows from the list, not from its words
        _check_layout(state, state.root2d)
        _key(app, "escape")
        _key(app, "escape")
        app.task_mgr.step()
        online.login(email, PASSWORD)
        state = open_service(app, "my_account")
        assert settle(app, lambda: "svc.account.mine.avatar" in state.ui.widgets)
        _check_layout(state, state.root2d)
        state.ui.widgets["svc.account.mine.delete"].widget["command"]()
        app.task_mgr.step()
        _check_layout(state, state.root2d)
    finally:
        app.ctx.i18n.set_lang("en")
