"""On a kiosk a guest's avatar look is kept for the visit only: nothing of it is written to disk."""
from client.settings import with_value
from client.world.appearance import local_path
from tests.scene.test_avatar_screen import fresh_look, open_screen, press, run_until  # noqa: F401 (fixture)
from tests.scene.steps import check_layout
from tests.scene.test_keyboard_only import until
from tests.scene.test_service_screens import online, open_service, server, shown  # noqa: F401 (fixtures)


def test_a_kiosk_guest_look_stays_in_memory(world, app, fresh_look):  # noqa: F811
    app.ctx.settings = with_value(app.ctx.settings, "kiosk.enabled", True)
    screen = open_screen(app)
    press(app, "tab", "tab", "arrow_right")  # age: senior
    chosen = world.avatar.appearance
    screen.focus = -1
    press(app, "enter")  # nothing focused: Enter is Save
    assert run_until(app, lambda: "Kept for this visit only" in screen.status_text), screen.status_text
    assert not local_path(app.ctx.dirs.config).exists()
    assert not list(app.ctx.dirs.config.glob("appearance*"))
    press(app, "escape")
    assert world.avatar.appearance == chosen



def test_a_document_issued_at_a_kiosk_leaves_no_pdf_behind(world, app, online):  # noqa: F811
    app.ctx.settings = with_value(app.ctx.settings, "kiosk.enabled", True)
    online.login("demo1@example.seoul", "seoul-demo-2025")
    state = open_service(app, "documents")
    state.ui.find("svc.docs.types.row.0").widget["command"]()
    assert until(app, lambda: state.screen.view_name == "issued"), state.screen.status_text
    assert shown(state, "keeps no copy") and shown(state, state.screen.issued[0].verification_code)
    code = state.screen.issued[0].verification_code
    assert not [p for root in (app.ctx.dirs.data, app.ctx.dirs.config) for p in root.rglob(f"*{code}*")]
    assert online.list_documents()  # it is in the citizen's account, to download at home
    check_layout(state, state.root2d)
