"""Telegram's limits for the whole bot, as pure bookkeeping over monotonic seconds passed in.

Every message waits here for a slot: about 29 a second in all, evenly spaced; one a second to
any one chat; 20 a minute to a group; nothing while a 429's `retry_after` runs. Replies come
before bulk sends, yet a chat waiting for its gap never holds up another chat: each slot goes
to the most urgent request whose chat is ready. Tested without waiting: the caller says what
time it is and the `Outbox` does the waiting.
"""

from __future__ import annotations

import itertools
from collections import deque
from dataclasses import dataclass, field
from enum import IntEnum

# A little under Telegram's 30 a second, so network jitter never adds up to a 31st.
OVERALL_PER_SECOND = 29.0
# One a second per chat, and a little more, so two requests a second apart never reach the
# server less than a second apart when the first one travelled a few milliseconds slower.
PER_CHAT_INTERVAL = 1.05
GROUP_PER_MINUTE = 20
GROUP_WINDOW = 61.0  # the group limit's minute, with a second to spare for the same reason
# Requests answered by Telegram at once at most (one per chat); at 29 a second this allows
# answers up to half a second slow without the pace falling behind.
MAX_IN_FLIGHT = 16
# A slot taken this late (the event loop was busy) still counts as on time, so small delays
# do not add up to a slower pace; larger ones restart the spacing from the moment it went.
ON_TIME = 0.005
EPSILON = 1e-6

ChatKey = int | str


class Priority(IntEnum):
    """Who goes first when several requests wait for the same slot (lower first)."""

    RETRY = 0  # the same message again after a 429: first once the pause is over
    INTERACTIVE = 1  # replies to clients and staff, alerts: they answer someone now
    BULK = 2  # check-ins, broadcasts: only slots no reply is waiting for


def is_group(chat: ChatKey) -> bool:
    """Groups and channels have negative ids (or an @username); private chats positive ones."""
    return isinstance(chat, str) or chat < 0


@dataclass(eq=False)
class Ticket:
    """One request waiting for (then holding) a slot."""

    chat: ChatKey
    priority: Priority
    number: int  # arrival order: first come, first served within a priority
    new_message: bool = True  # counts toward a group's 20 a minute (edits do not)
    at: float | None = None  # when it was granted
    _before: tuple[float | None, float | None] = (None, None)  # what granting it replaced


@dataclass
class Pacer:
    """The waiting requests and what was sent when: `grant` hands out the next slot."""

    per_second: float = OVERALL_PER_SECOND
    per_chat_interval: float = PER_CHAT_INTERVAL
    group_per_minute: int = GROUP_PER_MINUTE
    max_in_flight: int = MAX_IN_FLIGHT
    _waiting: list[Ticket] = field(default_factory=list)
    _last: float | None = None  # the last slot handed out
    _last_by_chat: dict[ChatKey, float] = field(default_factory=dict)
    _group_sends: dict[ChatKey, deque[float]] = field(default_factory=dict)
    _in_flight: set[ChatKey] = field(default_factory=set)
    _paused_until: float = float("-inf")
    _numbers: itertools.count[int] = field(default_factory=itertools.count)

    # -- what the outbox asks ------------------------------------------------------

    def want(self, chat: ChatKey, priority: Priority, *, new_message: bool = True) -> Ticket:
        """Queue a request for a slot to `chat`."""
        ticket = Ticket(chat, priority, next(self._numbers), new_message)
        self._waiting.append(ticket)
        return ticket

    def withdraw(self, ticket: Ticket) -> None:
        """A request that stopped waiting before it got its slot."""
        if ticket in self._waiting:
            self._waiting.remove(ticket)

    def grant(self, now: float) -> Ticket | None:
        """The request that may go at `now`, booked; None if none may go yet."""
        slot = self._next_slot()
        if now + EPSILON < slot or len(self._in_flight) >= self.max_in_flight:
            return None
        ready = [
            t
            for t in self._waiting
            if (at := self._ready_at(t)) is not None and at <= now + EPSILON
        ]
        if not ready:
            return None
        ticket = min(ready, key=lambda t: (t.priority, t.number))
        self._waiting.remove(ticket)
        at = slot if now - slot <= ON_TIME else now
        ticket.at, ticket._before = at, (self._last, self._last_by_chat.get(ticket.chat))
        self._last = at
        self._last_by_chat[ticket.chat] = now
        if is_group(ticket.chat) and ticket.new_message:
            self._group_sends.setdefault(ticket.chat, deque()).append(now)
        self._in_flight.add(ticket.chat)
        self._forget_old(now)
        return ticket

    def next_time(self) -> float | None:
        """When `grant` may next hand out a slot; None if nothing can go before an answer
        comes back (`finished`) or a new request arrives."""
        if not self._waiting or len(self._in_flight) >= self.max_in_flight:
            return None
        ready = [at for t in self._waiting if (at := self._ready_at(t)) is not None]
        return max(self._next_slot(), min(ready)) if ready else None

    def finished(self, ticket: Ticket) -> None:
        """The granted request was made and answered (or failed): its chat may go again."""
        self._in_flight.discard(ticket.chat)

    def unused(self, ticket: Ticket) -> None:
        """The granted slot was not used after all (the message may no longer go): undone."""
        self._in_flight.discard(ticket.chat)
        last, chat_last = ticket._before
        if ticket.at is not None and self._last == ticket.at:
            self._last = last
        if chat_last is None:
            self._last_by_chat.pop(ticket.chat, None)
        else:
            self._last_by_chat[ticket.chat] = chat_last
        sends = self._group_sends.get(ticket.chat)
        if sends and ticket.new_message and is_group(ticket.chat):
            sends.pop()

    def pause(self, until: float) -> None:
        """After a 429: nothing goes out before `until`."""
        self._paused_until = max(self._paused_until, until)

    # -- what the outbox reports ---------------------------------------------------

    @property
    def in_flight(self) -> int:
        return len(self._in_flight)

    def waiting(self, priority: Priority | None = None) -> int:
        """How many requests wait for a slot (of one priority, or all)."""
        return sum(priority is None or t.priority == priority for t in self._waiting)

    # -- the rules -------------------------------------------------------------------

    def _next_slot(self) -> float:
        spaced = self._last + 1.0 / self.per_second if self._last is not None else float("-inf")
        return max(spaced, self._paused_until)

    def _ready_at(self, ticket: Ticket) -> float | None:
        """When `ticket`'s chat may have its next message; None while one is in flight."""
        chat = ticket.chat
        if chat in self._in_flight:
            return None
        previous = self._last_by_chat.get(chat)
        at = previous + self.per_chat_interval if previous is not None else float("-inf")
        sends = self._group_sends.get(chat)
        if ticket.new_message and sends and len(sends) >= self.group_per_minute:
            at = max(at, sends[-self.group_per_minute] + GROUP_WINDOW)
        return at

    def _forget_old(self, now: float) -> None:
        """Chats whose last message is too old to constrain anything are dropped."""
        if len(self._last_by_chat) > 10_000:
            horizon = now - self.per_chat_interval
            self._last_by_chat = {c: t for c, t in self._last_by_chat.items() if t > horizon}
        for chat in [c for c, sends in self._group_sends.items() if sends[-1] < now - GROUP_WINDOW]:
            del self._group_sends[chat]
        for sends in self._group_sends.values():
            while len(sends) > self.group_per_minute:
                sends.popleft()
