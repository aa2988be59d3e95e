"""A message Telegram did not answer: tried again later, not counted as a failed attempt.

No answer at all (the network, a timeout) or a 5xx from Telegram is not the message's
fault: a check-in or a broadcast message goes back to waiting, and is tried again after a
wait that grows with its failures (5 s, 10 s, 20 s, ... at most 5 minutes), for as long as
they last up to `GIVE_UP_AFTER` (a day); only then is it given up. An error Telegram
answers (400, 403, a 429 again and again) is the message's own and counts as usual.

The failures are remembered in memory: a restart starts each message's count again.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime, timedelta

from telegram.error import BadRequest, NetworkError

from bot.clock import Clock
from bot.core.backoff import Backoff

WAITS = Backoff(first=5.0, factor=2.0, maximum=300.0)
GIVE_UP_AFTER = timedelta(days=1)


def unanswered(error: BaseException) -> bool:
    """Whether Telegram gave no answer (or a 5xx): PTB's NetworkError, but not a BadRequest."""
    return isinstance(error, NetworkError) and not isinstance(error, BadRequest)


@dataclass(frozen=True)
class _Failing:
    since: datetime
    count: int


class Unanswered:
    """The messages of one sender that Telegram has not answered, and when to try each again."""

    def __init__(
        self, clock: Clock, waits: Backoff = WAITS, give_up_after: timedelta = GIVE_UP_AFTER
    ) -> None:
        self._clock = clock
        self._waits = waits
        self._give_up_after = give_up_after
        self._failing: dict[Hashable, _Failing] = {}

    def failed(self, message: Hashable) -> datetime | None:
        """Telegram did not answer `message` again: when to try it next, None to give it up."""
        now = self._clock.now()
        self._forget_old(now)
        failing = self._failing.get(message, _Failing(now, 0))
        if now - failing.since >= self._give_up_after:
            del self._failing[message]
            return None
        self._failing[message] = _Failing(failing.since, failing.count + 1)
        wait = next(itertools.islice(self._waits.delays(), failing.count, None))
        return now + timedelta(seconds=wait)

    def answered(self, message: Hashable) -> None:
        """Telegram answered `message` (whatever it said): its failures are forgotten."""
        self._failing.pop(message, None)

    def __len__(self) -> int:
        return len(self._failing)

    def _forget_old(self, now: datetime) -> None:
        """Messages not tried again long after their give-up time (cancelled meanwhile)."""
        horizon = now - 2 * self._give_up_after
        for message in [m for m, f in self._failing.items() if f.since < horizon]:
            del self._failing[message]
