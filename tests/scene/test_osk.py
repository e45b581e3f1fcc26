"""The on-screen keyboard: opened by the button beside a field, it types Korean syllables as they are
composed and English letters, deletes one jamo at a time, and fits the window at 200% in both languages."""
import pytest

from tests.scene.test_keyboard_only import sign_in, until
from tests.scene.test_service_screens import online, open_service, server  # noqa: F401  (fixtures)


def frames(state):
    """(id, (x0, x1, z0, z1)) in the window of the keyboard's panel and keys, as drawn (not their text)."""
    from panda3d.core import Point3

    out = []
    for info in state.ui.widgets.values():
        if info.id.startswith("osk.") and info.role in ("button", "panel"):
            left, right, bottom, top = info.widget["frameSize"]
            lo = state.root2d.get_relative_point(info.widget, Point3(left, 0, bottom))
            hi = state.root2d.get_relative_point(info.widget, Point3(right, 0, top))
            out.append((info.id, (lo.x, hi.x, lo.z, hi.z)))
    return out


def tap(state, wid):
    """A finger on a key: the key's button does what it does for a click."""
    state.ui.widgets[wid].widget["command"]()


def tap_keys(state, keys):
    for key in keys:
        tap(state, {" ": "osk.space"}.get(key, f"osk.key.{key}"))


def test_a_korean_subject_typed_on_the_screen_keyboard_reaches_the_server(world, app, online):  # noqa: F811
    app.ctx.i18n.set_lang("ko")
    try:
        state = open_service(app, "dasan_chat")
        screen = state.screen
        sign_in(app, state, "demo1@example.seoul")
        assert until(app, lambda: screen.threads is not None)
        screen.ui.widgets["svc.chat.new"].widget["command"]()
        tap(state, "svc.chat.subject.keys")
        assert screen.focused == "svc.chat.subject" and screen.keyboard.layout == "ko"
        tap_keys(state, "ㅎㅏㄴㄱㅡㄹ ㅈㅔㅇㅏㄴ")
        assert state.ui.widgets["svc.chat.subject"].widget.get() == "한글 제안"
        assert "한글 제안" in state.ui.widgets["osk.preview"].widget["text"]  # seen even under the keys
        tap(state, "osk.enter")  # Enter on the keyboard: the next field, and the keyboard follows
        assert screen.focused == "svc.chat.message" and screen.keyboard.target_id == "svc.chat.message"
        tap(state, "osk.lang")
        tap_keys(state, "hi")
        tap(state, "osk.mode")
        tap_keys(state, "1")
        tap(state, "osk.done")
        assert "osk.panel" not in state.ui.widgets
        assert state.ui.widgets["svc.chat.message"].widget.get() == "hi1"
        state.ui.widgets["svc.chat.open"].widget["command"]()
        assert until(app, lambda: screen.view_name == "thread"), screen.status_text
        assert screen.thread.subject == "한글 제안"  # as the server stored it
    finally:
        app.ctx.i18n.set_lang("en")


def test_delete_takes_back_one_jamo_and_shift_gives_double_consonants(world, app):
    state = open_service(app, "document_verify")
    tap(state, "svc.verify.code.keys")
    tap(state, "osk.lang")  # English UI: the keyboard starts in English letters
    assert state.screen.keyboard.layout == "ko"
    field = state.ui.widgets["svc.verify.code"].widget
    tap_keys(state, "ㅇㅏㄴㅈ")
    assert field.get() == "앉"
    tap(state, "osk.back")
    assert field.get() == "안"
    tap(state, "osk.shift")
    tap_keys(state, "ㄱ")  # shifted: ㄲ, and Shift lets go after one letter
    assert field.get() == "안ㄲ" and not state.screen.keyboard.shift
    app.messenger.send("escape")
    app.task_mgr.step()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_keyboard_fits_the_window_at_200_percent(world, app, monkeypatch, lang):
    from ui.theme import Theme

    big = Theme(scale=2.0, font=app.ctx.theme.font, bold_font=app.ctx.theme.bold_font)
    monkeypatch.setattr(app.ctx, "theme", big)
    app.ctx.i18n.set_lang(lang)
    try:
        state = open_service(app, "document_verify")
        tap(state, "svc.verify.code.keys")
        for _ in range(3):  # Korean, English and symbols pages
            boxes = frames(state)
            for wid, (x0, x1, z0, z1) in boxes:
                assert -16 / 9 <= x0 and x1 <= 16 / 9 and -1 <= z0 and z1 <= 1, f"{wid} runs off the window"
                if wid.startswith("osk.key."):
                    assert min(x1 - x0, z1 - z0) >= big.button_height * 0.99, f"{wid} is too small to touch"
            keys = [b for b in boxes if b[0] != "osk.panel"]
            for i, (a, (ax0, ax1, az0, az1)) in enumerate(keys):
                for b, (bx0, bx1, bz0, bz1) in keys[i + 1:]:
                    assert ax1 <= bx0 or bx1 <= ax0 or az1 <= bz0 or bz1 <= az0, f"{a} overlaps {b}"
            tap(state, "osk.lang" if state.screen.keyboard.layout != "en" else "osk.mode")
        app.messenger.send("escape")
        app.task_mgr.step()
    finally:
        app.ctx.i18n.set_lang("en")


def test_on_a_kiosk_a_tap_on_any_field_opens_the_keyboard_by_itself(world, app):
    from client.settings import with_value

    app.ctx.settings = with_value(app.ctx.settings, "kiosk.enabled", True)  # conftest puts it back
    state = open_service(app, "proposal_form")
    screen = state.screen
    assert "osk.panel" not in state.ui.widgets
    state.ui.widgets["svc.proposal.title"].widget["focusInCommand"]()  # what a tap on the field does
    app.task_mgr.step()
    assert "osk.panel" in state.ui.widgets and screen.focused == "svc.proposal.title"
    for key in ("key.h", "key.i"):
        state.ui.widgets[f"osk.{key}"].widget["command"]()
    assert state.ui.widgets["svc.proposal.title"].widget.get() == "hi"
    app.states.pop()
    app.task_mgr.step()
