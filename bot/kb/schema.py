"""The fields of every knowledge file, stated once for the checks and the guide.

Each `Shape` (`bot.kb.shape`) is one kind of entry (a topic, a warning sign, the clinic, ...):
where staff write it and its fields, each with a type (`kind`), whether it is required, and
what it means. `bot.kb.fields` checks a YAML entry against its shape; `fields_guide()` is the
field list in knowledge/README.md (a test keeps the two the same).
"""

from __future__ import annotations

from bot.core.knowledge import LEVELS
from bot.kb.shape import KINDS, MAX_TITLE_LENGTH, Field, Shape


def _id(meaning: str) -> Field:
    return Field("id", "id", True, meaning)


def _source(required: bool = True) -> Field:
    return Field("source", "texts", required, "one or more ids from `sources.yaml`")


QUIET_HOURS = Shape(
    "quiet_hours",
    "`quiet_hours:` in `clinic.yaml`",
    (
        Field("start", "time", True, "when the quiet hours begin"),
        Field("end", "time", True, "when they end (the next morning)"),
    ),
    "Quiet hours",
)
DIGEST = Shape(
    "digest",
    "`digest:` in `clinic.yaml`",
    (
        Field("at", "times", False, "when waiting questions go to the staff chat (default 17:00)"),
        Field("count", "count", False, "or as soon as this many are waiting (default 10)"),
    ),
    "Digest of unanswered questions",
)
CLINIC = Shape(
    "clinic",
    "`clinic.yaml`",
    (
        Field("name", "text", True, "the clinic's name, as clients know it"),
        Field("phone", "text", True, "the number clients ring with aftercare worries"),
        Field("hours", "text", True, "opening hours, as you would say them to a client"),
        Field("emergency_number", "text", True, "the local emergency number (999, 911, 112)"),
        Field("timezone", "timezone", False, "for check-in times and quiet hours (default UTC)"),
        Field(
            "quiet_hours", "section", False, "no check-ins are sent then (default 21:00 to 09:00)"
        ),
        Field(
            "language",
            "language",
            False,
            "the language the bot speaks (default `en`): see messages",
        ),
        Field("address", "text", False, "shown by /clinic"),
        Field("website", "text", False, "shown by /clinic"),
        Field("booking", "text", False, "where to book, shown by /clinic"),
        Field(
            "forward_photos", "bool", False, "clients' photos go to the staff chat (default false)"
        ),
        Field(
            "description",
            "text",
            False,
            "what people read about the bot before they press Start (512 characters at most)",
        ),
        Field(
            "short_description",
            "text",
            False,
            "on the bot's profile and when it is shared (120 characters at most)",
        ),
        Field(
            "digest",
            "section",
            False,
            "when unanswered questions go to the staff chat, gathered (see its own table)",
        ),
        Field(
            "conversation_ends_after",
            "offset",
            False,
            "a conversation with the clinic team ends after this long without a message "
            "(default 12h)",
        ),
        Field(
            "rules",
            "section",
            False,
            "the clinic's figures, like `makeup_after_hours: 48`: answers and check-ins write "
            "`{makeup_after_hours}` where the figure goes, so they always agree",
        ),
    ),
)
SOURCE = Shape(
    "source",
    "each entry of `sources:` in `sources.yaml`",
    (
        _id("what answers name this document by"),
        Field("title", "text", True, "the title, shown under every answer"),
        Field("document", "text", True, "where the document is"),
        Field("short", "text", False, "a short name for the source line under answers"),
    ),
)
TOPIC = Shape(
    "topic",
    "each entry of `topics:` in `topics/*.yaml`",
    (
        _id("a unique name for the topic"),
        Field(
            "title",
            "text",
            True,
            f"short, shown on buttons ({MAX_TITLE_LENGTH} characters at most)",
        ),
        Field("questions", "texts", True, "ways clients ask it (the more, the better)"),
        Field("answer", "text", True, "the answer, in the clinic's voice"),
        _source(),
        Field("keywords", "texts", False, "single words that point to this topic"),
        Field("parent", "text", False, "the id of the broader topic this one refines"),
    ),
)
WARNING_SIGN = Shape(
    "warning sign",
    "each entry of `warning_signs:` in `warning-signs.yaml`",
    (
        _id("a unique name for the sign"),
        Field("title", "text", True, "what the sign is, told to the client and staff"),
        Field("level", "choice", True, "how urgent", LEVELS),
        Field("phrases", "texts", True, "specific phrases clients use for it"),
        Field("advice", "text", True, "what to do now (the bot adds the clinic's details)"),
        _source(),
        Field("after_days", "days", False, "counts only this many days after a session"),
        Field("unless", "texts", False, "words that cancel a phrase when right next to it"),
        Field("any_treatment", "bool", False, "`true`: also after another treatment"),
    ),
)
CONCERNS = Shape(
    "concerns.yaml",
    "`concerns.yaml`",
    (
        Field("concerns", "list", True, "the concerns, each as below"),
        Field("escalate_to", "text", True, "the warning sign a Yes or Not sure escalates to"),
        Field("risk_words", "texts", False, "words of general questions about what can go wrong"),
    ),
    "Concerns",
)
CONCERN = Shape(
    "concern",
    "each entry of `concerns:` in `concerns.yaml`",
    (
        _id("a unique name, shown to staff"),
        Field("title", "text", True, "what the bot noticed, told to the client and staff"),
        Field("phrases", "texts", True, "clients' words for it, in the order they say them"),
        Field("unless", "texts", False, "words that cancel a phrase when right next to it"),
        Field("after_days", "days", False, "counts only this many days after a session"),
        Field("normal_for_days", "days", False, "does not count in these first days"),
        Field("when_asked", "bool", False, "`false`: not in a question (default true)"),
        Field("any_treatment", "bool", False, "`true`: also after another treatment"),
    ),
)
SMALL_TALK = Shape(
    "small talk",
    "each entry of `smalltalk:` in `smalltalk.yaml`",
    (
        _id("a unique name"),
        Field("phrases", "texts", True, "whole messages it answers (hi, thanks)"),
        Field("reply", "text", True, "the short reply"),
    ),
)
CHECKIN = Shape(
    "check-in",
    "each entry of `checkins:` in `checkins.yaml`",
    (
        _id("a unique name"),
        Field("after", "offset", True, "how long after the session it is sent"),
        Field(
            "message",
            "text",
            True,
            "what the client reads; {greeting} and {this_part_of_day} follow the hour",
        ),
        Field(
            "at",
            "time",
            False,
            "the local time it goes, the first day it can once `after` has passed",
        ),
        Field("buttons", "texts", False, "replies to tap: names from `responses:`"),
        _source(required=False),
    ),
)
RESPONSE = Shape(
    "response",
    "each entry of `responses:` in `checkins.yaml`",
    (
        Field("label", "text", True, "the button's text"),
        Field("reply", "text", False, "a short note sent back"),
        Field("answer", "text", False, "or: a topic id whose answer is sent"),
        Field("sign", "text", False, "or: a warning-sign id to escalate"),
        Field("escalate_after_days", "days", False, "escalate `sign` only from this day on"),
    ),
)
# The top level of the files that hold lists of entries.
SOURCES_FILE = Shape("sources.yaml", "", (Field("sources", "list", True, "the documents"),))
TOPICS_FILE = Shape("topics/*.yaml", "", (Field("topics", "list", True, "the topics"),))
SIGNS_FILE = Shape(
    "warning-signs.yaml", "", (Field("warning_signs", "list", True, "the warning signs"),)
)
SMALLTALK_FILE = Shape("smalltalk.yaml", "", (Field("smalltalk", "list", True, "the replies"),))
WORDS_FILE = Shape("words.yaml", "", (Field("replace", "pairs", True, "typed word: word to use"),))
CHECKINS_FILE = Shape(
    "checkins.yaml",
    "",
    (
        Field("checkins", "list", True, "the messages sent after each session"),
        Field("responses", "names", False, "what each button does"),
    ),
)

NOT_COVERED_FILE = Shape(
    "not-covered.yaml",
    "",
    (
        Field(
            "not_covered",
            "texts",
            True,
            "questions the bot must not answer from a topic: like these, it says it is not sure",
        ),
    ),
)

# The entries of the staff guide's field list, in its order.
GUIDE = (
    CLINIC,
    QUIET_HOURS,
    DIGEST,
    SOURCE,
    TOPIC,
    WARNING_SIGN,
    CONCERNS,
    CONCERN,
    SMALL_TALK,
    CHECKIN,
    RESPONSE,
)


def fields_guide() -> str:
    """The field list of knowledge/README.md, as Markdown tables."""
    parts = []
    for shape in GUIDE:
        rows = [
            f"**{shape.title or shape.what.capitalize()}** ({shape.where})",
            "",
            "| field | required | what to write | meaning |",
            "| --- | --- | --- | --- |",
        ]
        for field in shape.fields:
            kind = KINDS[field.kind]
            if field.choices:
                kind = f"one of {', '.join(f'`{c}`' for c in field.choices)}"
            required = "yes" if field.required else "no"
            rows.append(f"| `{field.name}` | {required} | {kind} | {field.meaning} |")
        parts.append("\n".join(rows))
    return "\n\n".join(parts) + "\n"
