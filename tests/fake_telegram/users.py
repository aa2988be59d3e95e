"""The simulated users: what a test does as a Telegram client (type, send media, edit, tap).

Each action stores the user's message where there is one and queues the update a bot would
receive from getUpdates; each returns that Update as a dict.
"""

from __future__ import annotations

import copy
import time
from typing import Any

from tests.fake_telegram.content import utf16_len
from tests.fake_telegram.state import DEFAULT_GROUP_USER_ID, State

MESSAGE_KINDS = (
    "photo",
    "voice",
    "sticker",
    "document",
    "location",
    "contact",
    "video",
    "animation",
    "audio",
    "video_note",
)


class Users(State):
    """Queues updates as if users wrote, edited or tapped."""

    def send_text(
        self,
        chat_id: int,
        text: str,
        *,
        first_name: str = "Anna",
        user_id: int | None = None,
        chat_type: str = "private",
        reply_to_message_id: int | None = None,
        language_code: str | None = None,
    ) -> dict:
        """Queues a `message` update as if the user typed `text`; returns the Update dict.

        A text starting with "/" gets a `bot_command` entity for its first word.
        """
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            content["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_len(command)}
            ]
        return self._user_message(
            chat_id,
            content,
            first_name=first_name,
            user_id=user_id,
            chat_type=chat_type,
            reply_to_message_id=reply_to_message_id,
            language_code=language_code,
        )

    def send_command(self, chat_id: int, command: str, args: str = "", **kwargs: Any) -> dict:
        """`send_text(chat_id, "/command args")`; `command` may be given with or without "/"."""
        text = "/" + command.lstrip("/") + (f" {args}" if args else "")
        return self.send_text(chat_id, text, **kwargs)

    def send_message_of_kind(
        self, chat_id: int, kind: str, *, caption: str | None = None, **kwargs: Any
    ) -> dict:
        """Queues a non-text message: photo, voice, sticker, document, location, contact, video,
        animation, audio or video_note. As Telegram does, an animation also carries `document`.
        Keyword arguments as for `send_text` (first_name, user_id, chat_type, ...).
        """
        if kind not in MESSAGE_KINDS:
            raise ValueError(f"kind must be one of {MESSAGE_KINDS}, not {kind!r}")
        with self._cond:
            file = self._new_file(kind)
        small = {
            **file,
            "file_id": f"{file['file_id']}-s",
            "file_unique_id": f"{file['file_unique_id']}s",
        }
        video = {**file, "width": 640, "height": 360, "duration": 3}
        contents: dict[str, dict[str, Any]] = {
            "photo": {
                "photo": [
                    {**small, "width": 90, "height": 90},
                    {**file, "width": 800, "height": 800},
                ]
            },
            "voice": {"voice": {**file, "duration": 2, "mime_type": "audio/ogg"}},
            "audio": {"audio": {**file, "duration": 5, "mime_type": "audio/mpeg"}},
            "sticker": {
                "sticker": {
                    **file,
                    "type": "regular",
                    "width": 512,
                    "height": 512,
                    "is_animated": False,
                    "is_video": False,
                    "emoji": "🙂",
                }
            },
            "document": {
                "document": {**file, "file_name": "file.pdf", "mime_type": "application/pdf"}
            },
            "location": {"location": {"latitude": 52.52, "longitude": 13.405}},
            "contact": {
                "contact": {
                    "phone_number": "+491701234567",
                    "first_name": kwargs.get("first_name", "Anna"),
                    "user_id": kwargs.get("user_id") or chat_id,
                }
            },
            "video": {"video": video},
            "video_note": {"video_note": {**file, "length": 240, "duration": 3}},
            "animation": {
                "animation": video,
                "document": {**file, "file_name": "animation.mp4", "mime_type": "video/mp4"},
            },
        }
        content = contents[kind]
        if caption is not None:
            content["caption"] = caption
        return self._user_message(chat_id, content, **kwargs)

    def send_document(
        self,
        chat_id: int,
        file_name: str,
        content: bytes,
        *,
        caption: str | None = None,
        **kwargs: Any,
    ) -> dict:
        """Queues a document `file_name` holding `content`; the bot can download the bytes.
        Keyword arguments as for `send_text` (first_name, user_id, chat_type, ...)."""
        with self._cond:
            file = self._new_file("document")
            self._file_contents[file["file_id"]] = content
        document = {**file, "file_name": file_name, "file_size": len(content)}
        document["mime_type"] = "application/x-yaml"
        message: dict[str, Any] = {"document": document}
        if caption is not None:
            message["caption"] = caption
        return self._user_message(chat_id, message, **kwargs)

    def edit_text(self, chat_id: int, message_id: int, new_text: str) -> dict:
        """Queues an `edited_message` update: the user edited their message `message_id`."""
        with self._cond:
            message = self._messages.get((chat_id, message_id))
            if message is None:
                raise ValueError(f"no message {message_id} in chat {chat_id}")
            message["text"] = new_text
            message["edit_date"] = int(time.time())
            return self._queue_update({"edited_message": copy.deepcopy(message)})

    def tap(
        self,
        chat_id: int,
        message_id: int,
        data: str,
        user_id: int | None = None,
        *,
        require_button: bool = True,
    ) -> dict:
        """Queues a `callback_query`: the user tapped an inline button of bot message
        `message_id`. With `require_button`, `data` must be the callback_data of one of its
        buttons (pass False to simulate a stale or forged button).
        """
        with self._cond:
            message = self._messages.get((chat_id, message_id))
            if message is None:
                raise ValueError(f"no message {message_id} in chat {chat_id}")
            if require_button:
                rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
                choices = [button.get("callback_data") for row in rows for button in row]
                if data not in choices:
                    raise ValueError(
                        f"message {message_id} in chat {chat_id} has no button with "
                        f"callback_data {data!r}; its buttons carry {choices}"
                    )
            chat = message["chat"]
            if user_id is None:
                user_id = chat_id if chat["type"] == "private" else DEFAULT_GROUP_USER_ID
            user = self._users.get(user_id) or self._remember_user(user_id, "Anna", None)
            query_id = str(self._next_callback_id)
            self._next_callback_id += 1
            self._open_callback_queries.add(query_id)
            return self._queue_update(
                {
                    "callback_query": {
                        "id": query_id,
                        "from": user,
                        "message": copy.deepcopy(message),
                        "chat_instance": f"instance{chat_id}",
                        "data": data,
                    }
                }
            )

    def inject(self, update: dict) -> dict:
        """Queues a raw update (its update_id is assigned); messages in it are stored."""
        with self._cond:
            update = copy.deepcopy(update)
            update.pop("update_id", None)
            for value in update.values():
                if isinstance(value, dict) and "message_id" in value and "chat" in value:
                    chat_id = value["chat"]["id"]
                    self._chats.setdefault(chat_id, value["chat"])
                    self._messages[(chat_id, value["message_id"])] = copy.deepcopy(value)
                    last = self._last_message_id.get(chat_id, 0)
                    self._last_message_id[chat_id] = max(last, value["message_id"])
            return self._queue_update(update)

    def _user_message(
        self,
        chat_id: int,
        content: dict[str, Any],
        *,
        first_name: str = "Anna",
        user_id: int | None = None,
        chat_type: str = "private",
        reply_to_message_id: int | None = None,
        language_code: str | None = None,
    ) -> dict:
        with self._cond:
            if user_id is None:
                user_id = chat_id if chat_type == "private" else DEFAULT_GROUP_USER_ID
            user = self._remember_user(user_id, first_name, language_code)
            chat = self._chat(chat_id, chat_type, first_name)
            if reply_to_message_id is not None:
                replied = self._messages.get((chat_id, reply_to_message_id))
                if replied is None:
                    raise ValueError(f"no message {reply_to_message_id} in chat {chat_id}")
                content = {**content, "reply_to_message": copy.deepcopy(replied)}
            message = self._new_message(chat, user, content)
            return self._queue_update({"message": copy.deepcopy(message)})
