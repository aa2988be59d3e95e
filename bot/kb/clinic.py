"""`clinic.yaml`: the clinic's details, time zone, quiet hours and language."""

from __future__ import annotations

from datetime import time, timedelta

from bot.core.knowledge import (
    DEFAULT_CONVERSATION_END,
    DEFAULT_LANGUAGE,
    DEFAULT_QUIET_HOURS,
    DEFAULT_TIMEZONE,
    Clinic,
    Digest,
    QuietHours,
)
from bot.kb.fields import Entry, read_entry
from bot.kb.reading import Node, Reader
from bot.kb.schema import CLINIC, DIGEST, QUIET_HOURS

# Telegram's limits for the bot's description and short description.
DESCRIPTION_LIMITS = {"description": 512, "short_description": 120}


def read_clinic(reader: Reader, root: Node) -> Clinic | None:
    entry = read_entry(reader, root, CLINIC)
    if entry is None:
        return None
    quiet = DEFAULT_QUIET_HOURS
    section = entry.value("quiet_hours")
    if isinstance(section, Node):
        hours = read_entry(reader, section, QUIET_HOURS)
        if hours is not None:
            start, end = hours.value("start"), hours.value("end")
            quiet = QuietHours(
                start if isinstance(start, time) else quiet.start,
                end if isinstance(end, time) else quiet.end,
            )
    forward_photos = entry.value("forward_photos")
    for name, limit in DESCRIPTION_LIMITS.items():
        if len(entry.text(name)) > limit:
            reader.problem(
                entry.line(name),
                f"clinic: {name} is {len(entry.text(name))} characters; Telegram allows {limit}",
            )
    ends = entry.value("conversation_ends_after")
    return Clinic(
        name=entry.text("name"),
        phone=entry.text("phone"),
        hours=entry.text("hours"),
        emergency_number=entry.text("emergency_number"),
        timezone=entry.text("timezone", DEFAULT_TIMEZONE),
        quiet_hours=quiet,
        address=entry.text("address"),
        website=entry.text("website"),
        booking=entry.text("booking"),
        forward_photos=forward_photos is True,
        language=entry.text("language", DEFAULT_LANGUAGE),
        description=entry.text("description"),
        short_description=entry.text("short_description"),
        digest=_digest(reader, entry),
        conversation_ends_after=ends if isinstance(ends, timedelta) else DEFAULT_CONVERSATION_END,
    )


def _digest(reader: Reader, clinic: Entry) -> Digest:
    section = clinic.value("digest")
    if not isinstance(section, Node):
        return Digest()
    entry = read_entry(reader, section, DIGEST)
    if entry is None:
        return Digest()
    times, count = entry.value("at"), entry.value("count")
    default = Digest()
    return Digest(
        times if isinstance(times, tuple) and entry.has("at") else default.times,
        count if isinstance(count, int) else default.count,
    )
