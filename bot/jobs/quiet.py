"""Quiet hours at the moment of sending: in the client's own time zone, else the clinic's."""

from __future__ import annotations

from datetime import datetime

from bot.core.knowledge import Clinic
from bot.core.schedule import outside_quiet_hours
from bot.core.zones import client_zone
from bot.store import Postpone, Send, Verdict


def quiet_verdict(now: datetime, zone: str | None, clinic: Clinic) -> Verdict:
    """Send now, or wait for the morning if it is the client's quiet hours now."""
    allowed = outside_quiet_hours(now, client_zone(zone, clinic.timezone), clinic.quiet_hours)
    return Postpone(allowed) if allowed > now else Send()
