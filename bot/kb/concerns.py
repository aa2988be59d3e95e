"""`concerns.yaml`: clients' own words for skin going wrong, which make the bot ask first."""

from __future__ import annotations

from bot.core.course import CAME_BACK
from bot.core.knowledge import Concern, Concerns
from bot.kb.fields import read_entry
from bot.kb.reading import Node, Reader, entry_name
from bot.kb.schema import CONCERN, CONCERNS


def read_concerns(reader: Reader, root: Node, sign_ids: set[str]) -> Concerns:
    """The concern tier; `escalate_to` must name one of `sign_ids`, and the concern the
    core raises for a relapse (`CAME_BACK`) must be there."""
    top = read_entry(reader, root, CONCERNS, reader.name)
    if top is None:
        return Concerns()
    escalate_to = top.text("escalate_to")
    if escalate_to and escalate_to not in sign_ids:
        reader.problem(
            top.line("escalate_to"), f"escalate_to: unknown warning sign '{escalate_to}'"
        )
    listed = top.value("concerns")
    concerns = []
    for node in listed.value if isinstance(listed, Node) else []:
        entry = read_entry(reader, node, CONCERN, entry_name(node, CONCERN.what))
        if entry is None:
            continue
        after, normal_for, when_asked = (
            entry.value(name) for name in ("after_days", "normal_for_days", "when_asked")
        )
        concerns.append(
            Concern(
                id=entry.text("id"),
                title=entry.text("title"),
                phrases=entry.texts("phrases"),
                unless=entry.texts("unless"),
                after_days=after if isinstance(after, int) else None,
                normal_for_days=normal_for if isinstance(normal_for, int) else None,
                when_asked=when_asked is not False,
                any_treatment=entry.value("any_treatment") is True,
                file=reader.name,
                line=node.line,
            )
        )
    if isinstance(listed, Node) and not any(c.id == CAME_BACK for c in concerns):
        reader.problem(
            listed.line,
            f"no concern '{CAME_BACK}': the bot raises it when swelling, redness or warmth "
            "comes back or lingers; add it back",
        )
    return Concerns(tuple(concerns), escalate_to, top.texts("risk_words"))
