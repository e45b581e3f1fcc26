"""Every service done with the keyboard alone, from the desk: E to talk, Tab and Enter through the
conversation, then Tab through the screen's fields and buttons, typing into the ringed field, Enter to
go on. Keys go through the messenger as a keyboard's do; typed characters go to the focused field."""
import datetime as dt
from functools import partial

import pytest

from client.automation import type_keys
from client.states.service import SCREENS
from net.api import ApiClient
from net.transport import Transport
from tests.scene.conftest import step_until
from tests.scene.steps import settle
from tests.scene.test_service_screens import online, server  # noqa: F401  (fixtures)

PASSWORD = "seoul-demo-2025"


def press(app, *keys):
    for key in keys:
        app.messenger.send(key)
        app.task_mgr.step()
        app.task_mgr.step()


def until(app, condition, frames=20_000):
    """Frames until condition holds; each waits for the worker's calls (never a fixed sleep)."""
    return settle(app, condition, frames=frames)


def tab_to(app, screen, wid):
    """Tab until the ring is on wid, as a person watching the ring would."""
    for _ in range(30):
        if screen.focused == wid:
            return
        press(app, "tab")
    raise AssertionError(f"Tab never reached {wid} (ring on {screen.focused})")


def shown(state, text):
    return any(text in (w.widget.get() if w.role == "entry" else w.widget["text"] or "")
               for w in state.ui.widgets.values() if w.role != "panel" and w.is_visible())


def talk(app, world, desk_id, choice_id):
    """Walk to the desk, E, then Tab to the choice and Enter: the service screen is open."""
    world.walk_to(world.places()[desk_id])
    assert step_until(app, lambda: not world.autopilot, frames=60 * 120)
    press(app, "e")
    assert world.conversation is not None
    wanted = f"dialogue.choice.{choice_id}"
    for _ in range(10):
        focus = world.talk.focus
        if focus.focus >= 0 and focus.button_ids[focus.focus] == wanted:
            break
        press(app, "tab")
    assert "dialogue.focus" in world.ui.widgets  # the ring shows which choice Enter picks
    press(app, "enter")
    state = app.states.current
    assert state.name == "service" and world.conversation is None
    return state


def sign_in(app, state, email):
    screen = state.screen
    assert until(app, lambda: screen.view_name == "login")
    tab_to(app, screen, "svc.login.email")
    type_keys(app, email)  # "e", "m" and digits are typed, not shortcuts: the world stays behind
    assert app.states.current is state
    press(app, "enter")  # the next field
    assert screen.focused == "svc.login.password"
    type_keys(app, PASSWORD)
    press(app, "enter")  # from the last field: Sign in
    assert until(app, lambda: screen.view_name != "login" and state.screen.api.signed_in), screen.status_text


def petitions(app, world, api):
    first = api.list_petitions("", limit=1).items[0]
    state = talk(app, world, "mayors_office", "browse")
    screen = state.screen
    tab_to(app, screen, "svc.petitions.search")
    query = first.title.split()[0]
    type_keys(app, query)
    press(app, "enter")
    assert until(app, lambda: screen.query == query and state.ui.find("svc.petitions.row.0") is not None)
    tab_to(app, screen, "svc.petitions.row.0")
    press(app, "enter")
    assert until(app, lambda: state.ui.find("svc.petitions.agree") is not None)
    tab_to(app, screen, "svc.petitions.agree")
    press(app, "enter")
    sign_in(app, state, "demo2@example.seoul")
    app.net.sender.start()
    assert until(app, lambda: "has been counted" in screen.status_text), screen.status_text


def ask(app, world, desk_id, choice_id, email, subject, question):
    """From the desk: sign in, New, type a subject and a question, Enter to send; the thread opens."""
    state = talk(app, world, desk_id, choice_id)
    screen = state.screen
    sign_in(app, state, email)
    assert until(app, lambda: screen.threads is not None)
    tab_to(app, screen, "svc.chat.new")
    press(app, "enter")
    tab_to(app, screen, "svc.chat.subject")
    type_keys(app, subject)
    press(app, "enter")
    type_keys(app, question)
    press(app, "enter")  # from the last field: Send question
    assert until(app, lambda: screen.view_name == "thread" and state.ui.find("svc.chat.reply") is not None), \
        screen.status_text
    return state, screen


def chat(app, world, api):
    state, screen = ask(app, world, "dasan_120", "chat", "demo1@example.seoul", "Street lights on my road",
                        "Two lamps are out since Monday.")
    tab_to(app, screen, "svc.chat.reply")
    type_keys(app, "Thank you")
    press(app, "enter")  # the only field: Send
    app.net.sender.start()
    assert until(app, lambda: "sent" in screen.status_text.lower()), screen.status_text
    assert shown(state, "Thank you")


def youth_chat(app, world, api):
    ask(app, world, "youth_counselling", "message", "demo2@example.seoul", "Choosing a course",
        "Can I talk about changing my major?")
    api.login("staff@example.seoul", PASSWORD)
    assert [t.category for t in api.list_threads() if t.subject == "Choosing a course"] == ["youth"]


def documents(app, world, api):
    state = talk(app, world, "dasan_120", "documents")
    screen = state.screen
    tab_to(app, screen, "svc.docs.types.row.0")
    press(app, "enter")
    sign_in(app, state, "demo1@example.seoul")
    assert until(app, lambda: screen.view_name == "issued"), screen.status_text
    assert shown(state, screen.issued[0].verification_code)


def verify(app, world, api):
    api.login("demo1@example.seoul", PASSWORD)
    code = api.issue_document("vaccination_certificate").verification_code
    state = talk(app, world, "dasan_120", "verify")
    screen = state.screen
    tab_to(app, screen, "svc.verify.code")
    type_keys(app, code)
    press(app, "enter")  # the only field: Check
    assert until(app, lambda: state.ui.find("svc.verify.valid") is not None), screen.status_text


def tax(app, world, api):
    state = talk(app, world, "tax_square", "bills")
    screen = state.screen
    sign_in(app, state, "demo1@example.seoul")
    assert until(app, lambda: state.ui.find("svc.tax.bills.row.0") is not None)
    unpaid = next(i for i, b in enumerate(screen.bills) if b.status != "paid" and state.ui.find(f"svc.tax.bills.row.{i}"))
    tab_to(app, screen, f"svc.tax.bills.row.{unpaid}")
    press(app, "enter")
    assert screen.view_name == "confirm"  # the amount is asked about before anything is paid
    tab_to(app, screen, "svc.tax.pay")
    press(app, "enter")
    app.net.sender.start()
    assert until(app, lambda: screen.view_name == "receipt"), screen.status_text
    assert shown(state, screen.receipt.number)


def tax_calculator(app, world, api):
    state = talk(app, world, "tax_square", "calculate")
    screen = state.screen
    tab_to(app, screen, "svc.calc.kind.automobile")
    press(app, "enter")
    assert screen.view_name == "car"
    tab_to(app, screen, "svc.calc.displacement_cc")
    type_keys(app, "1998")
    press(app, "enter")  # the next field: the year
    assert screen.focused == "svc.calc.first_year"
    type_keys(app, str(dt.date.today().year))  # registered this year: no reduction for its age
    press(app, "enter")  # from the last field: Calculate
    assert until(app, lambda: screen.view_name == "result"), screen.status_text
    assert shown(state, f"{api.calculate_automobile_tax(displacement_cc=1998).total_krw:,} won")
    press(app, "escape")  # back to the form, the figures kept
    assert screen.view_name == "car" and shown(state, "1998")


def youth(app, world, api):
    state = talk(app, world, "youth_counselling", "book")
    screen = state.screen
    assert until(app, lambda: state.ui.find("svc.youth.slots.row.0") is not None)
    tab_to(app, screen, "svc.youth.slots.row.0")
    press(app, "enter")
    tab_to(app, screen, "svc.youth.book")
    press(app, "enter")
    sign_in(app, state, "demo3@example.seoul")
    assert until(app, lambda: screen.view_name == "done"), screen.status_text


def avatar(app, world, api):
    before = world.avatar.appearance.age
    press(app, "c")
    state = app.states.current
    screen = state.screen
    tab_to(app, screen, "svc.avatar.age")
    press(app, "enter")
    assert world.avatar.appearance.age != before  # the avatar shows the change at once
    tab_to(app, screen, "svc.avatar.save")
    press(app, "enter")
    assert until(app, lambda: "Saved on this device" in screen.status_text), screen.status_text
    (app.ctx.dirs.config / "appearance.json").unlink(missing_ok=True)


def proposal(app, world, api):
    state = talk(app, world, "mayors_office", "propose")
    screen = state.screen
    tab_to(app, screen, "svc.proposal.title")
    type_keys(app, "Keyboard bench")  # "m", "e" and "t" are letters here, not the map or a desk
    press(app, "enter")  # the next field: the proposal itself
    assert screen.focused == "svc.proposal.body"
    type_keys(app, "Typed without a mouse.")
    press(app, "enter")  # from the last field: Submit
    app.net.sender.start()
    assert until(app, lambda: screen.receipt is not None), screen.status_text
    assert api.list_petitions("Keyboard bench").total == 1
    press(app, "enter")  # Done
    assert app.states.current is world


def _at_ddp(app):
    """The business desks stand at Dongdaemun Design Plaza: the scenario starts at its spawn."""
    app.states.switch("world", site="dongdaemun_design_plaza")
    app.task_mgr.step()
    assert app.states.current.name == "world"
    return app.states.current


def expert(app, world, api, desk_id):
    world = _at_ddp(app)
    subject = f"Selling abroad, asked at the {world.manifest.desk(desk_id).name['en']}"
    ask(app, world, desk_id, "ask", "demo3@example.seoul", subject, "Where do I start?")
    api.login("staff@example.seoul", PASSWORD)
    assert [t.category for t in api.list_threads() if t.subject == subject] == ["business"]


def exhibits(app, world, api, desk_id):
    world = _at_ddp(app)
    state = talk(app, world, desk_id, "exhibits")
    screen = state.screen
    assert until(app, lambda: state.ui.find("svc.exhibits.row.0") is not None)
    first, second = screen.exhibition.exhibits[:2]
    tab_to(app, screen, "svc.exhibits.row.0")
    press(app, "enter")
    assert screen.view_name == "detail" and shown(state, first.title["en"])
    tab_to(app, screen, "svc.exhibits.next")
    press(app, "enter")  # Next exhibit
    assert shown(state, second.title["en"]) and shown(state, second.text["en"])
    press(app, "escape")  # the list again
    assert screen.view_name == "list"
    press(app, "escape")
    assert app.states.current is world


SCENARIOS = {
    "proposal_form": proposal,
    "proposal_list": petitions, "dasan_chat": chat, "documents": documents, "document_verify": verify,
    "tax_bills": tax, "tax_calculator": tax_calculator, "youth_counselling": youth, "youth_chat": youth_chat,
    "avatar": avatar,
    "business_chat": partial(expert, desk_id="business_support"),
    "fintech_chat": partial(expert, desk_id="fintech_lab"),
    "business_exhibits": partial(exhibits, desk_id="business_support"),
    "fintech_exhibits": partial(exhibits, desk_id="fintech_lab"),
}


def test_every_service_screen_has_a_keyboard_only_scenario():
    # Registering and My account are done by keyboard in tests/scene/test_account_screens.py.
    assert set(SCREENS) - set(SCENARIOS) == {"register", "my_account"}


@pytest.mark.parametrize("scenario", list(SCENARIOS.values()), ids=list(SCENARIOS))
def test_each_service_by_keyboard_alone(world, app, online, server, scenario):  # noqa: F811
    side_api = ApiClient(Transport(server.url, connect_timeout=1.0, read_timeout=10.0, retries=0))
    scenario(app, world, side_api)
