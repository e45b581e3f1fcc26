"""The petition board in Seoul Plaza: proposals past an agree threshold, most agreed first, in the
citizen's language, fetched once the backend is known to be up, and walked round, not through."""
import pytest

from client.world.petition_board import ROWS
from tests.scene.conftest import step_until
from tests.scene.test_service_screens import online, server  # noqa: F401 - fixtures


@pytest.fixture
def up(app, online):  # noqa: F811 - the fixture imported above
    """The health monitor's news that the backend answers (what the real monitor queues)."""
    app.net._health_news.put(True)
    yield online
    app.net.online = None


def _board(world):
    (board,) = world.boards.boards
    return board


def test_the_board_lists_passed_proposals_most_agreed_first_and_not_open_ones(world, app, up):
    fresh = up.list_petitions(status="open", limit=1).items  # a proposal nobody has agreed to yet
    board = _board(world)
    assert step_until(app, lambda: app.worker.wait_finished(0.1) and world.boards.petitions is not None, frames=600)
    passed = up.list_petitions(status=["awaiting_answer", "public_forum", "awaiting_mayor", "answered"], limit=100)
    expected = sorted(passed.items, key=lambda p: -p.agree_count)[:ROWS]
    assert expected, "the demo data has proposals past 50 agrees"
    assert [p.id for p in world.boards.petitions] == [p.id for p in expected]
    titles, details = board.shown[1::2], board.shown[2::2]
    assert len(titles) == len(details) == len(expected)
    assert all(p.title.startswith(title.rstrip("…")) for p, title in zip(expected, titles))
    assert all(detail.startswith(f"{p.agree_count} agrees · ") for p, detail in zip(expected, details))
    assert not any(p.title in title for p in fresh for title in titles)


def test_the_board_switches_language_with_everything_else(world, app, up):
    assert step_until(app, lambda: app.worker.wait_finished(0.1) and world.boards.petitions is not None, frames=600)
    app.ctx.i18n.set_lang("ko")
    try:
        assert _board(world).shown[0] == "시가 답하는 시민 제안"
        assert all(detail.startswith("공감 ") for detail in _board(world).shown[2::2])
    finally:
        app.ctx.i18n.set_lang("en")


def test_before_the_backend_answers_the_board_says_so_and_asks_nothing(world, app):
    assert app.net.online is not True
    assert world.boards.petitions is None
    assert _board(world).shown[1].startswith("The list cannot be fetched now")


def test_the_board_is_walked_round(world):
    (board,) = world.manifest.boards
    blocked = world.area.blocked_at(board.position[:2])
    assert blocked is not None and blocked.name == "board:petition_board"
