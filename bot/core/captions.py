"""Photo captions: read for warning signs like any message, answered only when they ask.

A caption such as "this is day 4" describes the photo; answering it as if it were a
question ("is flaking normal?") would read as a verdict on a photo the bot cannot see.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from bot.core.subject import opens_question
from bot.core.subject_words import SUBJECTS

# A question asked mid-sentence: "day 4, is this normal", "flaking so much should I worry".
_ASKING_VERBS = frozenset("is are am does do did should can could will would".split())


def is_question(raw: str, clauses: Sequence[Sequence[str]]) -> bool:
    """Whether a caption (raw text and its normalised clauses) asks something: a question
    mark, a clause that opens as a question (`bot.core.subject`), or one asked mid-clause."""
    if "?" in raw:
        return True
    return any(
        opens_question(clause, marked=False)
        or any(v in _ASKING_VERBS and s in SUBJECTS for v, s in pairwise(clause))
        for clause in clauses
    )
