"""How long ago the session was, as a client's message tells it ("day 5", "a week later").

Triage weighs a sign or a concern by the days since the session: redness on day 0 is
normal, on day 5 it is not. The message's own words count, as does the client's record;
a message that says when the session was ("had my second session today") outweighs it.
The core has no clock, so a weekday counts only against the message's own "today": "had
it on Monday, it's Sunday now" is 6 days; a session weekday alone is at least a day ago.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.core.dates import WEEKDAYS
from bot.core.numbers import COUNT, ORDINAL, UNIT, UNIT_DAYS, count, ordinal, unit_of

_SPAN = re.compile(
    r"(\b(?:in|next)\s+(?:a\s+|the\s+(?:next\s+)?)?)?\b"
    + COUNT
    + r"\s+(?:of\s+)?(?:full\s+|whole\s+|good\s+|entire\s+|more\s+)?"
    + UNIT
    + r"\b(\s+(?:before|until|till|away|apart|to go|from now|time)\b)?"
)
# A product put on the skin: hours then count from it, not from the session
# ("put on the serum and within ten minutes it was burning, an hour later it still is").
_APPLIED = re.compile(
    r"\b(?:put|putting|applied|applying|apply|used|using|rubbed)\b(?:\s+\w+){0,4}?\s+"
    r"(?:serum|cream|balm|moisturiser|lotion|oil|gel|mask|toner|product|sunscreen|makeup"
    r"|ointment)s?\b"
)
_HOURS = frozenset({"hour", "hr"})
_DAY_N = re.compile(r"\bday\s+" + COUNT + r"\b")
_NTH_DAY = re.compile(r"\b" + ORDINAL + r"\s+day\b")  # "the third day", "my 5th day"
# How long something lasted ("red for a week"), not how long ago the session was.
_DURATION = frozenset({"for"})
# "A day" is time since the session only beside these: "a week later", "it's been a week"
# (not "after a day at the beach").
_SINCE_AFTER = frozenset("later after ago since post on out".split())
_SINCE_BEFORE = frozenset("been about around over nearly almost past least than its after".split())
_ACTIVITY = frozenset("in at of with".split())
_ARTICLES = frozenset({"a", "an"})
_FULL_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday"
_WEEKDAY_NAMES = _FULL_WEEKDAYS.replace(" ", "|")
# Time still to come ("in a fortnight", "two weeks away", "next thursday", "is on friday").
_AHEAD = re.compile(
    "|".join(
        (
            rf"\b(?:in|next)\s+(?:a\s+|the\s+(?:next\s+)?)?{COUNT}\s+(?:of\s+)?{UNIT}\b",
            rf"\b{COUNT}\s+(?:of\s+)?{UNIT}\s+(?:away|to go|from now|time)\b",
            rf"\b(?:next|this coming|coming)\s+(?:week|month|weekend|{_WEEKDAY_NAMES})\b",
            rf"\bis\s+(?:on\s+)?(?:this\s+)?(?:{_WEEKDAY_NAMES})\b",
            r"\btomorrow\b",
        )
    )
)
# "last thursday" is at least a couple of days ago; 3 keeps lasting-redness checks conservative.
_PHRASE_DAYS = {
    "yesterday": 1,
    "next day": 1,
    "next morning": 1,
    "next evening": 1,
    "morning after": 1,
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
    "right after": 0,
    "straight after": 0,
    **{f"last {day}": 3 for day in _FULL_WEEKDAYS.split()},
}
_PHRASES = {phrase: re.compile(rf"\b{phrase}\b") for phrase in _PHRASE_DAYS}
# A clause saying the session was today: "had it done this morning", "microneedled today",
# "my second session today".
_TODAY_SESSION = re.compile(
    r"\b(?:had it|had it done|done|microneedled|needled|had microneedling|my session was"
    r"|my treatment was|my appointment was|session|treatment)\s+(?:this morning"
    r"|this afternoon|earlier today|today)\b"
)
# A clause saying how long ago the session was: "had it done 2 days ago", "my last
# treatment was yesterday" (not "red for 2 days", which dates the redness).
_SESSION = re.compile(
    r"\b(?:had it|got it done|microneedled|needled|microneedling|session|treatment"
    r"|appointment|procedure)\b"
)
_AGO = re.compile(r"\b(?:ago|yesterday|last night)\b")
# A weekday: any full name; a short one ("sat", "weds") only where a day must stand.
_ANY_DAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_DAY = rf"(?:{_WEEKDAY_NAMES}|(?<=since )(?:{_ANY_DAY})|(?<=on )(?:{_ANY_DAY}))"
# ...not one still to come: "next friday", "this coming monday", "my session is on friday".
_COMING = r"(?<!next )(?<!coming )(?<!\bis on )"
_WEEKDAY = re.compile(rf"\b{_COMING}({_DAY})s?\b")
# The message's own today: "it's Sunday now", "today is Friday", "now it's Monday".
_TODAY = re.compile(
    rf"\b(?:its|it is|today is|today its|today|now its|now it is)\s+(?:a\s+)?({_DAY})\b"
    rf"|\b({_DAY})\s+now\b"
)
# A weekday the session fell on: "had it done on Monday", "since Monday", "Monday's session".
_SESSION_DAY = re.compile(
    rf"\bsince\s+({_DAY})\b|\b{_COMING}({_DAY})s?\s+(?:session|treatment|appointment|microneedling)\b"
    r"|\b(?:had|done|did|got)\s+(?:it|it done|my \w+|microneedling|the \w+)?\s*(?:on\s+)?"
    rf"({_DAY})\b"
)


def _weekday(name: str) -> int:
    return WEEKDAYS[name] if name in WEEKDAYS else WEEKDAYS[name.rstrip("s")]


def _weekday_days(flat: str) -> float | None:
    """Days from a weekday named as the session's to the message's own today, if given;
    else at least one for a weekday the session fell on (it was not today)."""
    today = _TODAY.search(flat)
    if today is not None:
        now = _weekday(today.group(1) or today.group(2))
        others = [
            (now - _weekday(m.group(1))) % 7 or 7
            for m in _WEEKDAY.finditer(flat)
            if not today.start() <= m.start() < today.end()
        ]
        if others:
            return float(max(others))
    return 1.0 if _SESSION_DAY.search(flat) else None


def _day_numbers(flat: str) -> list[int]:
    """The days of the course the text names: "day 5", "the third day"."""
    numbers = [count(n) for n in _DAY_N.findall(flat)]
    return numbers + [ordinal(n) for n in _NTH_DAY.findall(flat)]


def ahead(words: Sequence[str]) -> bool:
    """Whether the words name a time still to come ("in a fortnight", "next thursday")."""
    return _AHEAD.search(" ".join(words)) is not None


def dates_session(clauses: Sequence[Sequence[str]]) -> bool:
    """Whether the message says when the session was ("got microneedled this morning",
    "had it done 2 days ago"): then its days are this session's, whatever a record says."""
    for clause in clauses:
        flat = " ".join(clause)
        if _TODAY_SESSION.search(flat) or (_SESSION.search(flat) and _AGO.search(flat)):
            return True
    return False


def _since(flat: str, match: re.Match[str], amount: str) -> bool:
    """Whether a span of days says how long ago the session was: not how long something
    lasted ("for a week") nor "a day" of something else ("after a day at the beach")."""
    before = flat[: match.start()].split()[-1:]
    after = flat[match.end() :].split()[:1]
    if before and before[0] in _DURATION:
        return False
    if amount not in _ARTICLES or (after and after[0] in _SINCE_AFTER):
        return True
    return bool(before) and before[0] in _SINCE_BEFORE and not (after and after[0] in _ACTIVITY)


def days_mentioned(
    words: Sequence[str], clauses: Sequence[Sequence[str]] = (), *, since: bool = False
) -> float | None:
    """The longest time since treatment the message speaks of, in days, if any.

    Time to come ("in 3 days", "2 days before my appointment") is not time since. A clause
    saying the session was today ("got microneedled this morning", one of
    `clauses`) makes it day 0, whatever else the message counts ("after a day at the beach")
    but an explicit "day 5". `since`: only time since the session, no durations ("red for
    a week") or "a day" of something else: what makes a question the asker's own course.
    """
    flat = " ".join(words)
    if any(_TODAY_SESSION.search(" ".join(clause)) for clause in clauses):
        # Only an explicit "day 5" still counts (when unsure, the later day).
        return float(max(_day_numbers(flat), default=0))
    found: list[float] = []
    applied = _APPLIED.search(flat) is not None
    for match in _SPAN.finditer(flat):
        ahead, amount, unit, until = match.groups()
        if ahead or until or (since and not _since(flat, match, amount)):
            continue
        if applied and unit_of(unit) in _HOURS:
            continue  # hours since the product went on
        found.append(count(amount) * UNIT_DAYS[unit_of(unit)])
    found.extend(float(n) for n in _day_numbers(flat))
    for phrase, pattern in _PHRASES.items():
        if pattern.search(flat):
            found.append(_PHRASE_DAYS[phrase])
    weekday = _weekday_days(flat)
    if weekday is not None:
        found.append(weekday)
    return max(found) if found else None


def session_days(
    words: Sequence[str], clauses: Sequence[Sequence[str]], recorded: float | None
) -> float | None:
    """The days since the session, for triage: the message's or the `recorded` ones, the
    longer, unless the message says when the session was ("had my second session today")."""
    mentioned = days_mentioned(words, clauses)
    if mentioned is not None and dates_session(clauses):
        return mentioned
    known = [d for d in (mentioned, recorded) if d is not None]
    return max(known) if known else None
