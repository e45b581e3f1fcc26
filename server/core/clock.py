"""The app's notion of "now", injectable so tests can move time instead of waiting."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The real time, aware UTC."""
    return datetime.now(UTC)


class ManualClock:
    """A clock that only moves when told to; pass it to ``create_app(clock=...)`` in tests."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or system_clock()

    def __call__(self) -> datetime:
        """Return the current manual time."""
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the clock forward."""
        self.now += timedelta(seconds=seconds)
