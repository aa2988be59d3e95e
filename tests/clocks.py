"""Clocks tests move by hand instead of sleeping: wall-clock time, and the pace's monotonic time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta


class FakeClock:
    """Stands still until `advance` or `set` moves it."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 11, 20, 10, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        self._now += delta

    def set(self, moment: datetime) -> None:
        self._now = moment


class FakeTicker:
    """Monotonic seconds and timers for the outbox's pace, moved by hand instead of waiting.

    Stands in for the event loop's `time()` and `call_at()`; the fake Bot API server can read
    the same time (`FakeTelegram.use_clock`), so both judge the limits by it.
    """

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start
        self._timers: list[_Timer] = []

    def time(self) -> float:
        return self._now

    def call_at(self, when: float, callback: Callable[[], object]) -> _Timer:
        timer = _Timer(when, callback)
        self._timers.append(timer)
        return timer

    def next_timer(self) -> float | None:
        """When the earliest live timer fires, or None."""
        live = [t.when for t in self._timers if not t.cancelled]
        return min(live) if live else None

    def advance(self, seconds: float) -> None:
        """Move time forward, firing every timer due by then, earliest first."""
        self.advance_to(self._now + seconds)

    def advance_to(self, moment: float) -> None:
        while (when := self.next_timer()) is not None and when <= moment:
            self._now = max(self._now, when)
            self._fire_due()
        self._now = max(self._now, moment)

    def _fire_due(self) -> None:
        due = sorted((t for t in self._timers if not t.cancelled and t.when <= self._now),
                     key=lambda t: t.when)  # fmt: skip
        self._timers = [t for t in self._timers if t not in due and not t.cancelled]
        for timer in due:
            if not timer.cancelled:
                timer.callback()


class _Timer:
    def __init__(self, when: float, callback: Callable[[], object]) -> None:
        self.when = when
        self.callback = callback
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class TickingClock:
    """A wall clock that moves with a FakeTicker: `start` at the ticker's current time."""

    def __init__(self, start: datetime, ticker: FakeTicker) -> None:
        self._start = start
        self._ticker = ticker
        self._origin = ticker.time()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=self._ticker.time() - self._origin)

    def set(self, moment: datetime) -> None:
        """Jump the wall clock (the ticker keeps its own time)."""
        self._start, self._origin = moment, self._ticker.time()
