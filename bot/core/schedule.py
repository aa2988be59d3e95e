"""When check-ins are due: plain functions of a session, a plan, a time zone and quiet hours."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.knowledge import Checkin, QuietHours


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
        at = session_at + checkin.after
        if at <= now:
            continue
        due.append(DueCheckin(checkin.id, outside_quiet_hours(at, zone, quiet)))
    return sorted(due, key=lambda d: d.due_at)
