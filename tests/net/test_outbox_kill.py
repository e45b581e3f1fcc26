"""kill -9 at random moments while sending: after a restart the server holds exactly one copy of each."""
import random
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import requests

from net.outbox import Outbox
from server.embedded import EmbeddedServer
from tools.faulty_proxy import FaultyProxy

CHILD = Path(__file__).with_name("outbox_child.py")
ROUNDS = 15


def test_sigkill_at_random_points_delivers_each_item_exactly_once(tmp_path):
    rng = random.Random(20261121)
    with EmbeddedServer(tmp_path / "server", settings_overrides={"petition_create_limit": 10_000}) as server:
        proxy = FaultyProxy(lambda: server.url).start()
        proxy.delay = 0.03  # each exchange takes a moment, so kills land mid-request too
        marker = uuid.uuid4().hex[:10]
        box_path = tmp_path / "client" / "outbox.sqlite3"
        killed = 0
        try:
            for _ in range(ROUNDS):
                child = subprocess.Popen([sys.executable, str(CHILD), str(box_path), proxy.url, marker, "3"])
                time.sleep(rng.uniform(0.05, 0.6))  # the kill point itself is what is random here
                if child.poll() is None:
                    child.send_signal(signal.SIGKILL)
                    killed += 1
                child.wait(30)
            # The restarted client sends whatever is still waiting.
            resume = subprocess.run([sys.executable, str(CHILD), str(box_path), proxy.url, marker, "0"], timeout=120)
            assert resume.returncode == 0
        finally:
            proxy.stop()
        page = requests.get(f"{server.url}/v1/petitions", params={"q": marker, "limit": 100}, timeout=10).json()
        on_server = Counter(item["title"] for item in page["items"])
    box = Outbox(box_path)
    in_outbox = [item.body["title"] for item in box.items()]
    assert killed >= ROUNDS // 3, "too few kills landed: the test would prove little"
    assert in_outbox and box.pending_count() == 0
    assert on_server == Counter(in_outbox), "a write was lost or arrived twice"
    assert page["total"] == len(in_outbox)
