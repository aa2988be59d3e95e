"""Bot API methods about chats and taps: getChat, sendChatAction, answerCallbackQuery."""

from __future__ import annotations

from typing import Any

from tests.fake_telegram.state import Method, State
from tests.fake_telegram.wire import ApiError, bad_request

_QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"


class ChatsApi(State):
    """Chat look-ups and actions, and the answer to a callback query (once per query)."""

    def _chat_methods(self) -> dict[str, Method]:
        return {
            "answerCallbackQuery": self._answer_callback_query,
            "sendChatAction": self._send_chat_action,
            "getChat": self._get_chat,
        }

    def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self._open_callback_queries:
            raise ApiError(400, _QUERY_INVALID)
        self._open_callback_queries.discard(query_id)
        return True

    def _send_chat_action(self, params: dict[str, Any]) -> bool:
        self._target_chat(params)
        if not params.get("action"):
            raise bad_request("action is empty")
        return True

    def _get_chat(self, params: dict[str, Any]) -> dict:
        chat_id = params.get("chat_id")
        if chat_id not in self._chats:
            raise bad_request("chat not found")
        return {
            **self._chats[chat_id],
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }
