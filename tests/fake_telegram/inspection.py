"""What tests read back: the bot's messages and calls, stored state, and waiting for the bot."""

from __future__ import annotations

import asyncio
import copy
import time
from collections.abc import Callable

from tests.fake_telegram.records import Call, SentMessage
from tests.fake_telegram.state import State


class Inspection(State):
    """Snapshots of what the bot did, and blocking (or awaitable) waits for it."""

    @property
    def sent(self) -> list[SentMessage]:
        """Snapshot of every successful send or edit, in order."""
        with self._cond:
            return list(self._sent)

    @property
    def calls(self) -> list[Call]:
        """Snapshot of every API call, failed ones included, in order."""
        with self._cond:
            return list(self._calls)

    def calls_of(self, method: str) -> list[Call]:
        """The calls of one method (name matched case-insensitively)."""
        return [call for call in self.calls if call.method.lower() == method.lower()]

    def messages_to(self, chat_id: int | str) -> list[SentMessage]:
        """Sends and edits addressed to one chat, in order."""
        return [message for message in self.sent if message.chat_id == chat_id]

    def message(self, chat_id: int, message_id: int) -> dict | None:
        """The current state of a stored message (user's or bot's), or None."""
        with self._cond:
            return copy.deepcopy(self._messages.get((chat_id, message_id)))

    def commands(self, scope_type: str = "default", language_code: str = "") -> list[dict]:
        """The commands set with setMyCommands for a scope: its type, with ":<chat_id>" (or
        ":<user_id>") for a scope that names one, e.g. "chat:-100123"."""
        with self._cond:
            return copy.deepcopy(self._commands.get((scope_type, language_code), []))

    def description(self, kind: str = "description", language_code: str = "") -> str:
        """What setMyDescription ("description") or setMyShortDescription
        ("short_description") last set."""
        with self._cond:
            return self._descriptions.get((kind, language_code), "")

    def document(self, message: SentMessage) -> tuple[str, bytes]:
        """The file name and bytes of a document the bot sent."""
        upload = message.params["document"]
        return upload["upload"], upload["data"]

    def pending_updates(self) -> int:
        """Queued updates not yet confirmed by a getUpdates offset."""
        with self._cond:
            return len(self._updates)

    def wait_until_polling(self, timeout: float = 5.0) -> None:
        """Blocks until a client is waiting inside a long-polling getUpdates (the bot is up)."""
        with self._cond:
            if not self._cond.wait_for(lambda: self._waiting_polls > 0, timeout):
                raise AssertionError(f"nobody long-polled getUpdates within {timeout}s")

    def wait_for(
        self,
        predicate: Callable[[list[SentMessage]], bool] | None = None,
        *,
        chat_id: int | str | None = None,
        count: int = 1,
        timeout: float = 5.0,
    ) -> list[SentMessage]:
        """Blocks until `predicate(messages)` is true, or without a predicate until there are at
        least `count` messages; `messages` is `sent`, or `messages_to(chat_id)` if `chat_id` is
        given. Returns those messages. Raises AssertionError describing what was sent on timeout.
        """

        def candidates() -> list[SentMessage]:
            if chat_id is None:
                return list(self._sent)
            return [message for message in self._sent if message.chat_id == chat_id]

        def satisfied() -> bool:
            messages = candidates()
            return predicate(messages) if predicate is not None else len(messages) >= count

        with self._cond:
            deadline = time.monotonic() + timeout
            while not satisfied():
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._stopping:
                    raise AssertionError(self._describe_wait(predicate, chat_id, count, timeout))
                self._cond.wait(remaining)
            return candidates()

    async def await_for(
        self,
        predicate: Callable[[list[SentMessage]], bool] | None = None,
        *,
        chat_id: int | str | None = None,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109 - passed on to the blocking wait_for
    ) -> list[SentMessage]:
        """`wait_for` in a worker thread, so that a bot in the calling event loop keeps running."""
        return await asyncio.to_thread(
            self.wait_for, predicate, chat_id=chat_id, count=count, timeout=timeout
        )

    def _describe_wait(
        self,
        predicate: Callable[[list[SentMessage]], bool] | None,
        chat_id: int | str | None,
        count: int,
        timeout: float,
    ) -> str:
        target = f"chat {chat_id}" if chat_id is not None else "any chat"
        wanted = "the predicate" if predicate is not None else f"{count} message(s)"
        reason = "the server stopped" if self._stopping else f"timed out after {timeout}s"
        lines = [f"{reason} waiting for {wanted} to {target}; sent so far ({len(self._sent)}):"]
        lines += [
            f"  {m.method} -> {m.chat_id} #{m.message_id}: {m.text!r}"
            + (f" buttons={[b.get('text') for b in m.buttons]}" if m.buttons else "")
            for m in self._sent[-30:]
        ]
        failed = [call for call in self._calls if call.status != 200][-10:]
        if failed:
            lines.append("failed calls:")
            lines += [
                f"  {c.method}({c.params.get('chat_id', '')}) -> {c.status} {c.description}"
                for c in failed
            ]
        return "\n".join(lines)
