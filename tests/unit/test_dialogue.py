"""Dialogue trees: every node reachable, every conversation can be left, choices lead where they say."""
import pytest
import yaml

from client.dialogue import Conversation, load_dialogue, parse_dialogue
from client.paths import SCENES_DIR
from client.schema import DataError
from client.world.manifest import SERVICES


def test_mayors_office_dialogue_offers_a_proposal():
    d = load_dialogue(SCENES_DIR / "dialogues" / "mayors_office.yaml", SERVICES)
    conv = Conversation(d)
    assert "Mayor's Office" in conv.node.say["en"]
    assert conv.choose("how").action == "goto" and conv.node.id == "how"
    choice = conv.choose("propose")
    assert (choice.action, choice.target, conv.finished) == ("open_service", "proposal_form", True)


def parse(text):
    return parse_dialogue(yaml.safe_load(text), "d.yaml", SERVICES)


GOOD = """
id: t
start: a
nodes:
  a:
    say: {ko: 가, en: A}
    choices:
      - {id: next, label: {ko: 다음, en: Next}, goto: b}
  b:
    say: {ko: 나, en: B}
    choices:
      - {id: bye, label: {ko: 안녕, en: Bye}, close: true}
"""


def test_good_dialogue():
    d = parse(GOOD)
    assert set(d.nodes) == {"a", "b"}


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda t: t.replace("goto: b", "goto: c"), "no node 'c'"),
        (lambda t: t.replace("start: a", "start: z"), "'z' is not one of the nodes"),
        (lambda t: t.replace("close: true", "goto: a"), "no way out"),
        (lambda t: t.replace("goto: b", "close: true"), "cannot be reached"),
        (lambda t: t.replace("close: true", "open_service: teleport"), "unknown service 'teleport'"),
        (lambda t: t.replace("en: Bye", "fr: Bye"), "en: is missing"),
        (lambda t: t.replace("goto: b}", "goto: b, close: true}"), "exactly one"),
    ],
)
def test_broken_dialogues_are_refused(edit, message):
    with pytest.raises(DataError, match=message):
        parse(edit(GOOD))


def test_unknown_choice():
    conv = Conversation(parse(GOOD))
    with pytest.raises(KeyError):
        conv.choose("nope")
