"""Quiet hours at the moment of sending: in the client's own time zone, else the clinic's."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.knowledge import Clinic
from bot.core.schedule import outside_quiet_hours
from bot.store import Postpone, Send, Verdict


def client_zone(client: str | None, clinic: str) -> ZoneInfo:
    """The client's zone if it is a valid one, else the clinic's, else UTC."""
    for name in (client, clinic):
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def quiet_verdict(now: datetime, zone: str | None, clinic: Clinic) -> Verdict:
    """Send now, or wait for the morning if it is the client's quiet hours now."""
    allowed = outside_quiet_hours(now, client_zone(zone, clinic.timezone), clinic.quiet_hours)
    return Postpone(allowed) if allowed > now else Send()
