"""The Business Support Centre and the Fintech Lab at Dongdaemun Design Plaza, against the real
embedded backend on loopback: a citizen walks from the spawn to each desk, talks, asks an expert (the
question is filed under business support, where staff see it) and browses the exhibits, which page
and read in Korean and English at 200% without clipping or overlaps. A broken exhibits file is said in
words, and easy mode offers both centres."""
import logging

import pytest

from client.states.easy import easy_catalog
from net.api import ApiClient
from net.transport import Transport
from tests.scene.conftest import step_until
from tests.scene.test_keyboard_only import shown, until
from tests.scene.test_menu import _check_layout
from tests.scene.test_service_desks import test_desks_stand_clear_of_buildings_and_can_be_walked_to as _stand_clear
from tests.scene.test_service_screens import online, server  # noqa: F401  (fixtures: the real backend)
from ui.exhibits import EXHIBITS_DIR, ExhibitsScreen, load_exhibits

SITE = "dongdaemun_design_plaza"
PASSWORD = "seoul-demo-2025"
CENTRES = {  # desk: (shown name, ask-an-expert service, exhibits service, the centre in the chat's heading)
    "business_support": ("Business Support Centre", "business_chat", "business_exhibits", "Business Support Centre"),
    "fintech_lab": ("Fintech Lab", "fintech_chat", "fintech_exhibits", "Fintech Lab"),
}


def _step(app, frames=2):
    for _ in range(frames):
        app.task_mgr.step()


def visible_texts(state):
    return [(w.widget.get() if w.role == "entry" else str(w.widget["text"] or ""))
            for w in state.ui.widgets.values() if w.role != "panel" and w.is_visible()]


@pytest.fixture
def ddp(app):
    """The app showing DDP with the avatar at its spawn point."""
    app.states.switch("world", site=SITE)
    app.task_mgr.step()
    world = app.states.current
    assert world.name == "world" and world.manifest.id == SITE
    yield world
    app.ctx.i18n.set_lang("en")
    app.states.shutdown()
    app.task_mgr.step()


def walk_and_talk(app, world, desk_id):
    """Walk from wherever the avatar is to the desk's counter and press E: the desk greets."""
    world.walk_to(world.places()[CENTRES[desk_id][0]])
    assert step_until(app, lambda: not world.autopilot, frames=60 * 120)
    app.task_mgr.step()
    assert any(f"Talk to {CENTRES[desk_id][0]}" in w.name for w in world.ui.widgets.values())
    assert world.interact()
    app.task_mgr.step()
    assert world.conversation is not None


def choose(app, world, label):
    button = world.ui.find(label, role="button")
    assert button is not None, f"no {label!r}: {[w.name for w in world.ui.widgets.values()]}"
    button.widget["command"]()
    _step(app)
    return app.states.current


def leave_to(app, world):
    """Esc until the world is back (a view at a time)."""
    for _ in range(5):
        if app.states.current is world:
            return
        app.messenger.send("escape")
        _step(app)
    assert app.states.current is world and not world.paused


def sign_in(app, state, email):
    screen = state.screen
    assert until(app, lambda: screen.view_name == "login")
    state.ui.find("E-mail", role="entry").widget.enterText(email)
    state.ui.find("Password", role="entry").widget.enterText(PASSWORD)
    app.messenger.send("enter")
    assert until(app, lambda: screen.view_name != "login" and screen.api.signed_in), screen.status_text


def staff_api(server):
    api = ApiClient(Transport(server.url, connect_timeout=1.0, read_timeout=10.0, retries=0))
    api.login("staff@example.seoul", PASSWORD)
    return api


def test_the_centres_stand_clear_apart_and_can_be_walked_to_from_the_spawn(ddp):
    assert {"business_support", "fintech_lab"} <= {d.id for d in ddp.manifest.desks}
    _stand_clear(ddp)  # the plaza desks' checks: 3 m from anything solid, 5 m apart, a path from the spawn


@pytest.mark.parametrize("desk_id", sorted(CENTRES))
def test_each_centre_greets_answers_and_opens_both_services(ddp, app, online, desk_id):  # noqa: F811
    _name, chat, exhibits, _centre = CENTRES[desk_id]
    walk_and_talk(app, ddp, desk_id)
    assert shown(ddp, "Ask an expert") and shown(ddp, "browse")
    choose(app, ddp, "What is the Fintech Lab?" if desk_id == "fintech_lab" else "What does the centre do?")
    assert shown(ddp, "start-ups grow" if desk_id == "fintech_lab" else "small business")
    choose(app, ddp, "When are you open?")
    assert shown(ddp, "website")  # no hours are made up: the desk points to the website
    choose(app, ddp, "Back")
    for label, service in (("Ask an expert", chat), ("Browse exhibits", exhibits)):
        top = choose(app, ddp, label)
        assert top.name == "service" and top.service == service and top.desk_id == desk_id
        assert any(w.role == "button" and w.is_visible() for w in top.ui.widgets.values())
        leave_to(app, ddp)
        assert ddp.interact()
        app.task_mgr.step()
    choose(app, ddp, "No, thank you")
    assert ddp.conversation is None


@pytest.mark.parametrize("desk_id", sorted(CENTRES))
def test_asking_an_expert_files_the_question_under_business_support(ddp, app, online, server, desk_id):  # noqa: F811
    _name, _chat, _exhibits, centre = CENTRES[desk_id]
    subject = f"Hiring my first employee ({desk_id})"
    citizen = ApiClient(Transport(server.url, connect_timeout=1.0, read_timeout=10.0, retries=0))
    citizen.login("demo2@example.seoul", PASSWORD)
    elsewhere = citizen.open_thread("dasan_120", f"Bulky waste pick-up ({desk_id})", "When is it collected?")
    walk_and_talk(app, ddp, desk_id)
    state = choose(app, ddp, "Ask an expert")
    sign_in(app, state, "demo2@example.seoul")
    screen = state.screen
    assert until(app, lambda: screen.threads is not None)
    assert shown(state, centre)  # the heading names the centre
    assert not shown(state, elsewhere.subject)  # a 120 Dasan question is not listed at this centre
    state.ui.find("svc.chat.new").widget["command"]()
    _step(app)
    assert shown(state, "Ask a fintech expert" if desk_id == "fintech_lab" else "Ask a business expert")
    state.ui.find("Subject", role="entry").widget.enterText(subject)
    state.ui.find("Your question", role="entry").widget.enterText("Which support is there for a first hire?")
    state.ui.find("svc.chat.open").widget["command"]()
    assert until(app, lambda: screen.view_name == "thread"), screen.status_text
    assert shown(state, "Which support is there for a first hire?")
    staff = staff_api(server)
    filed = [t for t in staff.list_threads() if t.subject == subject]
    assert len(filed) == 1 and filed[0].category == "business"  # where the business experts answer
    staff.post_message(filed[0].id, "Start with the hiring support notice.")
    app.messenger.send("escape")  # back to my questions: the answer is marked
    assert until(app, lambda: screen.view_name == "threads" and screen.threads is not None)
    mine = [t for t in screen.threads if t.subject == subject]
    assert mine and mine[0].status == "answered" and shown(state, "answered")
    state.ui.find(f"svc.chat.threads.row.{screen.threads.index(mine[0])}").widget["command"]()
    assert until(app, lambda: shown(state, "Start with the hiring support notice."))


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("desk_id", sorted(CENTRES))
def test_ask_an_expert_names_its_centre_uncut_at_200_percent(world, app, online, monkeypatch, desk_id, lang):  # noqa: F811
    from ui.theme import Theme

    big = Theme(scale=2.0, font=app.ctx.theme.font, bold_font=app.ctx.theme.bold_font)
    monkeypatch.setattr(app.ctx, "theme", big)
    app.ctx.i18n.set_lang(lang)
    online.login("demo1@example.seoul", PASSWORD)
    try:
        app.states.push("service", service=CENTRES[desk_id][1], desk_id=desk_id)
        app.task_mgr.step()
        state = app.states.current
        screen = state.screen
        assert until(app, lambda: screen.threads is not None)
        for view in ("threads", "new"):
            if view == "new":
                state.ui.find("svc.chat.new").widget["command"]()
                _step(app)
            _check_layout(state, state.root2d)
            heading = str(state.ui.widgets["svc.heading"].widget["text"])
            assert heading == screen.text("heading" if view == "threads" else "new_heading"), "cut at 200%"
        centre = {"ko": {"business_support": "기업지원센터", "fintech_lab": "핀테크랩"}[desk_id],
                  "en": CENTRES[desk_id][3]}[lang]
        app.messenger.send("escape")
        _step(app)
        assert centre in str(state.ui.widgets["svc.heading"].widget["text"])
    finally:
        app.ctx.i18n.set_lang("en")


def _exhibits_views(app, state, exhibition, lang):
    """Every page of the list and every exhibit, each checked for fit; returns the titles listed."""
    screen = state.screen
    listed = []
    for _ in range(len(exhibition.exhibits)):
        _check_layout(state, state.root2d)
        listed += [w.name for k, w in state.ui.widgets.items() if k.startswith("svc.exhibits.row.")]
        nxt = state.ui.widgets.get("svc.exhibits.next")
        if nxt is None:
            break
        nxt.widget["command"]()
        _step(app)
    assert screen.page_no > 0, "six exhibits at 200% go on more than one page"
    for index, exhibit in enumerate(exhibition.exhibits):
        if index == 0:
            screen._open(exhibit)  # as a row press does (the rows of the first page are gone by now)
        else:
            state.ui.find("svc.exhibits.next").widget["command"]()  # Next exhibit
        _step(app)
        _check_layout(state, state.root2d)
        texts = visible_texts(state)
        assert screen.status_text == "", "no stray status line (e.g. a lone …) under the text"
        assert exhibit.title[lang] in texts  # the heading
        assert any(exhibit.maker[lang] in t for t in texts)
        assert any(exhibit.shows[lang] in t for t in texts)
        assert exhibit.text[lang] in texts, ("the exhibit's text is shown whole, not cut", texts[3:])
        assert "예시" in exhibit.maker[lang] or "example" in exhibit.maker[lang]  # marked as an example
    app.messenger.send("escape")  # Back: the list, where the citizen left it
    _step(app)
    assert screen.view_name == "list"
    return listed


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("desk_id", sorted(CENTRES))
def test_exhibits_page_and_read_at_200_percent_in_both_languages(world, app, monkeypatch, desk_id, lang):
    from ui.theme import Theme

    big = Theme(scale=2.0, font=app.ctx.theme.font, bold_font=app.ctx.theme.bold_font)
    monkeypatch.setattr(app.ctx, "theme", big)
    app.ctx.i18n.set_lang(lang)
    exhibition = load_exhibits(EXHIBITS_DIR / f"{desk_id}.yaml")
    try:
        app.states.push("service", service=CENTRES[desk_id][2], desk_id=desk_id)
        app.task_mgr.step()
        state = app.states.current
        assert state.ui.theme is big
        assert until(app, lambda: state.screen.exhibition is not None)
        assert shown(state, exhibition.title[lang]), visible_texts(state)
        listed = _exhibits_views(app, state, exhibition, lang)
        assert set(listed) == {e.title[lang] for e in exhibition.exhibits}  # each on some page, not cut
        app.messenger.send("escape")
        _step(app)
        assert app.states.current is world
    finally:
        app.ctx.i18n.set_lang("en")


def test_a_broken_exhibits_file_is_said_in_words_and_logged_with_file_and_key(world, app, tmp_path, monkeypatch,
                                                                               caplog):
    (tmp_path / "fintech_lab.yaml").write_text("id: fintech_lab\ntitle: {ko: 전시}\n", encoding="utf-8")
    monkeypatch.setattr(ExhibitsScreen, "exhibits_dir", tmp_path)
    with caplog.at_level(logging.ERROR, logger="ui.exhibits"):
        app.states.push("service", service="fintech_exhibits", desk_id="fintech_lab")
        app.task_mgr.step()
        state = app.states.current
        assert until(app, lambda: state.screen.broken)
    assert shown(state, "cannot be shown right now")
    assert "fintech_lab.yaml" in caplog.text and "title.en" in caplog.text
    state.ui.find("Close", role="button").widget["command"]()
    _step(app)
    assert app.states.current is world


def test_easy_mode_offers_both_centres_services_and_answers():
    catalog = easy_catalog()
    for desk_id, (name, chat, exhibits, _centre) in CENTRES.items():
        group = catalog.group(desk_id)
        assert group.name["en"] == name
        assert [item.service for item in group.items if item.service] == [chat, exhibits]
        answers = {item.id for item in group.items if item.text}
        assert answers == {f"{desk_id}.about", f"{desk_id}.who", f"{desk_id}.hours"}
