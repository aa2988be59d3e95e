"""When things are due and which words fit the hour: plain functions of time.

Check-ins: when each falls (after a session, at a time of day, out of quiet hours) and
the words that follow the hour the client reads them. The staff chat: when the digest of
unanswered questions goes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.figures import fill
from bot.core.knowledge import Checkin, Digest, QuietHours
from bot.core.messages import Messages


@dataclass(frozen=True)
class DueCheckin:
    """One check-in of the plan and the moment it should be sent."""

    checkin_id: str
    due_at: datetime


def outside_quiet_hours(moment: datetime, zone: ZoneInfo, quiet: QuietHours) -> datetime:
    """`moment`, or the end of the quiet hours it falls in (the next local morning)."""
    local = moment.astimezone(zone)
    if not quiet.contains(local.time().replace(tzinfo=None)):
        return moment
    morning = local.replace(
        hour=quiet.end.hour, minute=quiet.end.minute, second=0, microsecond=0, tzinfo=None
    )
    if morning.time() <= local.time().replace(tzinfo=None):
        morning += timedelta(days=1)
    # Built from wall-clock time so a daylight-saving change lands on the local morning.
    return morning.replace(tzinfo=zone).astimezone(moment.tzinfo)


def plan_checkins(
    session_at: datetime,
    plan: Sequence[Checkin],
    *,
    now: datetime,
    zone: ZoneInfo,
    quiet: QuietHours,
) -> list[DueCheckin]:
    """The check-ins still ahead of `now` for a session, moved out of quiet hours.

    Check-ins whose time has already passed are left out, so a session recorded late
    does not send a burst of stale messages.
    """
    due = []
    for checkin in plan:
        at = checkin_due(session_at, checkin, zone)
        if at <= now:
            continue
        due.append(DueCheckin(checkin.id, outside_quiet_hours(at, zone, quiet)))
    return sorted(due, key=lambda d: d.due_at)


# -- the plan: when in the day a check-in goes --------------------------------------


def checkin_due(session_at: datetime, checkin: Checkin, zone: ZoneInfo) -> datetime:
    """When a check-in of the plan falls: `after` the session, then, if the plan gives
    an `at` time, that local time on the first day it can."""
    earliest = session_at + checkin.after
    if checkin.at is None:
        return earliest
    day = earliest.astimezone(zone).date()
    for shift in (0, 1):
        local = datetime.combine(day + timedelta(days=shift), checkin.at, tzinfo=zone)
        if local >= earliest:
            return local.astimezone(session_at.tzinfo)
    raise AssertionError("unreachable: a day later is always after `earliest`")


# -- words that follow the hour ----------------------------------------------------

# The placeholders a check-in's message may use, and for each part of the day the message
# (messages.yaml) that fills each one in.
CHECKIN_PLACEHOLDERS = ("greeting", "this_part_of_day")
TIME_OF_DAY_MESSAGES = {
    "morning": {"greeting": "greeting_morning", "this_part_of_day": "part_of_day_morning"},
    "afternoon": {"greeting": "greeting_afternoon", "this_part_of_day": "part_of_day_afternoon"},
    "evening": {"greeting": "greeting_evening", "this_part_of_day": "part_of_day_evening"},
    "night": {"greeting": "greeting_night", "this_part_of_day": "part_of_day_night"},
}
# Fixed English words that fit only some parts of the day, and which parts.
TIME_WORDS = {
    "good morning": ("morning",),
    "this morning": ("morning",),
    "good afternoon": ("afternoon",),
    "this afternoon": ("afternoon",),
    "good evening": ("evening", "night"),
    "this evening": ("evening",),
    "tonight": ("evening", "night"),
    "good night": ("night",),
}
_TIME_WORDS = re.compile(r"\b(" + "|".join(TIME_WORDS) + r")\b", re.IGNORECASE)


def part_of_day(moment: time) -> str:
    """morning (05:00-12:00), afternoon (12:00-17:00), evening (17:00-22:00) or night."""
    if time(5) <= moment < time(12):
        return "morning"
    if time(12) <= moment < time(17):
        return "afternoon"
    if time(17) <= moment < time(22):
        return "evening"
    return "night"


def time_words(text: str) -> list[str]:
    """The fixed time-of-day phrases in `text`, lowercased, in order."""
    return [match.lower() for match in _TIME_WORDS.findall(text)]


def checkin_text(message: str, local: datetime, messages: Messages) -> str:
    """A check-in's message as the client reads it at `local` (their own time):
    {greeting} becomes "Good afternoon", {this_part_of_day} "this afternoon", and so on."""
    keys = TIME_OF_DAY_MESSAGES[part_of_day(local.time())]
    return fill(message, {name: messages.render(key) for name, key in keys.items()})


# -- the staff chat's digest of unanswered questions -------------------------------


def last_digest_time(now: datetime, zone: ZoneInfo, times: Sequence[time]) -> datetime | None:
    """The latest of the digest's local `times` at or before `now` (today or yesterday)."""
    today = now.astimezone(zone).date()
    moments = [
        datetime.combine(today - timedelta(days=back), at, tzinfo=zone)
        for back in (0, 1)
        for at in times
    ]
    passed = [moment for moment in moments if moment <= now]
    return max(passed) if passed else None


def digest_due(
    waiting: int, oldest: datetime | None, now: datetime, zone: ZoneInfo, digest: Digest
) -> bool:
    """Whether the questions waiting go to the staff chat now: enough of them, or one was
    asked before the latest digest time passed."""
    if waiting <= 0 or oldest is None:
        return False
    if waiting >= digest.count:
        return True
    last = last_digest_time(now, zone, digest.times)
    return last is not None and oldest <= last
