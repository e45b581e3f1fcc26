"""The Tax Square calculator against the real embedded server: the totals a citizen sees are the
server's and the Local Tax Act's, bad figures are refused here naming the field (nothing is sent),
Back keeps what was typed, and every view fits at 200% in Korean and English."""
import datetime as dt

import pytest

from net.api import ApiClient
from net.transport import Transport
from tests.scene.conftest import step_until
from tests.scene.test_menu import _check_layout
from tests.scene.test_service_screens import online, open_service, server  # noqa: F401  (fixtures)

THIS_YEAR = str(dt.date.today().year)  # a car registered this year is in its first year: no reduction


def until(app, condition, frames=20_000):
    """Frames until condition holds; each waits for the worker's calls (never a fixed sleep)."""
    def done():
        app.worker.wait_finished(0.05)
        return condition()

    return step_until(app, done, frames)


def text_of(state, wid):
    info = state.ui.widgets.get(wid)
    return info.widget["text"] if info is not None and info.is_visible() else None


def press(app, state, wid):
    state.ui.find(wid, role="button").widget["command"]()
    app.task_mgr.step()


def fill(state, **values):
    for key, text in values.items():
        entry = state.ui.find(f"svc.calc.{key}", role="entry").widget
        entry.enterText(text)


def calculate(app, state, kind, **values):
    """Choose the tax, type the figures and press Calculate; returns the screen."""
    screen = state.screen
    press(app, state, f"svc.calc.kind.{kind}")
    fill(state, **values)
    press(app, state, "svc.calc.calculate")
    return screen


@pytest.fixture
def side_api(server):  # noqa: F811
    """The same server, asked directly (not through the screen)."""
    return ApiClient(Transport(server.url, connect_timeout=1.0, read_timeout=10.0, retries=0))


def test_a_1998_cc_petrol_car_costs_what_the_act_and_the_server_say(world, app, online, side_api):
    state = open_service(app, "tax_calculator")
    screen = calculate(app, state, "automobile", displacement_cc="1998", first_year=THIS_YEAR)
    assert until(app, lambda: screen.view_name == "result"), screen.status_text
    # Local Tax Act Art. 127(1)(1): over 1,600 cc, 200 won per cc; Art. 151(1): 30% education tax.
    by_hand = 1998 * 200 * 130 // 100
    assert by_hand == 519_480
    by_api = side_api.calculate_automobile_tax(fuel="combustion", displacement_cc=1998, vehicle_age_years=1).total_krw
    assert text_of(state, "svc.calc.line.total.amount") == f"{by_api:,} won" == "519,480 won"
    assert text_of(state, "svc.calc.line.automobile_tax.amount") == "399,600 won"
    assert text_of(state, "svc.calc.line.education.amount") == "119,880 won"
    assert "1,998 cc × 200 won per cc (Art. 127(1)(1))" == text_of(state, "svc.calc.line.rate")
    assert "Art. 151(1)" in text_of(state, "svc.calc.line.education")
    assert "June 259,740 won, December 259,740 won" in text_of(state, "svc.calc.line.instalments")
    assert "estimate" in screen.status_text and "bill" in screen.status_text
    press(app, state, "svc.calc.back")  # the figures are still there to change
    assert screen.view_name == "car"
    assert state.ui.find("svc.calc.displacement_cc", role="entry").widget.get() == "1998"
    assert state.ui.find("svc.calc.first_year", role="entry").widget.get() == THIS_YEAR


def test_an_older_car_shows_its_age_reduction(world, app, online):
    state = open_service(app, "tax_calculator")
    # The server's worked example: 1,999 cc in its 5th year, 15% off: 339,830 won.
    screen = calculate(app, state, "automobile", displacement_cc="1,999", first_year=str(int(THIS_YEAR) - 4))
    assert until(app, lambda: screen.view_name == "result"), screen.status_text
    assert text_of(state, "svc.calc.line.reduction").startswith("Reduction for the car's age (15%)")
    assert text_of(state, "svc.calc.line.automobile_tax.amount") == "339,830 won"


def test_an_electric_car_is_asked_no_engine_size(world, app, online):
    state = open_service(app, "tax_calculator")
    press(app, state, "svc.calc.kind.automobile")
    press(app, state, "svc.calc.fuel")
    assert state.ui.find("svc.calc.displacement_cc", role="entry") is None
    fill(state, first_year=THIS_YEAR)
    press(app, state, "svc.calc.calculate")
    assert until(app, lambda: state.screen.view_name == "result"), state.screen.status_text
    assert text_of(state, "svc.calc.line.total.amount") == "130,000 won"  # 100,000 + 30% education tax


def test_a_house_shows_the_servers_worked_example(world, app, online):
    state = open_service(app, "tax_calculator")
    # Server tests: 300 million, base 180 million: 195,000 + 0.25% over 150 million = 270,000;
    # education 54,000; total 324,000 paid in halves in July and September.
    screen = calculate(app, state, "property", official_price_krw="300,000,000")
    assert until(app, lambda: screen.view_name == "result"), screen.status_text
    assert text_of(state, "svc.calc.line.base.amount") == "180,000,000 won"
    assert text_of(state, "svc.calc.line.property_tax.amount") == "270,000 won"
    assert text_of(state, "svc.calc.line.total.amount") == "324,000 won"
    assert "July 162,000 won, September 162,000 won" in text_of(state, "svc.calc.line.instalments")
    assert "Art. 111" in text_of(state, "svc.calc.line.property_tax")


@pytest.mark.parametrize(("kind", "values", "field", "says"), [
    ("automobile", {"displacement_cc": "two litres", "first_year": THIS_YEAR}, "Engine size (cc)", "digits only"),
    ("automobile", {"displacement_cc": "0", "first_year": THIS_YEAR}, "Engine size (cc)", "from 1 to 20,000"),
    ("automobile", {"displacement_cc": "1998", "first_year": "1850"}, "Year first registered", "to " + THIS_YEAR),
    ("automobile", {"displacement_cc": "1998"}, "Year first registered", "enter"),
    ("property", {"official_price_krw": "99,999,999,999,999"}, "Official price (won)", "10,000,000,000,000"),
    ("property", {"official_price_krw": "300000000", "fair_market_ratio": "5O"}, "Fair-market ratio (%)",
     "digits only"),
], ids=["letters", "zero cc", "old year", "no year", "price too high", "letter O in ratio"])
def test_bad_figures_are_refused_here_naming_the_field(world, app, online, monkeypatch, kind, values, field, says):
    sent = []
    for name in ("calculate_automobile_tax", "calculate_property_tax"):
        monkeypatch.setattr(online, name, lambda *a, **kw: sent.append(kw))
    state = open_service(app, "tax_calculator")
    screen = calculate(app, state, kind, **values)
    app.worker.wait_finished(1.0)
    app.task_mgr.step()
    assert field in screen.status_text and says in screen.status_text, screen.status_text
    assert not sent and screen.view_name != "result"


def test_a_refusal_from_the_server_names_the_field(world, app, online, monkeypatch):
    real = online.calculate_property_tax
    # The form never lets such a price through, so the request is changed on its way to the real server.
    monkeypatch.setattr(online, "calculate_property_tax", lambda **kw: real(**{**kw, "official_price_krw": -1}))
    state = open_service(app, "tax_calculator")
    screen = calculate(app, state, "property", official_price_krw="300000000")
    assert until(app, lambda: "Official price (won): " in screen.status_text), screen.status_text
    assert "can't be accepted" in screen.status_text and screen.view_name == "house"


def _boxes(state, root):
    """(id, (x0, x1, z0, z1)) of every visible label, button and text field, in the 2D root's units."""
    from panda3d.core import Point3

    out = []
    for info in state.ui.widgets.values():
        if info.role in ("label", "button", "entry") and info.is_visible():
            if info.role == "entry":
                left, right, bottom, top = info.widget["frameSize"]  # its text may be shorter than the field
            else:
                info.widget.resetFrameSize()
                left, right, bottom, top = info.widget.getBounds()
            lo = root.get_relative_point(info.widget, Point3(left, 0, bottom))
            hi = root.get_relative_point(info.widget, Point3(right, 0, top))
            out.append((info.id, info.role, (lo.x, hi.x, lo.z, hi.z)))
    return out


def _check_view(state):
    """Nothing clipped or overlapping (labels and buttons), and no text field under anything else."""
    _check_layout(state, state.root2d)
    boxes = _boxes(state, state.root2d)
    for i, (a, role, (ax0, ax1, az0, az1)) in enumerate(boxes):
        for b, other, (bx0, bx1, bz0, bz1) in boxes[i + 1:]:
            if "entry" in (role, other):
                apart = ax1 <= bx0 or bx1 <= ax0 or az1 <= bz0 or bz1 <= az0
                assert apart, f"{a} overlaps {b}"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_view_fits_at_200_percent(world, app, online, monkeypatch, lang):
    from ui.theme import Theme

    big = Theme(scale=2.0, font=app.ctx.theme.font, bold_font=app.ctx.theme.bold_font)
    monkeypatch.setattr(app.ctx, "theme", big)
    app.ctx.i18n.set_lang(lang)
    try:
        state = open_service(app, "tax_calculator")
        screen = state.screen
        assert state.ui.theme is big
        _check_view(state)
        press(app, state, "svc.calc.kind.automobile")
        _check_view(state)
        fill(state, displacement_cc="1998", first_year="2021")
        press(app, state, "svc.calc.calculate")
        assert until(app, lambda: screen.view_name == "result"), screen.status_text
        _check_view(state)
        assert "519,480" not in text_of(state, "svc.calc.line.total.amount")  # 2021: 3rd year or later
        press(app, state, "svc.calc.back")
        fill(state, displacement_cc="x")  # a refusal's message fits above the footer too
        press(app, state, "svc.calc.calculate")
        assert screen.status_text
        _check_view(state)
        press(app, state, "svc.calc.back")
        press(app, state, "svc.calc.kind.property")
        _check_view(state)
        fill(state, official_price_krw="1000000000")
        press(app, state, "svc.calc.calculate")
        assert until(app, lambda: screen.view_name == "result"), screen.status_text
        _check_view(state)
    finally:
        app.ctx.i18n.set_lang("en")


def test_easy_mode_offers_the_calculator_under_the_desks_words():
    from client.states.easy import easy_catalog

    items = [item for group in easy_catalog().groups for item in group.items if item.service == "tax_calculator"]
    assert [item.label for item in items] == [{"ko": "세금 계산해 보기", "en": "Calculate a tax"}]
