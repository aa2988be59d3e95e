"""Bot API methods for text messages: send, forward, copy, edit (text or keyboard), delete."""

from __future__ import annotations

import copy
import time
from typing import Any

from tests.fake_telegram.content import check_markup, check_text
from tests.fake_telegram.state import Method, State
from tests.fake_telegram.wire import bad_request

_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


class MessagesApi(State):
    """Messages the bot creates or changes; each success is recorded as a `SentMessage`."""

    def _message_methods(self) -> dict[str, Method]:
        return {
            "sendMessage": self._send_message,
            "forwardMessage": lambda params: self._forward_or_copy(params, forward=True),
            "copyMessage": lambda params: self._forward_or_copy(params, forward=False),
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
        }

    def _stored_message(self, params: dict[str, Any], action: str) -> dict:
        if params.get("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")  # the fake has no inline messages
        chat = self._target_chat(params)
        message = self._messages.get((chat["id"], params.get("message_id")))
        if message is None:
            raise bad_request(f"message to {action} not found")
        return message

    def _send_message(self, params: dict[str, Any]) -> dict:
        chat = self._target_chat(params)
        text = str(params.get("text") or "")
        check_text(text, params.get("parse_mode"))
        content: dict[str, Any] = {"text": text, **self._reply_to(chat, params)}
        inline_markup = check_markup(params.get("reply_markup"))
        if inline_markup is not None:
            content["reply_markup"] = inline_markup
        if params.get("entities"):
            content["entities"] = params["entities"]
        message = self._new_message(chat, self.bot_user(), content)
        self._record_sent("sendMessage", message, params, text)
        return copy.deepcopy(message)

    def _forward_or_copy(self, params: dict[str, Any], *, forward: bool) -> dict:
        chat = self._target_chat(params)
        source_chat = self._target_chat(params, "from_chat_id")
        source = self._messages.get((source_chat["id"], params.get("message_id")))
        if source is None:
            raise bad_request(f"message to {'forward' if forward else 'copy'} not found")
        envelope = {"message_id", "from", "chat", "date", "edit_date", "reply_markup"}
        envelope |= {"reply_to_message", "forward_origin"}
        content = {k: copy.deepcopy(v) for k, v in source.items() if k not in envelope}
        if forward:
            origin = {"type": "user", "sender_user": source["from"], "date": source["date"]}
            content["forward_origin"] = origin
        else:
            if "caption" in params:
                content["caption"] = params["caption"]
            inline_markup = check_markup(params.get("reply_markup"))
            if inline_markup is not None:
                content["reply_markup"] = inline_markup
        message = self._new_message(chat, self.bot_user(), content)
        method = "forwardMessage" if forward else "copyMessage"
        self._record_sent(method, message, params, content.get("text", content.get("caption")))
        if forward:
            return copy.deepcopy(message)
        return {"message_id": message["message_id"]}

    def _edit_message_text(self, params: dict[str, Any]) -> dict:
        message = self._stored_message(params, "edit")
        if message["from"]["id"] != self.bot_id:
            raise bad_request("message can't be edited")
        if "text" not in message:
            raise bad_request("there is no text in the message to edit")
        text = str(params.get("text") or "")
        check_text(text, params.get("parse_mode"))
        inline_markup = check_markup(params.get("reply_markup"))
        if text == message["text"] and inline_markup == message.get("reply_markup"):
            raise bad_request(_NOT_MODIFIED)
        message["text"] = text
        message["edit_date"] = int(time.time())
        if inline_markup is None:
            message.pop("reply_markup", None)  # editing without reply_markup removes it
        else:
            message["reply_markup"] = inline_markup
        self._record_sent("editMessageText", message, params, text)
        return copy.deepcopy(message)

    def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict:
        message = self._stored_message(params, "edit")
        if message["from"]["id"] != self.bot_id:
            raise bad_request("message can't be edited")
        inline_markup = check_markup(params.get("reply_markup"))
        if inline_markup == message.get("reply_markup"):
            raise bad_request(_NOT_MODIFIED)
        if inline_markup is None:
            message.pop("reply_markup", None)
        else:
            message["reply_markup"] = inline_markup
        message["edit_date"] = int(time.time())
        text = message.get("text", message.get("caption"))
        self._record_sent("editMessageReplyMarkup", message, params, text)
        return copy.deepcopy(message)

    def _delete_message(self, params: dict[str, Any]) -> bool:
        message = self._stored_message(params, "delete")
        del self._messages[(message["chat"]["id"], message["message_id"])]
        return True
