"""A comparison with another side, session or person is not a change for the worse.

"Redder today" or "redder than yesterday" says the skin got worse: a warning sign. "Redder
than the other side" or "redder than after my first session" only compares, and the skin
is judged by what it is (red, on the day it is). So a comparative that is measured against
something other than an earlier time is read as its plain word ("red"); one measured
against a time, or against nothing named, stays a change (when unsure, a change).
"""

from __future__ import annotations

from collections.abc import Sequence

# Comparatives of the symptoms triage reads, and their plain words.
_PLAIN = {
    "redder": "red",
    "pinker": "pink",
    "worse": "bad",
    "bigger": "big",
    "hotter": "hot",
    "warmer": "warm",
    "darker": "dark",
    "puffier": "puffy",
    "sorer": "sore",
    "itchier": "itchy",
    "angrier": "angry",
    "blotchier": "blotchy",
    "lumpier": "lumpy",
    "bumpier": "bumpy",
    "drier": "dry",
    "tighter": "tight",
}
# "more swollen", "a lot more painful": "more" makes the comparative.
_MORE = frozenset({"more"})
# After "than": another place, session or person...
_OTHER = frozenset(
    """other side sides rest half left right cheek cheeks forehead chin nose neck jaw
    jawline lip lips eye eyes temple temples area areas spot one ones first second third
    previous last time session sessions treatment treatments friend friends sister
    sisters mum mom hers his theirs mine yours expected expecting thought imagined
    feared""".split()
)
# (or what was expected: "worse than I expected" says how bad, not that it changed)
# ...unless it names an earlier time, or the whole course so far ("than ever", "than at any
# point"), when the comparison is a change after all.
_TIME = frozenset(
    """yesterday earlier before ago was were then today tonight morning night evening
    afternoon day days hour hours week weeks when it started start beginning ever yet
    previously initially originally""".split()
)
# Words that make "right" or an ordinal a time: "right after", "last night", "the first day",
# "at first", "at any point", "so far".
_ORDINALS = frozenset("first second third previous last other".split())
_TIME_AFTER = (
    {"right": frozenset({"after", "before", "away", "now"})}
    | dict.fromkeys(_ORDINALS, _TIME)
    | {"any": frozenset({"point", "time", "stage", "moment"})}
    | {"so": frozenset({"far"}), "at": frozenset({"first"})}
)
_REACH = 6  # words after "than" that say what is compared
# "Worse for my skin": how harmful something is to the skin, not the skin getting worse.
_HARM_FOR = {("for", whose, part) for whose in ("my", "your", "the") for part in ("skin", "face")}


def _against_other(after: Sequence[str]) -> bool:
    """Whether the words after "than" name another place, session or person before any
    time ("than the right tonight": the right side; "than it was this morning": a time)."""
    words = list(after[:_REACH])
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        if word in _TIME or following in _TIME_AFTER.get(word, ()):
            return False
        if word in _OTHER:
            return True
    return False


def level(words: Sequence[str]) -> list[str]:
    """The clause with comparisons to another side, session or person read as plain words
    ("redder than the other side" -> "red than the other side")."""
    result = list(words)
    for at, word in enumerate(words):
        if word in _PLAIN and tuple(words[at + 1 : at + 4]) in _HARM_FOR:
            result[at] = _PLAIN[word]  # "is UV worse for my skin now": how harmful, not a change
            continue
        if word != "than" or at == 0 or not _against_other(words[at + 1 :]):
            continue
        before = at - 1
        if words[before] in _PLAIN:
            result[before] = _PLAIN[words[before]]
        elif before > 0 and words[before - 1] in _MORE:
            result[before - 1] = "much"  # "more swollen than the left" -> "much swollen"
    return result
