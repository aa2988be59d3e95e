"""Which time zone a client's times are in, and what a client may type to name one.

The rule, in one place: the client's own zone if it is a valid one (set with /timezone),
else the clinic's, else UTC. Check-ins are planned, worded and kept out of quiet hours by it.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def client_zone(client: str | None, clinic: str | None) -> ZoneInfo:
    """The client's zone if it is a valid one, else the clinic's, else UTC."""
    for name in (client, clinic):
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def zone_name(typed: str) -> str | None:
    """A valid IANA zone name for what the client typed ("europe/berlin" works too); None
    for anything else, abbreviations such as "CET" included (only Area/City, or UTC)."""
    candidate = typed.strip().replace(" ", "_")
    for name in (candidate, "/".join(part.capitalize() for part in candidate.split("/"))):
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
        return name if "/" in name or name == "UTC" else None
    return None
