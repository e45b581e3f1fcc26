"""The embedded backend starts after the first interactive frame, or at once when a call needs it sooner."""
import threading

import requests

from client.backend import Backend
from client.settings import BackendSettings


def test_a_call_before_the_app_started_the_network_starts_the_embedded_server(tmp_path):
    backend = Backend(BackendSettings(seed_demo=False), tmp_path)
    try:
        urls = []
        # Two worker threads asking at once get one server between them.
        threads = [threading.Thread(target=lambda: urls.append(backend.url())) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert len(urls) == 2 and urls[0] == urls[1]
        assert requests.get(f"{urls[0]}/healthz", timeout=10).ok
    finally:
        backend.stop()


def test_the_first_world_frame_is_drawn_before_the_network_starts(tmp_path):
    """Asserted in a child client: its log says in which order the world and the backend came up."""
    import os
    import subprocess

    from tests.conftest import client_command

    env = dict(os.environ, METAVERSE_SEOUL_HOME=str(tmp_path / "home"))
    result = subprocess.run(client_command("--offscreen", "--frames", "120", "--verbose"),
                            capture_output=True, text=True, timeout=180, env=env)
    assert result.returncode == 0, result.stderr
    log = result.stderr
    assert "starting the network: 'world' drawn" in log and "embedded backend at" in log, log[-3000:]
    assert log.index("starting the network: 'world' drawn") < log.index("embedded backend starting")
