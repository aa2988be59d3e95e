"""Telegram's limits for the whole bot, as pure bookkeeping over monotonic seconds passed in.

Every message waits here for a slot: 29 a second in all, evenly spaced, and never 31 in any
second; one a second to any one chat; 20 a minute to a group; nothing while a 429's
`retry_after` runs. A message counts from the moment it is granted until Telegram answers,
so however late it reaches Telegram in between, Telegram never sees the limits broken. Replies come
before bulk sends, yet a chat waiting for its gap never holds up another chat: each slot goes
to the most urgent request whose chat is ready. Tested without waiting: the caller says what
time it is and the `Outbox` does the waiting.
"""

from __future__ import annotations

import itertools
from collections import deque
from dataclasses import dataclass, field
from enum import IntEnum

# Evenly spaced, a little under Telegram's 30 a second.
OVERALL_PER_SECOND = 29.0
# And never more than this in any second, counting each message from the moment it was
# granted until the moment Telegram answered: wherever in between it reached Telegram, no
# one-second window there holds more (so a slow event loop or network cannot make 31).
OVERALL_MAX_IN_A_SECOND = 30
# One a second per chat, counted from the answer to the last message: the next one cannot
# reach Telegram less than a second after it, however long either took on the way.
PER_CHAT_INTERVAL = 1.0
GROUP_PER_MINUTE = 20
GROUP_WINDOW = 60.0  # the group limit's minute, counted from answers too
# Requests awaiting Telegram's answer at most (one per chat); at 29 a second this allows
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
    _last_before: float | None = None  # the spacing before it was granted


@dataclass
class Pacer:
    """The waiting requests and what was sent when: `grant` hands out the next slot."""

    per_second: float = OVERALL_PER_SECOND
    max_in_a_second: int = OVERALL_MAX_IN_A_SECOND
    per_chat_interval: float = PER_CHAT_INTERVAL
    group_per_minute: int = GROUP_PER_MINUTE
    max_in_flight: int = MAX_IN_FLIGHT
    _waiting: list[Ticket] = field(default_factory=list)
    _last: float | None = None  # the last slot handed out (for the even spacing)
    _answered: deque[float] = field(default_factory=deque)  # answers in the last second
    _last_by_chat: dict[ChatKey, float] = field(default_factory=dict)  # last answer per chat
    _group_sends: dict[ChatKey, deque[float]] = field(default_factory=dict)  # answers, by group
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
        slot = self._next_slot(now)
        if slot is None or now + EPSILON < slot:
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
        spaced = self._last + 1.0 / self.per_second if self._last is not None else now
        ticket.at = spaced if 0 <= now - spaced <= ON_TIME else now
        ticket._last_before, self._last = self._last, ticket.at
        self._in_flight.add(ticket.chat)
        return ticket

    def next_time(self, now: float) -> float | None:
        """When `grant` may next hand out a slot; None if nothing can go before an answer
        comes back (`finished`) or a new request arrives."""
        slot = self._next_slot(now)
        if not self._waiting or slot is None:
            return None
        ready = [at for t in self._waiting if (at := self._ready_at(t)) is not None]
        return max(slot, min(ready)) if ready else None

    def finished(self, ticket: Ticket, now: float) -> None:
        """The granted request was answered (or failed) at `now`: it counts until then."""
        self._in_flight.discard(ticket.chat)
        self._answered.append(now)
        self._last_by_chat[ticket.chat] = now
        if is_group(ticket.chat) and ticket.new_message:
            self._group_sends.setdefault(ticket.chat, deque()).append(now)
        self._forget_old(now)

    def unused(self, ticket: Ticket) -> None:
        """The granted slot was not used after all (the message may no longer go): undone."""
        self._in_flight.discard(ticket.chat)
        if ticket.at is not None and self._last == ticket.at:
            self._last = ticket._last_before

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

    def _next_slot(self, now: float) -> float | None:
        """The earliest moment of the next slot, whatever the chat; None until an answer."""
        in_flight = len(self._in_flight)
        if in_flight >= self.max_in_flight:
            return None
        answered = [t for t in self._answered if t > now - 1.0]
        over = len(answered) + in_flight + 1 - self.max_in_a_second
        if over > len(answered):
            return None
        full_until = answered[over - 1] + 1.0 if over > 0 else float("-inf")
        spaced = self._last + 1.0 / self.per_second if self._last is not None else float("-inf")
        return max(spaced, full_until, self._paused_until)

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
        """Answers too old to constrain anything are dropped."""
        while self._answered and self._answered[0] <= now - 1.0:
            self._answered.popleft()
        if len(self._last_by_chat) > 10_000:
            horizon = now - self.per_chat_interval
            self._last_by_chat = {c: t for c, t in self._last_by_chat.items() if t > horizon}
        for chat in [c for c, sends in self._group_sends.items() if sends[-1] < now - GROUP_WINDOW]:
            del self._group_sends[chat]
        for sends in self._group_sends.values():
            while len(sends) > self.group_per_minute:
                sends.popleft()
