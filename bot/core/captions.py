"""Photo captions: read for warning signs like any message, answered only when they ask.

A caption such as "this is day 4" describes the photo; answering it as if it were a
question ("is flaking normal?") would read as a verdict on a photo the bot cannot see.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

# A clause that opens with one of these asks something ("is it normal", "can I ...").
_OPENERS = frozenset(
    """how what whats why when where which who can could is are am do does did should
    shall will would was were has have any anyone""".split()
)
# A question asked mid-sentence: "day 4, is this normal", "flaking so much should I worry".
_ASKING_VERBS = frozenset("is are does do did should can could will would".split())
_SUBJECTS = frozenset("this that it its these those i my he she they".split())


def is_question(raw: str, clauses: Sequence[Sequence[str]]) -> bool:
    """Whether a caption (raw text and its normalised clauses) asks something."""
    if "?" in raw:
        return True
    for clause in clauses:
        if clause and clause[0] in _OPENERS:
            return True
        if any(v in _ASKING_VERBS and s in _SUBJECTS for v, s in pairwise(clause)):
            return True
    return False
