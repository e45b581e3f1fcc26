"""A client process for the kill test: files proposals through the real outbox and sender.

    python tests/net/outbox_child.py OUTBOX_PATH URL MARKER COUNT    # add COUNT items, send them all
    python tests/net/outbox_child.py OUTBOX_PATH URL MARKER 0        # only send what is waiting
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from net.outbox import Outbox  # noqa: E402
from net.sender import OutboxSender  # noqa: E402
from net.transport import Transport  # noqa: E402


def main() -> int:
    path, url, marker, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    box = Outbox(Path(path))
    sender = OutboxSender(box, Transport(url, retries=0, read_timeout=5), min_backoff=0.01, max_backoff=0.05)
    start = len(box.items())
    for n in range(start, start + count):
        box.add("proposal", "POST", "/v1/petitions", {"title": f"{marker} #{n}", "body": "kill test", "category": "other"})
        head = box.head()
        if head is not None:
            sender.send_one(head)
    for _ in range(1000):
        head = box.head()
        if head is None:
            return 0
        sender.send_one(head)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
