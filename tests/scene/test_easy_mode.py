"""Easy mode: every service and every tourist text on plain 2D pages, by keyboard, mouse or touch, with
a way back everywhere, and nothing clipped or overlapping at 200%."""

import pytest

from client.cli import build_parser, settings_overrides
from client.settings import load_settings
from client.states.easy import easy_catalog
from client.states.service import SCREENS
from tests.scene.conftest import step_until
from tests.scene.test_menu import _check_layout
from tests.scene.test_service_screens import online, server  # noqa: F401 (fixtures: the real backend)
from ui.easy_pages import text_width

CATALOG = easy_catalog()
TOURIST_SPOTS = [site for site in CATALOG.sites if site.id != "seoul_plaza"]


def _press(app, key):
    app.messenger.send(key)
    app.task_mgr.step()
    app.task_mgr.step()


def _click(app, easy, wid):
    """Press the button ``wid`` as a mouse or a finger would, turning pages until it shows."""
    for _ in range(getattr(easy, "pages", 1)):
        if wid in easy.ui.widgets:
            break
        easy.ui.widgets["easy.next"].widget["command"]()
    assert wid in easy.ui.widgets, f"{wid} is on no page: {sorted(easy.ui.widgets)}"
    easy.ui.widgets[wid].widget["command"]()
    app.task_mgr.step()
    app.task_mgr.step()
    return app.states.current


def _all_pages_texts(app, easy):
    texts = set()
    for _ in range(easy.pages):
        texts |= {str(info.widget["text"]) for info in easy.ui.widgets.values() if info.role == "label"}
        _press(app, "arrow_right")
    return texts


@pytest.fixture
def easy(app):
    app.states.switch("easy", site="seoul_plaza")
    app.task_mgr.step()
    assert app.states.current.name == "easy"
    yield app.states.current
    app.ctx.i18n.set_lang("en")
    app.states.shutdown()
    app.task_mgr.step()


def test_easy_mode_offers_every_service_a_citizen_uses():
    # The avatar's looks are left to the 3D city, where the avatar can be seen.
    assert set(CATALOG.services()) == set(SCREENS) - {"avatar"}
    assert len(TOURIST_SPOTS) == 10


@pytest.mark.parametrize("service", CATALOG.services())
def test_every_service_opens_from_easy_mode_and_esc_comes_back(app, easy, online, service):  # noqa: F811
    group = next(g for g in CATALOG.groups if any(item.service == service for item in g.items))
    _click(app, easy, f"easy.group.{group.id}")
    screen = _click(app, easy, f"easy.item.{service}")
    assert screen.name == "service" and screen.service == service
    assert easy.paused and easy.root2d.is_hidden()  # the screen is not drawn over easy mode's buttons
    assert any(info.is_visible() for info in screen.ui.widgets.values() if info.role == "button")
    for _ in range(6):  # Esc steps back through a screen's views (e.g. sign-in), then out
        if app.states.current is easy:
            break
        _press(app, "escape")
    assert app.states.current is easy and not easy.paused and not easy.root2d.is_hidden()
    assert easy.at == f"group:{group.id}"  # back on the page the citizen left


def test_a_desk_answer_reads_as_a_page_and_esc_goes_back_up(app, easy):
    _click(app, easy, "easy.group.proposals")
    _click(app, easy, "easy.item.mayors_office.how")
    assert any("50" in str(info.widget["text"]) for info in easy.ui.widgets.values() if info.role == "label")
    _press(app, "escape")
    assert easy.at == "group:proposals"
    _press(app, "escape")
    assert easy.at == "top" and easy.focus.button_ids[easy.focus.focus] == "easy.group.proposals"
    _press(app, "escape")  # the top page: the ring goes to the 3D city, and nothing else happens
    assert app.states.current is easy and easy.focus.button_ids[easy.focus.focus] == "easy.city"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_tourist_information_of_all_ten_spots_in_both_languages(app, easy, lang):
    app.ctx.i18n.set_lang(lang)
    app.task_mgr.step()
    for site in TOURIST_SPOTS:
        _click(app, easy, "easy.tourist")
        assert easy.ui.find(site.name[lang], role="button") is not None or easy.pages > 1
        _click(app, easy, f"easy.site.{site.id}")
        texts = _all_pages_texts(app, easy)
        assert site.name[lang] in texts
        for section in site.sections:
            assert section.heading[lang] in texts and section.text[lang] in texts
        _press(app, "escape")
        assert easy.at == "tourist"
        _press(app, "escape")
        assert easy.at == "top"


def test_keyboard_only_reaches_a_service_page(app, easy):
    assert "easy.focus" not in easy.ui.widgets  # no ring until the keyboard is used
    _press(app, "tab")
    assert easy.focus.button_ids[easy.focus.focus] == "easy.group.proposals" and "easy.focus" in easy.ui.widgets
    _press(app, "enter")
    assert easy.at == "group:proposals"
    _press(app, "tab")
    _press(app, "tab")
    _press(app, "enter")
    assert app.states.current.name == "service" and app.states.current.service == "proposal_list"
    _press(app, "escape")
    assert app.states.current is easy


def test_language_switch_redraws_easy_mode_at_once(app, easy):
    _click(app, easy, "easy.language")
    assert easy.ui.find("쉬운 화면: 무엇을 하시겠어요?") is not None
    assert easy.ui.find("Switch to English (영어로 보기)", role="button") is not None


def test_the_easy_flag_and_the_setting_start_in_easy_mode(app):
    assert load_settings(environ={}).ui.easy_mode is False
    overrides = settings_overrides(build_parser().parse_args(["--easy"]))
    assert overrides == {"ui.easy_mode": True}
    settings = load_settings(environ={}, overrides=overrides)
    assert settings.ui.easy_mode is True
    old = app.ctx.settings
    app.ctx.settings = settings
    try:
        app.states.switch("boot", site="seoul_plaza")
        assert step_until(app, lambda: app.states.current is not None and app.states.current.name != "boot")
        assert app.states.current.name == "easy" and app.states.find("world") is None
    finally:
        app.ctx.settings = old
        app.states.shutdown()
        app.task_mgr.step()


def test_from_easy_mode_to_the_3d_city_and_back(app, easy):
    _click(app, easy, "easy.city")
    assert step_until(app, lambda: app.states.current is not None and app.states.current.name == "world",
                      frames=200_000)
    world = app.states.current
    assert world.manifest.id == "seoul_plaza"
    _press(app, "escape")
    assert app.states.current.name == "menu"
    _click(app, app.states.current, "menu.easy_mode")
    back = app.states.current
    assert back.name == "easy" and app.states.find("world") is None  # the 3D world is let go
    _click(app, back, "easy.city")
    assert step_until(app, lambda: app.states.current is not None and app.states.current.name == "world",
                      frames=200_000)
    assert app.states.current.manifest.id == "seoul_plaza"


def _pages_to_check(easy):
    yield "top"
    yield "tourist"
    yield "help"
    for group in CATALOG.groups:
        yield f"group:{group.id}"
        yield from (f"answer:{group.id}:{item.id}" for item in group.items if item.text)
    yield from (f"site:{site.id}" for site in CATALOG.sites)


def _check_buttons_hold_their_text(easy):
    theme = easy.ui.theme
    for info in easy.ui.widgets.values():
        if info.role == "button" and info.is_visible():
            left, right, _b, _t = info.widget["frameSize"]
            assert text_width(theme, info.widget["text"], theme.text_size) <= right - left, f"{info.id} is clipped"


def test_every_easy_page_fits_the_window_without_overlaps_at_200_percent(app, easy, monkeypatch):
    from ui.theme import Theme

    big = Theme(scale=2.0, font=app.ctx.theme.font, bold_font=app.ctx.theme.bold_font)
    monkeypatch.setattr(app.ctx, "theme", big)
    app.states.switch("easy", site="seoul_plaza")
    app.task_mgr.step()
    easy = app.states.current
    assert easy.ui.theme is big
    for lang in ("ko", "en"):
        app.ctx.i18n.set_lang(lang)
        for where in _pages_to_check(easy):
            easy.open(where)
            for _ in range(easy.pages):
                _check_layout(easy, easy.root2d)
                _check_buttons_hold_their_text(easy)
                _press(app, "arrow_right")
        easy.open("top")
        assert easy.pages > 1  # the top page does not fit one page at 200%: it goes on pages
        _press(app, "escape")  # Esc still offers the 3D city, on the page that has it
        assert easy.focus.button_ids[easy.focus.focus] == "easy.city" and app.states.current is easy


def test_easy_mode_remembers_the_site_it_came_from(app, easy):
    app.states.switch("easy", site="gyeongbokgung")
    app.task_mgr.step()
    assert app.states.current.world_args == {"site": "gyeongbokgung"}
