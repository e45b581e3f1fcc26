"""Travel from Seoul Plaza to every site through the map, and back, as a citizen would."""
import os
import subprocess

from client.paths import SCENES_DIR
from client.world.manifest import load_manifest
from tests.conftest import client_command


def test_travel_to_every_site_and_back(tmp_path):
    sites = [load_manifest(p) for p in sorted(SCENES_DIR.glob("*.yaml")) if p.stem != "seoul_plaza"]
    steps = ["- site: seoul_plaza"]
    for site in sites:
        name = site.name["en"]
        steps += ["- key: m", f'- press: "{name}"', f'- expect: "{name}"',
                  "- key: m", '- press: "Seoul Plaza"', '- expect: "Seoul Plaza"']
    scenario = tmp_path / "travel.yaml"
    scenario.write_text("\n".join(steps) + "\n", encoding="utf-8")
    env = dict(os.environ, METAVERSE_SEOUL_HOME=str(tmp_path / "home"))
    result = subprocess.run(client_command("--offscreen", "--lang", "en", "--scenario", str(scenario),
                                           "--backend-url", "http://127.0.0.1:9"),
                            capture_output=True, text=True, timeout=600, env=env)
    # Each `expect` waited for the site's name in the HUD after its loading screen had gone.
    assert len(sites) >= 1
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
