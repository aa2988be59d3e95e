"""`checkins.yaml`: the messages sent by themselves after each session, and their buttons."""

from __future__ import annotations

from datetime import time, timedelta

from bot.core.knowledge import Checkin, CheckinResponse
from bot.core.limits import MAX_MESSAGE_LENGTH
from bot.core.schedule import TIME_WORDS, part_of_day, time_words
from bot.kb.fields import Entry, read_entry
from bot.kb.reading import Node, Reader, entry_name
from bot.kb.schema import CHECKIN, CHECKINS_FILE, RESPONSE
from bot.kb.sources import cited_sources


def read_checkins(
    reader: Reader, root: Node, known: dict[str, set[str]]
) -> tuple[list[Checkin], list[CheckinResponse]]:
    """The check-in plan; `known` holds the ids of sources, topics and signs it may name."""
    top = read_entry(reader, root, CHECKINS_FILE, reader.name)
    if top is None:
        return [], []
    named = top.value("responses")
    responses = _read_responses(reader, named, known) if isinstance(named, Node) else []
    response_ids = {r.id for r in responses}
    checkins = []
    listed = top.value("checkins")
    for node in listed.value if isinstance(listed, Node) else []:
        what = entry_name(node, CHECKIN.what)
        entry = read_entry(reader, node, CHECKIN, what)
        if entry is None:
            continue
        buttons = entry.items("buttons")
        for button, line in buttons:
            if button not in response_ids:
                reader.problem(line, f"{what}: unknown button '{button}' (see responses:)")
        message = entry.text("message")
        if len(message) > MAX_MESSAGE_LENGTH:
            reader.problem(
                node.line, f"{what}: the message is over {MAX_MESSAGE_LENGTH} characters"
            )
        after, at = entry.value("after"), entry.value("at")
        at = at if isinstance(at, time) else None
        if message:
            _check_words(reader, entry, what, message, at)
        checkins.append(
            Checkin(
                id=entry.text("id"),
                after=after if isinstance(after, timedelta) else timedelta(0),
                message=message,
                buttons=tuple(b for b, _ in buttons),
                sources=cited_sources(reader, entry, what, known["sources"]),
                line=node.line,
                at=at,
            )
        )
    return checkins, responses


def _check_words(reader: Reader, entry: Entry, what: str, message: str, at: time | None) -> None:
    """No fixed "this evening" unless the check-in's `at` is in the evening: {this_part_of_day}
    and {greeting} follow the hour instead (any other placeholder is a figure, checked before)."""
    line = entry.line("message") + (1 if entry.nodes["message"].block else 0)
    for phrase in dict.fromkeys(time_words(message)):
        if at is None:
            reader.problem(
                line,
                f"{what}: '{phrase}' fits only some hours, and check-ins go at any hour: write "
                "{this_part_of_day} or {greeting} instead (they follow the hour), "
                "or give the check-in a time with at:",
            )
        elif part_of_day(at) not in TIME_WORDS[phrase]:
            reader.problem(
                line,
                f"{what}: says '{phrase}' but goes at {at:%H:%M} ({part_of_day(at)}): "
                "change the words or the time",
            )


def _read_responses(
    reader: Reader, named: Node, known: dict[str, set[str]]
) -> list[CheckinResponse]:
    responses = []
    for response_id, node in named.value.items():
        what = f"response '{response_id}'"
        entry = read_entry(reader, node, RESPONSE, what)
        if entry is None:
            continue
        after = entry.value("escalate_after_days")
        response = CheckinResponse(
            id=str(response_id),
            label=entry.text("label"),
            reply=entry.text("reply"),
            answer=entry.text("answer"),
            sign=entry.text("sign"),
            escalate_after_days=after if isinstance(after, int) else None,
        )
        if not (response.reply or response.answer or response.sign):
            reader.problem(node.line, f"{what}: needs a reply, an answer or a sign")
        if response.answer and response.answer not in known["topics"]:
            reader.problem(entry.line("answer"), f"{what}: unknown topic '{response.answer}'")
        if response.sign and response.sign not in known["signs"]:
            reader.problem(entry.line("sign"), f"{what}: unknown warning sign '{response.sign}'")
        responses.append(response)
    return responses
