"""`clinic.yaml`: the clinic's details, time zone, quiet hours and language."""

from __future__ import annotations

from datetime import time

from bot.core.knowledge import Clinic, QuietHours
from bot.kb.fields import read_entry
from bot.kb.reading import Node, Reader
from bot.kb.schema import CLINIC, QUIET_HOURS

DEFAULT_QUIET_HOURS = QuietHours(time(21), time(9))
DEFAULT_LANGUAGE = "en"


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
    return Clinic(
        name=entry.text("name"),
        phone=entry.text("phone"),
        hours=entry.text("hours"),
        emergency_number=entry.text("emergency_number"),
        timezone=entry.text("timezone", "UTC"),
        quiet_hours=quiet,
        address=entry.text("address"),
        website=entry.text("website"),
        booking=entry.text("booking"),
        forward_photos=forward_photos is True,
        language=entry.text("language", DEFAULT_LANGUAGE),
    )
