"""The outbox's verdicts: what was decided about a queued message right before sending it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.store.records import ClaimedCheckin


@dataclass(frozen=True)
class Send:
    """A verdict: the message goes now."""


@dataclass(frozen=True)
class Postpone:
    """A verdict: not now (the client's quiet hours); it waits until `until`."""

    until: datetime


@dataclass(frozen=True)
class Drop:
    """A verdict: it never goes; `reason` is recorded with it."""

    reason: str


Verdict = Send | Postpone | Drop

# What `take` did with a queued message right before sending it.
SEND = "send"  # taken: in flight now; mark it sent (or failed) next
POSTPONED = "postponed"  # quiet hours: back in the queue for later
DROPPED = "dropped"  # never goes: the reason is on the row
CANCELLED = "cancelled"  # the client no longer wants it (paused, consent, blocked): recorded
GONE = "gone"  # nothing to do: sent, cancelled, forgotten, in flight or put off meanwhile


@dataclass(frozen=True)
class Taken:
    """The outcome of `take`, with the check-in to send when it is SEND."""

    outcome: str
    checkin: ClaimedCheckin | None = None
