"""End to end: walk to the Mayor's Office desk, file a proposal over real HTTP, find it again."""
import os
import subprocess
import uuid

import requests

from server.embedded import EmbeddedServer
from tests.conftest import client_command

SCENARIO = """
- site: seoul_plaza
- walk_to: Mayor's Office
- expect: "Talk to Mayor's Office"
- interact
- expect: Do you have an idea
- press: Submit a proposal
- expect: Propose an idea to the city
- type: {{into: Title, text: "{title}"}}
- type: {{into: Your proposal, text: "{body}"}}
- press: Submit
- expect: Receipt number
- screenshot: {shot}
- press: Done
- expect: Seoul Plaza
"""


def run_scenario(tmp_path, home, title, body, *extra):
    scenario = tmp_path / "scenario.yaml"
    shot = tmp_path / "receipt.png"
    scenario.write_text(SCENARIO.format(title=title, body=body, shot=shot), encoding="utf-8")
    env = dict(os.environ, METAVERSE_SEOUL_HOME=str(home))
    result = subprocess.run(client_command("--offscreen", "--lang", "en", "--scenario", str(scenario), *extra),
                            capture_output=True, text=True, timeout=300, env=env)
    return result, shot


def test_file_a_proposal_against_a_running_server(tmp_path):
    title = f"More shade trees on the plaza {uuid.uuid4().hex[:8]}"
    with EmbeddedServer(tmp_path / "server") as server:
        result, shot = run_scenario(tmp_path, tmp_path / "home", title, "Plant trees along the lawn.",
                                    "--backend-url", server.url)
        assert result.returncode == 0, result.stdout + result.stderr
        page = requests.get(f"{server.url}/v1/petitions", params={"q": title}, timeout=10).json()
    assert page["total"] == 1
    filed = page["items"][0]
    assert filed["title"] == title and filed["body"] == "Plant trees along the lawn."
    assert shot.exists()


def test_embedded_backend_keeps_the_proposal_after_the_app_exits(tmp_path):
    home = tmp_path / "home"
    title = f"Night market in the plaza {uuid.uuid4().hex[:8]}"
    result, _ = run_scenario(tmp_path, home, title, "Weekends in summer.")
    assert result.returncode == 0, result.stdout + result.stderr
    # The app has exited; a fresh server on the same data directory still lists the proposal.
    with EmbeddedServer(home / "data") as server:
        page = requests.get(f"{server.url}/v1/petitions", params={"q": title}, timeout=10).json()
        assert page["total"] == 1
        petition = requests.get(f"{server.url}/v1/petitions/{page['items'][0]['id']}", timeout=10).json()
    assert petition["body"] == "Weekends in summer."


def test_failed_expect_exits_non_zero_and_says_what_was_on_screen(tmp_path):
    scenario = tmp_path / "bad.yaml"
    scenario.write_text("- site: seoul_plaza\n- expect: {text: Free ice cream, timeout: 1}\n", encoding="utf-8")
    env = dict(os.environ, METAVERSE_SEOUL_HOME=str(tmp_path / "home"))
    result = subprocess.run(client_command("--offscreen", "--lang", "en", "--scenario", str(scenario)),
                            capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 1
    assert "'Free ice cream' did not appear" in result.stderr
    assert "On screen:" in result.stderr and "Seoul Plaza" in result.stderr
