"""A durable outbox for writes that must not be lost: proposals, agrees, payments, messages.

Each write is committed to a SQLite file (JSON rows, never pickle) with its idempotency key before
anything is sent. The sender delivers items oldest first; after a crash or `kill -9` at any moment,
the next start sends whatever is not yet confirmed again with the same key, and the server, which
deduplicates by key, keeps exactly one copy. Pure Python: no Panda3D.
"""
from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    body TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    needs_session INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL,
    next_attempt_at REAL NOT NULL,
    last_error TEXT,
    result TEXT
)
"""


@dataclass(frozen=True)
class OutboxItem:
    id: int
    kind: str  # what the citizen would call it: "proposal", "agree", "payment", "message"
    method: str
    path: str
    body: dict[str, Any]
    idempotency_key: str
    needs_session: bool
    state: str
    attempts: int
    created_at: float
    last_error: str | None
    result: dict[str, Any] | None

    @property
    def waiting(self) -> bool:
        return self.state == PENDING


def _item(row: sqlite3.Row) -> OutboxItem:
    return OutboxItem(
        id=row["id"], kind=row["kind"], method=row["method"], path=row["path"], body=json.loads(row["body"]),
        idempotency_key=row["idempotency_key"], needs_session=bool(row["needs_session"]), state=row["state"],
        attempts=row["attempts"], created_at=row["created_at"], last_error=row["last_error"],
        result=json.loads(row["result"]) if row["result"] else None,
    )


class Outbox:
    """The outbox file. Safe to use from several threads; every change is committed at once."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.clock = clock
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        # FULL: a write the citizen was told is "saved" must survive a power cut, not just a crash.
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(_SCHEMA)

    def add(self, kind: str, method: str, path: str, body: dict[str, Any], idempotency_key: str | None = None,
            needs_session: bool = False) -> OutboxItem:
        """Store a write durably and return it; it is on disk when this returns."""
        key = idempotency_key or str(uuid.uuid4())
        now = self.clock()
        with self._lock:
            cursor = self._db.execute(
                "INSERT INTO outbox (kind, method, path, body, idempotency_key, needs_session, created_at,"
                " next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (kind, method.upper(), path, json.dumps(body, ensure_ascii=False), key, int(needs_session), now, now),
            )
            return self._get(cursor.lastrowid)

    def _get(self, item_id: int) -> OutboxItem:
        row = self._db.execute("SELECT * FROM outbox WHERE id = ?", (item_id,)).fetchone()
        if row is None:
            raise KeyError(item_id)
        return _item(row)

    def get(self, item_id: int) -> OutboxItem:
        with self._lock:
            return self._get(item_id)

    def head(self) -> OutboxItem | None:
        """The oldest item still waiting: items go out strictly in the order they were made."""
        with self._lock:
            row = self._db.execute("SELECT * FROM outbox WHERE state = 'pending' ORDER BY id LIMIT 1").fetchone()
        return _item(row) if row else None

    def next_attempt_at(self, item_id: int) -> float:
        with self._lock:
            row = self._db.execute("SELECT next_attempt_at FROM outbox WHERE id = ?", (item_id,)).fetchone()
        return row[0] if row else 0.0

    def _update(self, item_id: int, sql: str, args: tuple) -> OutboxItem:
        with self._lock:
            self._db.execute(f"UPDATE outbox SET {sql} WHERE id = ?", (*args, item_id))
            return self._get(item_id)

    def mark_delivered(self, item_id: int, result: Any) -> OutboxItem:
        return self._update(item_id, "state = 'delivered', result = ?, last_error = NULL",
                            (json.dumps(result, ensure_ascii=False),))

    def mark_failed(self, item_id: int, error: dict[str, Any]) -> OutboxItem:
        """A final refusal from the server (e.g. a moderation reason): not sent again."""
        return self._update(item_id, "state = 'failed', result = ?, last_error = ?",
                            (json.dumps(error, ensure_ascii=False), str(error.get("code", "refused"))))

    def mark_retry(self, item_id: int, error: str, delay: float) -> OutboxItem:
        return self._update(item_id, "attempts = attempts + 1, last_error = ?, next_attempt_at = ?",
                            (error, self.clock() + delay))

    def items(self, *states: str) -> list[OutboxItem]:
        with self._lock:
            if states:
                marks = ",".join("?" * len(states))
                rows = self._db.execute(f"SELECT * FROM outbox WHERE state IN ({marks}) ORDER BY id", states)
            else:
                rows = self._db.execute("SELECT * FROM outbox ORDER BY id")
            return [_item(r) for r in rows.fetchall()]

    def pending_count(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM outbox WHERE state = 'pending'").fetchone()[0]

    def purge_personal(self) -> int:
        """Forget every finished item (their texts and replies); only writes still to deliver stay.

        Used at logout and by the kiosk wipe. VACUUM rewrites the file so the deleted text is not
        left behind in free pages.
        """
        with self._lock:
            count = self._db.execute("DELETE FROM outbox WHERE state != 'pending'").rowcount
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._db.execute("VACUUM")
            return count

    def discard_pending(self) -> list[OutboxItem]:
        """Drop writes that will not be sent (the citizen was told); returns what was dropped."""
        with self._lock:
            rows = self._db.execute("SELECT * FROM outbox WHERE state = 'pending' ORDER BY id").fetchall()
            self._db.execute("DELETE FROM outbox WHERE state = 'pending'")
            return [_item(r) for r in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()
