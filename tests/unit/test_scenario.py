"""Scenario files are checked before anything runs, and errors name the step."""
import pytest

from client.scenario import load_scenario
from client.schema import DataError


def write(tmp_path, text):
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_full_vocabulary(tmp_path):
    steps = load_scenario(write(tmp_path, """
- site: seoul_plaza
- walk_to: Mayor's Office
- interact
- press: Submit a proposal
- type: {into: Title, text: More benches}
- key: {name: w, hold: 1.5}
- key: e
- wait: 2
- expect: Receipt
- expect: {text: Receipt, timeout: 5}
- screenshot: out.png
"""))
    assert [s.kind for s in steps] == ["site", "walk_to", "interact", "press", "type", "key", "key", "wait",
                                       "expect", "expect", "screenshot"]
    assert steps[4].args == {"into": "Title", "text": "More benches"}
    assert steps[5].args == {"name": "w", "hold": 1.5}


@pytest.mark.parametrize("text, where", [
    ("- fly: north\n", r"\[0\].fly"),
    ("- site: plaza\n- wait: forever\n", r"\[1\].wait"),
    ("- type: {into: Title}\n", r"\[0\].type.text"),
    ("[]\n", "non-empty list"),
])
def test_bad_steps_are_named(tmp_path, text, where):
    with pytest.raises(DataError, match=where):
        load_scenario(write(tmp_path, text))
