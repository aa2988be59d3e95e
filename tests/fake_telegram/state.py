"""The fake's shared state and the helpers every part uses to find or create chats, messages,
files and updates. The other parts of `FakeTelegram` are mixins over this base.

Thread-safe: every piece of state is guarded by one `threading.Condition`, which also wakes
long-polling `getUpdates` calls and `wait_for` callers whenever something happens. Methods whose
names start with "_" expect the caller to hold it.
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable
from typing import Any

from tests.fake_telegram.records import Call, Failure, RateLimits, SentMessage
from tests.fake_telegram.wire import bad_request

DEFAULT_TOKEN = "123456:TEST-token_abcdefghijklmnopqrstuvw"
DEFAULT_GROUP_USER_ID = 1_000_001

# A Bot API method's implementation: decoded parameters in, the envelope's "result" out.
Method = Callable[[dict[str, Any]], Any]


class State:
    """Chats, users, messages, updates and records, with the condition that guards them."""

    def __init__(
        self, token: str = DEFAULT_TOKEN, bot_username: str = "aftercare_test_bot"
    ) -> None:
        self.token = token
        self.bot_username = bot_username
        bot_id = token.split(":", 1)[0]
        self.bot_id = int(bot_id) if bot_id.isdigit() else 123456
        self.too_many_requests = 0  # 429s answered because of enforce_limits()
        # Monotonic seconds for the records' `at` and the flood limits: real time, or the
        # bot's fake pace time (use_clock), so both judge the limits by the same clock.
        self.clock: Callable[[], float] = time.monotonic

        self._cond = threading.Condition()
        self._stopping = False

        self._updates: list[dict] = []
        self._next_update_id = 1
        self._allowed_updates: frozenset[str] | None = None
        self._poll_generation = 0
        self._waiting_polls = 0
        self._webhook_url = ""

        self._sent: list[SentMessage] = []
        self._calls: list[Call] = []
        self._chats: dict[int, dict] = {}
        self._users: dict[int, dict] = {}
        self._messages: dict[tuple[int, int], dict] = {}
        self._last_message_id: dict[int, int] = {}
        self._open_callback_queries: set[str] = set()
        self._next_callback_id = 1
        self._next_file_id = 1
        self._commands: dict[tuple[str, str], list[dict]] = {}
        self._descriptions: dict[tuple[str, str], str] = {}  # (kind, language) -> text
        self._members: dict[tuple[int, int], str] = {}  # (chat, user) -> status
        self._file_contents: dict[str, bytes] = {}  # documents' bytes, by file_id

        self._failures: dict[int | str, Failure] = {}
        self._limits: RateLimits | None = None

    def bot_user(self, *, full: bool = False) -> dict:
        """The bot as a User dict; `full` adds the getMe-only fields."""
        user: dict[str, Any] = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Aftercare Test Bot",
            "username": self.bot_username,
        }
        if full:
            user.update(
                can_join_groups=True,
                can_read_all_group_messages=False,
                supports_inline_queries=False,
                can_connect_to_business=False,
                has_main_web_app=False,
            )
        return user

    def _remember_user(self, user_id: int, first_name: str, language_code: str | None) -> dict:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code:
            user["language_code"] = language_code
        self._users[user_id] = user
        return user

    def _chat(self, chat_id: int, chat_type: str | None = None, first_name: str = "") -> dict:
        """The known chat, or a new one (private for positive ids, else a group)."""
        chat = self._chats.get(chat_id)
        if chat is None or (chat_type is not None and chat["type"] != chat_type):
            chat_type = chat_type or ("private" if chat_id > 0 else "group")
            if str(chat_id).startswith("-100") and chat_type == "group":
                chat_type = "supergroup"
            chat = {"id": chat_id, "type": chat_type}
            if chat_type == "private":
                chat["first_name"] = first_name or f"User {chat_id}"
            else:
                chat["title"] = f"Test {chat_type} {chat_id}"
            self._chats[chat_id] = chat
        return chat

    def _target_chat(self, params: dict[str, Any], key: str = "chat_id") -> dict:
        """The chat a method's `key` parameter names; a Bad Request if it names none."""
        chat_id = params.get(key)
        if chat_id is None or chat_id == "":
            raise bad_request(f"{key} is empty")
        if not isinstance(chat_id, int):
            raise bad_request("chat not found")
        return self._chat(chat_id)

    def _new_message(self, chat: dict, sender: dict, content: dict[str, Any]) -> dict:
        """Stores a new message with the chat's next message_id and returns it (not a copy)."""
        chat_id = chat["id"]
        message_id = self._last_message_id.get(chat_id, 0) + 1
        self._last_message_id[chat_id] = message_id
        message = {
            "message_id": message_id,
            "from": sender,
            "chat": dict(chat),
            "date": int(time.time()),
            **content,
        }
        self._messages[(chat_id, message_id)] = message
        return message

    def _reply_to(self, chat: dict, params: dict[str, Any]) -> dict[str, Any]:
        """The `reply_to_message` field a bot's send asks for (empty when it replies to none)."""
        reply = params.get("reply_parameters") or {}
        reply_id = reply.get("message_id") or params.get("reply_to_message_id")
        if reply_id is None:
            return {}
        replied = self._messages.get((chat["id"], reply_id))
        if replied is None:
            if reply.get("allow_sending_without_reply") or params.get(
                "allow_sending_without_reply"
            ):
                return {}
            raise bad_request("message to be replied not found")
        return {"reply_to_message": copy.deepcopy(replied)}

    def _record_sent(self, method: str, message: dict, params: dict[str, Any], text: Any) -> None:
        self._sent.append(
            SentMessage(
                method=method,
                chat_id=message["chat"]["id"],
                text=text,
                reply_markup=params.get("reply_markup"),
                parse_mode=params.get("parse_mode"),
                message_id=message["message_id"],
                params=params,
                at=self.clock(),
            )
        )
        self._cond.notify_all()

    def _new_file(self, kind: str) -> dict:
        number = self._next_file_id
        self._next_file_id += 1
        return {
            "file_id": f"{kind}-{number}",
            "file_unique_id": f"u{kind}{number}",
            "file_size": 1024 * number,
        }

    def _queue_update(self, update: dict) -> dict:
        update = {"update_id": self._next_update_id, **update}
        self._next_update_id += 1
        self._updates.append(update)
        self._cond.notify_all()
        return copy.deepcopy(update)
