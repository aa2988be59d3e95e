"""Bot API methods about chats and taps: getChat, getChatMember, sendChatAction,
answerCallbackQuery; and who is a member of which group (`set_member`)."""

from __future__ import annotations

from typing import Any

from tests.fake_telegram.state import Method, State
from tests.fake_telegram.wire import ApiError, bad_request

_QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
MEMBER_STATUSES = ("creator", "administrator", "member", "restricted", "left", "kicked")
_RIGHTS = (
    "can_change_info",
    "can_invite_users",
    "can_pin_messages",
    "can_manage_topics",
    "can_send_messages",
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
    "can_send_polls",
    "can_send_other_messages",
    "can_add_web_page_previews",
    "can_edit_tag",
    "can_react_to_messages",
)
_ADMIN_RIGHTS = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
)


class ChatsApi(State):
    """Chat look-ups and actions, and the answer to a callback query (once per query)."""

    def _chat_methods(self) -> dict[str, Method]:
        return {
            "answerCallbackQuery": self._answer_callback_query,
            "sendChatAction": self._send_chat_action,
            "getChat": self._get_chat,
            "getChatMember": self._get_chat_member,
        }

    def set_member(
        self, chat_id: int, user_id: int, status: str = "member", *, is_member: bool = True
    ) -> None:
        """Make `user_id` a member of group `chat_id` with `status` (creator, administrator,
        member, restricted, left or kicked). Users never set are "left". For "restricted",
        `is_member` says whether they are still in the chat."""
        if status not in MEMBER_STATUSES:
            raise ValueError(f"status must be one of {MEMBER_STATUSES}, not {status!r}")
        with self._cond:
            self._chat(chat_id)
            stored = status if status != "restricted" or is_member else "restricted-out"
            self._members[(chat_id, user_id)] = stored

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

    def _get_chat_member(self, params: dict[str, Any]) -> dict:
        chat_id, user_id = params.get("chat_id"), params.get("user_id")
        if chat_id not in self._chats:
            raise bad_request("chat not found")
        if not isinstance(user_id, int) or user_id <= 0:
            raise bad_request("PARTICIPANT_ID_INVALID")
        user = self._users.get(user_id) or {"id": user_id, "is_bot": False, "first_name": "User"}
        status = self._members.get((chat_id, user_id), "left")
        member: dict[str, Any] = {"status": status, "user": user}
        if status == "creator":
            member["is_anonymous"] = False
        elif status == "administrator":
            member.update(dict.fromkeys(_ADMIN_RIGHTS, False), can_be_edited=False)
            member["is_anonymous"] = False
        elif status.startswith("restricted"):
            member.update(dict.fromkeys(_RIGHTS, False), status="restricted", until_date=0)
            member["is_member"] = status == "restricted"
        elif status == "kicked":
            member["until_date"] = 0
        return member

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
