"""Spacing bulk sends within Telegram's limits: about 30 a second in all, one a second per chat.

Pure bookkeeping over monotonic seconds passed in, so the rules are tested without waiting.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# A little under Telegram's 30 a second, so network jitter never adds up to a 31st.
OVERALL_PER_SECOND = 29.0
PER_CHAT_INTERVAL = 1.0


@dataclass
class Pacer:
    """Hands out the earliest moment each next message may be sent."""

    per_second: float = OVERALL_PER_SECOND
    per_chat_interval: float = PER_CHAT_INTERVAL
    _last: float | None = None
    _last_by_chat: dict[int, float] = field(default_factory=dict)
    _paused_until: float = 0.0

    def reserve(self, chat_id: int, now: float) -> float:
        """The moment a message to `chat_id` may go (at or after `now`), and books it."""
        slot = max(now, self._paused_until)
        if self._last is not None:
            slot = max(slot, self._last + 1.0 / self.per_second)
        previous = self._last_by_chat.get(chat_id)
        if previous is not None:
            slot = max(slot, previous + self.per_chat_interval)
        self._last = slot
        self._last_by_chat[chat_id] = slot
        if len(self._last_by_chat) > 10_000:  # old chats cannot constrain anything any more
            horizon = slot - self.per_chat_interval
            self._last_by_chat = {c: t for c, t in self._last_by_chat.items() if t > horizon}
        return slot

    def pause(self, until: float) -> None:
        """After a 429: nothing goes out before `until`."""
        self._paused_until = max(self._paused_until, until)
