"""Treatment dates as clients type them ("20 Nov", "3 days ago"), and as the bot says them.

Pure functions of the text, the current moment and the clinic's time zone. A day given
without a time means 12:00 local that day, but never later than now, so "today" is now.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo

from bot.core.numbers import COUNT, UNIT, UNIT_DAYS, count, unit_of

NOON = time(12)
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
WEEKDAYS = {
    name: number
    for number, names in enumerate(
        (
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sunday",),  # not "sun": a client asking about the sun is not naming a day
        )
    )
    for name in names
}
TODAY_WORDS = frozenset(
    {"today", "this morning", "this afternoon", "this evening", "tonight", "earlier today"}
)
YESTERDAY_WORDS = frozenset(
    {"yesterday", "last night", "yesterday morning", "yesterday afternoon", "yesterday evening"}
)

# Words around a date that do not change it: "it was on the 20th of Nov I think".
_LEADING = re.compile(
    r"^(?:(?:my|the)\s+)?(?:last\s+)?(?:treatment|session|appointment)\s+(?:was\s+)?"
    r"|^(?:i\s+)?had\s+(?:it|my\s+(?:treatment|session))\s+"
    r"|^(?:it\s+)?was\s+|^on\s+|^about\s+|^around\s+|^roughly\s+|^approx(?:imately|\.)?\s+"
)
_TRAILING = re.compile(r"\s+(?:i\s+think|i\s+guess|maybe|probably)$")
# "3 days ago", "a couple of weeks ago", "a fortnight ago": read as in a message.
_AGO = re.compile(r"^(?:a\s+)?" + COUNT + r"\s+(?:of\s+)?" + UNIT + r"\s+ago$")
_ISO = re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})$")
_NUMERIC = re.compile(r"^(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})(?:[/.-](?P<y>\d{2}|\d{4}))?$")
_ORDINAL = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_MONTH = r"(?P<m>[a-z]+)\.?"
_YEAR = r"(?:,?\s+'?(?P<y>\d{4}|\d{2}))?"
_DAY_MONTH = re.compile(rf"^(?:the\s+)?{_ORDINAL}(?:\s+of)?\s+{_MONTH}{_YEAR}$")
_MONTH_DAY = re.compile(rf"^{_MONTH}\s+(?:the\s+)?{_ORDINAL}{_YEAR}$")
_WEEKDAY = re.compile(r"^(?P<last>last\s+)?(?P<w>[a-z]+)$")
_DAY_ONLY = re.compile(r"^(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)$")  # "the 20th"
# Sessions of a course are weeks apart: a date this close to the last one corrects it.
SAME_TREATMENT = timedelta(days=14)


def parse_session_date(text: str, now: datetime, tz: tzinfo) -> datetime | None:
    """When the treatment was, if `text` is only a date; None for anything else.

    Dates after today are returned as they are: the caller tells the client (see
    `is_future`). A day and month without a year take the year that puts them nearest
    to today, so "28 Dec" typed on 3 January means last December.
    """
    phrase = _clean(text)
    if not phrase:
        return None
    today = now.astimezone(tz).date()
    if phrase in {"now", "just now", "just had it"}:
        return now
    if phrase in TODAY_WORDS:
        return _at_noon(today, now, tz)
    if phrase in YESTERDAY_WORDS:
        return _at_noon(today - timedelta(days=1), now, tz)
    if phrase == "the day before yesterday":
        return _at_noon(today - timedelta(days=2), now, tz)
    if match := _AGO.match(phrase):
        return _ago(count(match[1]), unit_of(match[2]), now, tz)
    day = _calendar_day(phrase, today)
    return _at_noon(day, now, tz) if day is not None else None


_TIME_OF_DAY = re.compile(r"^(?P<day>.*?)\s*(?:at\s+)?(?P<h>\d{1,2})[:.](?P<m>\d{2})$")


def parse_session_moment(text: str, now: datetime, tz: tzinfo) -> datetime | None:
    """A treatment day with an optional time: "2026-11-20 14:30", "today 9:15", "20 Nov".

    A date alone is read first, so "20.11" is 20 November, not 20:11 today.
    """
    day_only = parse_session_date(text, now, tz)
    if day_only is not None:
        return day_only
    match = _TIME_OF_DAY.match(text.strip())
    if match is None:
        return None
    hour, minute = int(match["h"]), int(match["m"])
    if hour > 23 or minute > 59:
        return None
    day_text = match["day"].strip() or "today"
    day = parse_session_date(day_text, now, tz) if day_text != "today" else now
    if day is None:
        return None
    local = day.astimezone(tz).replace(hour=hour, minute=minute, second=0, microsecond=0)
    return local.astimezone(now.tzinfo)


def noon_days_ago(days: int, now: datetime, tz: tzinfo) -> datetime:
    """12:00 local `days` days before today (never later than now): the "Yesterday" button."""
    return _at_noon(now.astimezone(tz).date() - timedelta(days=days), now, tz)


def is_future(moment: datetime, now: datetime) -> bool:
    """A treatment cannot be after now."""
    return moment > now


def describe_day(moment: datetime, now: datetime, tz: tzinfo) -> str:
    """'Friday 20 November 2026 (3 days ago)', in the clinic's time zone."""
    day, today = moment.astimezone(tz).date(), now.astimezone(tz).date()
    label = f"{day:%A} {day.day} {day:%B %Y}"
    days = (today - day).days
    if days == 0:
        return f"{label} (today)"
    if days == 1:
        return f"{label} (yesterday)"
    if days > 1:
        return f"{label} ({days} days ago)"
    return label


def same_treatment(recorded: datetime, typed: datetime) -> bool:
    """Whether a typed date is a correction of a recorded treatment rather than a new one."""
    return abs(typed - recorded) < SAME_TREATMENT


def days_between(earlier: datetime, later: datetime) -> float:
    """Fractional days from `earlier` to `later`, as the core's `days_since_session`."""
    return (later - earlier).total_seconds() / 86400


def _clean(text: str) -> str:
    phrase = " ".join(text.lower().replace("’", "'").split()).strip(" .!?,;:")
    for _ in range(4):  # "it was on the 20th" needs several passes
        shorter = _TRAILING.sub("", _LEADING.sub("", phrase)).strip(" .!?,;:")
        if shorter == phrase:
            break
        phrase = shorter
    return phrase


def _at_noon(day: date, now: datetime, tz: tzinfo) -> datetime:
    """12:00 local on `day`; today that is not later than now (later days stay in the future)."""
    noon = datetime.combine(day, NOON, tzinfo=tz)
    return min(noon, now) if day <= now.astimezone(tz).date() else noon


def _ago(amount: int, unit: str, now: datetime, tz: tzinfo) -> datetime | None:
    """`amount` units before now: hours exactly, months by the calendar, else whole days."""
    if unit in {"hour", "hr"}:
        return now - timedelta(hours=amount)
    today = now.astimezone(tz).date()
    if unit == "month":
        month_index = today.year * 12 + today.month - 1 - amount
        year, month = divmod(month_index, 12)
        day = _valid_date(year, month + 1, today.day) or _valid_date(year, month + 1, 28)
    else:
        day = today - timedelta(days=amount * UNIT_DAYS[unit])
    return _at_noon(day, now, tz) if day is not None else None


def _calendar_day(phrase: str, today: date) -> date | None:
    if match := _ISO.match(phrase):
        return _valid_date(int(match["y"]), int(match["m"]), int(match["d"]))
    if match := _NUMERIC.match(phrase):
        first, second = int(match["a"]), int(match["b"])
        year = _full_year(match["y"])
        # Day first, as clinics outside the US write it; month first only if that cannot be.
        for day, month in ((first, second), (second, first)):
            if 1 <= month <= 12 and 1 <= day <= 31:
                return _with_year(day, month, year, today)
        return None
    match = _DAY_MONTH.match(phrase) or _MONTH_DAY.match(phrase)
    if match and match["m"] in MONTHS:
        return _with_year(int(match["d"]), MONTHS[match["m"]], _full_year(match["y"]), today)
    if match := _DAY_ONLY.match(phrase):
        return _last_day_numbered(int(match["d"]), today)
    if (match := _WEEKDAY.match(phrase)) and match["w"] in WEEKDAYS:
        back = (today.weekday() - WEEKDAYS[match["w"]]) % 7
        if back == 0 and match["last"]:
            back = 7
        return today - timedelta(days=back)
    return None


def _last_day_numbered(day: int, today: date) -> date | None:
    """The latest date on or before today with this day of the month: this month's, else
    the last month that has it ("the 31st" typed on 10 March is 31 January)."""
    if not 1 <= day <= 31:
        return None
    first = date(today.year, today.month, 1)
    for _ in range(3):  # a 31st is at most two months back
        found = _valid_date(first.year, first.month, day)
        if found is not None and found <= today:
            return found
        first = (first - timedelta(days=1)).replace(day=1)
    return None


def _full_year(raw: str | None) -> int | None:
    if raw is None:
        return None
    return int(raw) + 2000 if len(raw) == 2 else int(raw)


def _with_year(day: int, month: int, year: int | None, today: date) -> date | None:
    if year is not None:
        return _valid_date(year, month, day)
    candidates = [
        found
        for found in (_valid_date(today.year + shift, month, day) for shift in (-1, 0, 1))
        if found is not None
    ]
    return min(candidates, key=lambda found: abs((found - today).days), default=None)


def _valid_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
