"""The store's records: frozen dataclasses built from rows, times as aware UTC datetimes.

Health-adjacent data, so the minimum is kept, each piece for something the bot does: what
README "Privacy" lists, and nothing else. `clients.forget` deletes all of a client's rows.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, fields
from datetime import datetime
from typing import TypeVar

from bot.store.database import from_unix

# What the bot can be waiting for from a client (clients.awaiting).
AWAITING_SESSION_DATE = "session-date"

R = TypeVar("R")


# -- clients and their treatment sessions ------------------------------------------


@dataclass(frozen=True)
class Client:
    """Someone who talks to the bot; `first_name` is all we keep of who they are."""

    chat_id: int
    user_id: int | None
    first_name: str | None
    created_at: datetime
    last_seen_at: datetime
    awaiting: str | None = None  # e.g. AWAITING_SESSION_DATE: kept across restarts
    timezone: str | None = None  # None: the clinic's
    checkins_consent: bool | None = None  # None: not asked yet
    announcements_consent: bool | None = None
    paused: bool = False
    blocked_at: datetime | None = None
    photo_consent: bool | None = None  # None: not asked yet
    inbox_open_until: datetime | None = None  # a staff conversation is open until then


@dataclass(frozen=True)
class ClientVisit:
    """A client as their new message finds them: stored or refreshed, and their last treatment."""

    client: Client
    last_session_at: datetime | None


@dataclass(frozen=True)
class TreatmentSession:
    """A microneedling treatment: `at` is when it happened, `recorded_at` when told."""

    id: int
    chat_id: int
    at: datetime
    recorded_at: datetime


# -- check-ins ---------------------------------------------------------------------


@dataclass(frozen=True)
class QueuedCheckin:
    """A check-in due now, as a dispatcher pass finds it (nothing is decided yet)."""

    id: int
    chat_id: int
    checkin_id: str
    due_at: datetime


@dataclass(frozen=True)
class ClaimedCheckin:
    """A check-in about to go, with what is needed to decide and send it."""

    id: int
    chat_id: int
    checkin_id: str
    due_at: datetime
    timezone: str | None
    attempts: int  # failed sends before this one


@dataclass(frozen=True)
class ScheduledCheckin:
    """A check-in row as a client's history shows it."""

    id: int
    chat_id: int
    checkin_id: str
    due_at: datetime
    state: str
    sent_at: datetime | None
    answer: str | None


# -- broadcasts --------------------------------------------------------------------


@dataclass(frozen=True)
class Audience:
    """Which clients a broadcast reaches, besides wanting clinic news (see bot.jobs.broadcasts)."""

    session_since: datetime | None = None  # last session at or after this
    session_before: datetime | None = None  # last session strictly before this
    fewer_sessions_than: int | None = None


@dataclass(frozen=True)
class Broadcast:
    """A message from the clinic to a segment of clients: draft, sending, finished, cancelled."""

    id: int
    created_by: int | None  # staff Telegram user id; None: the command line
    report_chat: int | None  # where progress goes; None: the staff chat
    text: str
    segment: str
    created_at: datetime
    confirmed_at: datetime | None
    finished_at: datetime | None
    state: str


@dataclass(frozen=True)
class BroadcastTally:
    """What became of a broadcast's deliveries so far."""

    total: int = 0
    pending: int = 0
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    skipped: int = 0  # stopped wanting clinic news between confirmation and their turn
    waiting: int = 0  # pending until their quiet hours end

    @property
    def done(self) -> int:
        return self.total - self.pending


@dataclass(frozen=True)
class Delivery:
    """One recipient of a broadcast: pending, sent, blocked, failed (with the error) or skipped."""

    broadcast_id: int
    chat_id: int
    state: str
    error: str | None
    sent_at: datetime | None


# -- the front desk: start links and the staff inbox -------------------------------


@dataclass(frozen=True)
class Invite:
    """A start link made at the front desk: who it is for and their treatment."""

    first_name: str
    session_at: datetime | None
    expires_at: datetime
    used_at: datetime | None


@dataclass(frozen=True)
class InviteClaim:
    """What opening a start link found: `status` is ok, used, expired or unknown."""

    status: str
    invite: Invite | None = None


@dataclass(frozen=True)
class ConversationMessage:
    """One message between a client and the clinic team, either way."""

    id: int
    chat_id: int
    direction: str
    kind: str
    text: str
    file_id: str | None
    staff_user_id: int | None
    staff_message_id: int | None
    at: datetime


# -- what staff look back on -------------------------------------------------------


@dataclass(frozen=True)
class Escalation:
    """A warning sign a client reported, for the clinic to follow up."""

    id: int
    chat_id: int
    sign_id: str
    text: str
    at: datetime
    first_name: str | None


@dataclass(frozen=True)
class RaisedConcern:
    """Something a client described that the bot asked about before escalating."""

    id: int
    chat_id: int
    noticed: str
    sign_id: str | None
    topic_id: str | None
    text: str
    at: datetime
    choice: str | None = None


@dataclass(frozen=True)
class UnansweredQuestion:
    """A question the bot could not answer, with the nearest topic ids it had."""

    id: int
    chat_id: int
    text: str
    closest: tuple[str, ...]
    at: datetime
    first_name: str | None = None  # the client's, where the query joined it


@dataclass(frozen=True)
class AuditEntry:
    """A staff action: who, what, when."""

    id: int
    actor: int | None
    action: str
    detail: str
    client_chat: int | None
    at: datetime


@dataclass(frozen=True)
class Stats:
    """How the bot is used: what staff see in /stats."""

    clients: int
    active_7_days: int
    active_30_days: int
    sessions: int
    checkins_sent: int
    checkins_answered: int
    escalations_7_days: int
    unanswered: int
    broadcasts: int = 0  # confirmed by staff
    broadcast_messages: int = 0  # delivered


# -- built from rows ---------------------------------------------------------------

_TIME_COLUMNS = frozenset(
    {
        "at",
        "created_at",
        "last_seen_at",
        "recorded_at",
        "due_at",
        "sent_at",
        "blocked_at",
        "session_at",
        "expires_at",
        "used_at",
        "inbox_open_until",
        "confirmed_at",
        "finished_at",
        "acquired_at",
        "not_before",
    }
)
_FLAG_COLUMNS = frozenset({"checkins_consent", "announcements_consent", "paused", "photo_consent"})


def record(cls: type[R], row: sqlite3.Row) -> R:
    """Build a domain record from a row whose column names match the record's fields."""
    keys = row.keys()
    values = {field.name: row[field.name] for field in fields(cls) if field.name in keys}
    for name in _TIME_COLUMNS & values.keys():
        if values[name] is not None:
            values[name] = from_unix(values[name])
    for name in _FLAG_COLUMNS & values.keys():
        if values[name] is not None:
            values[name] = bool(values[name])
    if "closest" in values:
        values["closest"] = tuple(json.loads(values["closest"]))
    return cls(**values)
