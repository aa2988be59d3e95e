"""When to tell the staff chat that something is failing, and when that it works again.

Each thing watched (sending to Telegram, reaching it, backups, the knowledge folder) has an
`Alert`: ok, failing (since when), or told. Staff hear once when a failure has lasted
`grace`, and once more when it ends; a blip shorter than `grace` is never mentioned. An
outage during which staff could not be told (Telegram itself was unreachable) is reported
when it ends. Pure: the caller passes the failures it saw and the time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum


class Status(Enum):
    OK = "ok"
    FAILING = "failing"  # failing, staff not told (yet)
    TOLD = "told"  # staff were told; they hear again when it recovers


class Say(Enum):
    """What the caller should tell staff after a step."""

    FAILING = "failing"
    RECOVERED = "recovered"


@dataclass(frozen=True)
class Failures:
    """The failures seen since the last success: the first and the latest."""

    first: datetime
    last: datetime


@dataclass(frozen=True)
class Alert:
    status: Status = Status.OK
    since: datetime | None = None  # when the failure began
    last: datetime | None = None  # the latest failure seen


@dataclass(frozen=True)
class Step:
    alert: Alert
    say: Say | None = None
    since: datetime | None = None  # with Say: when the failure began


def observe(alert: Alert, failures: Failures | None, grace: timedelta) -> Step:
    """The next state, given the failures since the last success (None: it works now).

    Failing counts once failures have gone on for `grace` with no success in between.
    After `Say.FAILING`, call `told` once staff got the message; until then it is said again
    at every step. A failure that lasted `grace` is followed by `Say.RECOVERED` when it ends,
    even if staff could not be told while it lasted.
    """
    if failures is None:
        if alert.status is Status.OK:
            return Step(alert)
        lasted = alert.status is Status.TOLD or _lasted(alert.since, alert.last, grace)
        return Step(Alert(), Say.RECOVERED if lasted else None, alert.since)
    since = alert.since or failures.first
    failing = Alert(
        Status.TOLD if alert.status is Status.TOLD else Status.FAILING, since, failures.last
    )
    if failing.status is Status.FAILING and _lasted(since, failures.last, grace):
        return Step(failing, Say.FAILING, since)
    return Step(failing)


def told(alert: Alert) -> Alert:
    """Staff got the failing message: the next thing they hear is the recovery."""
    return Alert(Status.TOLD, alert.since, alert.last)


def _lasted(since: datetime | None, last: datetime | None, grace: timedelta) -> bool:
    return since is not None and last is not None and last - since >= grace
