"""End to end: a citizen customises the avatar in the app, saves it to the account on the embedded
backend, and after the app (and with it the server) restarts on the same data, signs in and sees
the same look; the server's own copy says so too."""
import os
import subprocess

from client.world.appearance import Appearance
from net.api import ApiClient
from net.transport import Transport
from server.embedded import EmbeddedServer
from tests.conftest import client_command

SIGN_IN = """
- site: seoul_plaza
- key: c
- expect: Your avatar
- press: Log in
- type: {into: E-mail, text: demo1@example.seoul}
- type: {into: Password, text: seoul-demo-2025}
- press: Sign in
- expect: Log out
"""
CUSTOMISE = SIGN_IN + """
- expect: "Age: Adult"
- press: svc.avatar.age
- press: svc.avatar.mobility
- expect: "Getting around: Wheelchair"
- press: Save
- expect: Saved to your account
- screenshot: {shot}
- key: escape
- expect: Seoul Plaza
"""
COME_BACK = SIGN_IN + """
- expect: "Age: Senior"
- expect: "Getting around: Wheelchair"
- expect: "Hair colour: Grey"
- key: escape
- expect: Seoul Plaza
"""


def run(tmp_path, home, name, text):
    scenario = tmp_path / f"{name}.yaml"
    scenario.write_text(text, encoding="utf-8")
    env = dict(os.environ, METAVERSE_SEOUL_HOME=str(home))
    result = subprocess.run(client_command("--offscreen", "--lang", "en", "--scenario", str(scenario)),
                            capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_customisation_round_trips_through_the_server_across_a_restart(tmp_path):
    home, shot = tmp_path / "home", tmp_path / "saved.png"
    run(tmp_path, home, "customise", CUSTOMISE.replace("{shot}", str(shot)))
    assert shot.exists()
    assert not (home / "config" / "appearance.json").exists(), "a citizen's look stays with the account"
    # A second run of the app starts the embedded server again on the same data and fetches the look.
    run(tmp_path, home, "come_back", COME_BACK)
    with EmbeddedServer(home / "data") as server:
        api = ApiClient(Transport(server.url))
        api.login("demo1@example.seoul", "seoul-demo-2025")
        saved = api.get_avatar()
        api.transport.close()
    assert saved is not None
    look = Appearance.from_dict(saved.appearance_dict())
    assert (look.age, look.mobility, look.hair_color) == ("senior", "wheelchair", "#b9b9b9")
