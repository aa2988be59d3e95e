"""What a button asks for: the actions behind every inline button, as callback data.

Callback data is at most 64 bytes and outlives the code that wrote it (old messages
keep their buttons), so `decode` returns None for anything it does not recognise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from telegram import CallbackQuery, Update

MAX_CALLBACK_DATA_BYTES = 64
DAY_CHOICES = ("today", "yesterday", "other")


@dataclass(frozen=True)
class ShowTopic:
    """Answer this topic (a suggested or listed topic was tapped)."""

    topic_id: str


@dataclass(frozen=True)
class SessionDay:
    """The client's answer to 'when was your treatment?': today, yesterday or other."""

    choice: str


@dataclass(frozen=True)
class ForgetAnswer:
    """Yes or no to 'delete everything about me?'."""

    confirmed: bool


@dataclass(frozen=True)
class CheckinReply:
    """A button under a sent check-in: which row, and which response was tapped."""

    row_id: int
    response_id: str


@dataclass(frozen=True)
class Consent:
    """Yes or no to check-ins ("checkins") or to clinic news ("news")."""

    subject: str
    given: bool


@dataclass(frozen=True)
class PhotoConsent:
    """Yes or no to passing the client's photo to the clinic team."""

    given: bool


@dataclass(frozen=True)
class BroadcastAnswer:
    """Staff's answer under a broadcast preview: send it, or cancel it."""

    broadcast_id: int
    send: bool


@dataclass(frozen=True)
class Answered:
    """A button that shows the choice already made: tapping it changes nothing."""


@dataclass(frozen=True)
class SessionChange:
    """Yes (the unix time of the typed date) or no (0) to "note this as your treatment?"."""

    at: int


@dataclass(frozen=True)
class Pick:
    """Staff picked an unanswered question (from a digest or /gaps) to answer it."""

    question_id: int


@dataclass(frozen=True)
class TopicIs:
    """Staff said the unanswered question above belongs to this topic."""

    topic_id: str


@dataclass(frozen=True)
class Teach:
    """Staff keep their reply (a message in the staff chat) to a question card as an answer."""

    reply_message_id: int
    card_message_id: int


@dataclass(frozen=True)
class ConcernAnswer:
    """The client's answer to a concern's question: which concern (its row), which choice."""

    concern_id: int
    choice: str


CONSENT_SUBJECTS = ("checkins", "news")
CONCERN_CHOICES = ("yes", "no", "not-sure")
Action = (
    ShowTopic
    | SessionDay
    | ForgetAnswer
    | CheckinReply
    | Consent
    | PhotoConsent
    | BroadcastAnswer
    | Answered
    | SessionChange
    | Pick
    | TopicIs
    | Teach
    | ConcernAnswer
)
A = TypeVar("A", bound=Action)


def encode(action: Action) -> str:
    """The callback data for a button that asks for `action`."""
    match action:
        case ShowTopic(topic_id):
            data = f"topic:{topic_id}"
        case SessionDay(choice):
            data = f"day:{choice}"
        case ForgetAnswer(confirmed):
            data = f"forget:{'yes' if confirmed else 'no'}"
        case CheckinReply(row_id, response_id):
            data = f"ci:{row_id}:{response_id}"
        case Consent(subject, given):
            data = f"consent:{subject}:{'yes' if given else 'no'}"
        case PhotoConsent(given):
            data = f"photos:{'yes' if given else 'no'}"
        case BroadcastAnswer(broadcast_id, send):
            data = f"bc:{broadcast_id}:{'send' if send else 'cancel'}"
        case Answered():
            data = "answered"
        case SessionChange(at):
            data = f"redate:{at}"
        case Pick(question_id):
            data = f"pick:{question_id}"
        case TopicIs(topic_id):
            data = f"is:{topic_id}"
        case Teach(reply_message_id, card_message_id):
            data = f"teach:{reply_message_id}:{card_message_id}"
        case ConcernAnswer(concern_id, choice):
            data = f"worry:{concern_id}:{choice}"
    if len(data.encode()) > MAX_CALLBACK_DATA_BYTES:
        raise ValueError(f"callback data longer than {MAX_CALLBACK_DATA_BYTES} bytes: {data!r}")
    return data


def decode(data: object) -> Action | None:
    """The action a button asked for, or None for data this version does not know."""
    if not isinstance(data, str):
        return None
    kind, _, value = data.partition(":")
    if kind == "topic" and value:
        return ShowTopic(value)
    if kind == "day" and value in DAY_CHOICES:
        return SessionDay(value)
    if kind == "forget" and value in {"yes", "no"}:
        return ForgetAnswer(value == "yes")
    if kind == "ci":
        row, _, response = value.partition(":")
        if row.isdigit() and response:
            return CheckinReply(int(row), response)
    if kind == "bc":
        number, _, answer = value.partition(":")
        if number.isdigit() and answer in {"send", "cancel"}:
            return BroadcastAnswer(int(number), answer == "send")
    if kind == "photos" and value in {"yes", "no"}:
        return PhotoConsent(value == "yes")
    if kind == "consent":
        subject, _, answer = value.partition(":")
        if subject in CONSENT_SUBJECTS and answer in {"yes", "no"}:
            return Consent(subject, answer == "yes")
    return _decode_more(kind, value)


def _decode_more(kind: str, value: str) -> Action | None:
    if kind == "answered" and not value:
        return Answered()
    if kind == "redate" and value.isdigit():
        return SessionChange(int(value))
    if kind == "pick" and value.isdigit():
        return Pick(int(value))
    if kind == "is" and value:
        return TopicIs(value)
    if kind == "teach":
        reply, _, card = value.partition(":")
        if reply.isdigit() and card.isdigit():
            return Teach(int(reply), int(card))
    if kind == "worry":
        number, _, choice = value.partition(":")
        if number.isdigit() and choice in CONCERN_CHOICES:
            return ConcernAnswer(int(number), choice)
    return None


def tapped(update: Update, kind: type[A]) -> tuple[CallbackQuery, int, A] | None:
    """The tap, its chat id and its action, when `update` is a tap on a `kind` button."""
    query, chat = update.callback_query, update.effective_chat
    action = decode(query.data) if query else None
    if query is None or chat is None or not isinstance(action, kind):
        return None
    return query, chat.id, action


def matches(kind: type[Action]) -> Callable[[object], bool]:
    """A CallbackQueryHandler pattern accepting the data of one kind of action."""

    def pattern(data: object) -> bool:
        return isinstance(decode(data), kind)

    return pattern


def fits(action: Action) -> bool:
    """Whether the action's callback data is within Telegram's limit."""
    try:
        encode(action)
    except ValueError:
        return False
    return True
