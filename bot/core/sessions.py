"""Noting a treatment date: a correction of the last session, or a new session.

Sessions of a course are weeks apart, so a date within two weeks of the last recorded one
(`same_treatment`) is that treatment remembered differently: it corrects it. Every way a
date is noted (typed, a button, a start link from the front desk) follows this one rule.
"""

from __future__ import annotations

from datetime import datetime

from bot.core.dates import same_treatment


def corrects_last(last_session_at: datetime | None, noted: datetime) -> bool:
    """Whether `noted` corrects the last recorded session (True) or adds a new one."""
    return last_session_at is not None and same_treatment(last_session_at, noted)
