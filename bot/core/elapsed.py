"""How long ago the session was, as a client's message tells it ("day 5", "a week later").

Triage weighs a sign or a concern by the days since the session: redness on day 0 is
normal, on day 5 it is not. The message's own words count, as does the client's record.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.core.numbers import NUMBER_WORDS

# "a few days" and "a couple of days" are read as the days they most likely mean.
_NUMBERS = {**NUMBER_WORDS, "couple": 2, "few": 3, "several": 3}
_NUMBER = r"(\d{1,3}|" + "|".join(_NUMBERS) + r")"
_SPAN = re.compile(
    r"\b"
    + _NUMBER
    + r"\s+(?:of\s+)?(?:full\s+|whole\s+|good\s+|entire\s+)?"
    + r"(days?|weeks?|wks?|fortnights?|months?|hours?|hrs?|nights?|mornings?)\b"
)
_DAY_N = re.compile(r"\bday\s+" + _NUMBER + r"\b")
_UNIT_DAYS = {
    "day": 1,
    "night": 1,
    "morning": 1,
    "week": 7,
    "wk": 7,
    "fortnight": 14,
    "month": 30,
    "hour": 1 / 24,
    "hr": 1 / 24,
}
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday"
# "last thursday" is at least a couple of days ago; 3 keeps lasting-redness checks conservative.
_PHRASE_DAYS = {
    "yesterday": 1,
    "next day": 1,
    "next morning": 1,
    "next evening": 1,
    "last night": 1,
    "the day after": 1,
    "last week": 7,
    "weeks later": 14,
    "weeks after": 14,
    "months later": 60,
    "months after": 60,
    # The session itself, the numbing wearing off and "just had it done": day 0.
    "during the treatment": 0,
    "during treatment": 0,
    "during the session": 0,
    "during the procedure": 0,
    "numbing wore off": 0,
    "numbing wears off": 0,
    "numbing worn off": 0,
    "just had it done": 0,
    **{f"last {day}": 3 for day in _WEEKDAYS.split()},
}
_PHRASES = {phrase: re.compile(rf"\b{phrase}\b") for phrase in _PHRASE_DAYS}


def days_mentioned(words: Sequence[str]) -> float | None:
    """The longest time since treatment the message speaks of, in days, if any."""
    flat = " ".join(words)
    found: list[float] = []
    for amount, unit in _SPAN.findall(flat):
        count = int(amount) if amount.isdigit() else _NUMBERS[amount]
        found.append(count * _UNIT_DAYS[unit.rstrip("s")])
    for amount in _DAY_N.findall(flat):
        found.append(int(amount) if amount.isdigit() else _NUMBERS[amount])
    for phrase, pattern in _PHRASES.items():
        if pattern.search(flat):
            found.append(_PHRASE_DAYS[phrase])
    return max(found) if found else None
