"""Numbers and spans of time as clients write them ("two days ago", "a couple of weeks"),
stated once for session dates (`bot.core.dates`) and triage (`bot.core.elapsed`)."""

from __future__ import annotations

NUMBER_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
# "the third day", "the 3rd day": which day of the course.
ORDINAL_WORDS: dict[str, int] = {
    word: number
    for number, word in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth".split(), start=1
    )
}
ORDINAL = r"(\d{1,3}(?:st|nd|rd|th)|" + "|".join(ORDINAL_WORDS) + r")"
# "a few days" and "a couple of days" are read as the days they most likely mean.
COUNT_WORDS: dict[str, int] = {**NUMBER_WORDS, "couple": 2, "few": 3, "several": 3}
# A count of units, as a regular-expression group: "3", "three", "a", "couple".
COUNT = r"(\d{1,3}|" + "|".join(COUNT_WORDS) + r")"
# Each unit of time (singular) in days, and the units as a group ("days", "wks", "nights").
UNIT_DAYS: dict[str, float] = {
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
UNIT = r"(" + "|".join(f"{unit}s?" for unit in UNIT_DAYS) + r")"


def count(amount: str) -> int:
    """A count as a number: "3" is 3, "a couple" is 2."""
    return int(amount) if amount.isdigit() else COUNT_WORDS[amount]


def ordinal(word: str) -> int:
    """An ordinal as a number: "3rd" and "third" are 3."""
    return ORDINAL_WORDS[word] if word in ORDINAL_WORDS else int(word[:-2])


def unit_of(word: str) -> str:
    """A unit's singular, the key of UNIT_DAYS: "nights" is "night"."""
    return word if word in UNIT_DAYS else word.removesuffix("s")
