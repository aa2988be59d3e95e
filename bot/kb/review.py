"""What `kb check` looks at beyond loading: answers that could mislead, and questions
marked as not covered that a topic would answer anyway.

Loading (and the live reload) refuses a broken knowledge folder; this review runs the
answering core over the loaded one, so it is only part of `kb check`.
"""

from __future__ import annotations

import re

from bot.core.assistant import Assistant
from bot.core.knowledge import KnowledgeBase
from bot.core.matcher import content_stems
from bot.core.reply import ANSWER
from bot.kb.reading import Problem

# An answer is read after many different questions: a bare "Yes" belongs to one of them.
_BARE_YES_NO = re.compile(r"^\W*(yes|no|yep|yeah|nope|sure|absolutely|definitely)\b", re.I)
# About 15 lines on a phone: the first two should say the essential thing.
PHONE_SCREEN = 600


def answer_warnings(kb: KnowledgeBase) -> list[Problem]:
    """Answers that open with a bare yes or no, or do not fit a phone screen."""
    warnings = []
    for topic in kb.topics:
        opener = _BARE_YES_NO.match(topic.answer)
        if opener:
            warnings.append(
                Problem(
                    topic.file,
                    topic.line,
                    f"topic '{topic.id}': the answer opens with '{opener[1]}', which fits one "
                    "way of asking and not the others; start with the fact itself",
                    warning=True,
                )
            )
        if len(topic.answer) > PHONE_SCREEN:
            warnings.append(
                Problem(
                    topic.file,
                    topic.line,
                    f"topic '{topic.id}': the answer is {len(topic.answer)} characters; keep it "
                    f"under {PHONE_SCREEN} (one phone screen), the essential thing first",
                    warning=True,
                )
            )
    return warnings


def not_covered_answered(kb: KnowledgeBase) -> list[Problem]:
    """Questions in not-covered.yaml that a topic answers all the same, or that ask what a
    topic's own question asks (the same meaningful words, however spelt)."""
    assistant = Assistant(kb)

    def meaning(text: str) -> frozenset[str]:
        return frozenset(content_stems(assistant.normalizer.words(text)))

    asked = {meaning(q): (t.id, q) for t in kb.topics for q in t.questions}
    problems = []
    for example in kb.not_covered:
        reply = assistant.respond(example.text)
        same = asked.get(meaning(example.text))
        if reply.kind == ANSWER:
            why = f"topic '{reply.topic}' answers it"
        elif same is not None:
            why = f"topic '{same[0]}' asks the same: '{same[1]}'"
        else:
            continue
        problems.append(
            Problem(
                example.file,
                example.line,
                f"'{example.text}' is marked as not covered, but {why}: remove it here, "
                "or move it to that topic's questions",
            )
        )
    return problems
