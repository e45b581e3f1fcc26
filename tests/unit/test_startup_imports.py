"""What the client imports before its first frame: the network and server libraries wait until after it.

requests, pydantic, FastAPI and SQLAlchemy together took about 0.45 s to import; while the app was
starting, that put the first interactive frame at 6.5x an empty ShowBase's against a budget of 6x
(benchmarks/startup.py). They come in on the first request and with the embedded server, after the
first frame is drawn.
"""
import json
import subprocess
import sys

from tests.conftest import ROOT

LATER = ("requests", "urllib3", "pydantic", "fastapi", "sqlalchemy", "server.app")


def test_the_app_module_leaves_the_network_and_server_libraries_for_later():
    code = ("import sys, json; import client.app, client.runner; "
            f"print(json.dumps([m for m in {LATER!r} if m in sys.modules]))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
