"""The Bot API's wire format: request bodies in, `{"ok": ...}` envelopes and API errors out."""

from __future__ import annotations

import email.parser
import email.policy
import json
from typing import Any
from urllib.parse import parse_qsl

# How form fields (always strings on the wire) are decoded.
_JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "commands",
        "allowed_updates",
        "entities",
        "caption_entities",
        "scope",
        "reply_parameters",
        "link_preview_options",
        "media",
        "message_ids",
        "reaction",
        "menu_button",
        "rights",
    }
)
_INT_FIELDS = frozenset(
    {
        "chat_id",
        "from_chat_id",
        "message_id",
        "offset",
        "limit",
        "reply_to_message_id",
        "message_thread_id",
        "user_id",
        "cache_time",
        "max_connections",
    }
)
_FLOAT_FIELDS = frozenset({"timeout", "latitude", "longitude"})
_BOOL_FIELDS = frozenset(
    {
        "disable_notification",
        "protect_content",
        "show_alert",
        "drop_pending_updates",
        "disable_web_page_preview",
        "allow_sending_without_reply",
        "has_spoiler",
        "show_caption_above_media",
        "allow_paid_broadcast",
    }
)


class ApiError(Exception):
    """Raised by method implementations; becomes an error envelope with the same HTTP status."""

    def __init__(self, status: int, description: str, parameters: dict | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


def bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


def _decode_field(name: str, value: Any) -> Any:
    """Turns a form field (a string) into the value Telegram would see."""
    if not isinstance(value, str):
        return value
    try:
        if name in _JSON_FIELDS:
            return json.loads(value)
        if name in _INT_FIELDS:
            return int(value)
        if name in _FLOAT_FIELDS:
            number = float(value)
            return int(number) if number.is_integer() else number
    except ValueError:
        return value  # e.g. chat_id="@channel": the method decides
    if name in _BOOL_FIELDS:
        return value.strip().lower() in ("true", "1")
    return value


def parse_body(content_type: str, query: str, body: bytes) -> dict[str, Any]:
    """Decodes the query string plus a form, multipart or JSON body into one parameter dict.

    An uploaded file becomes {"upload": filename, "size": bytes, "content_type": ...,
    "data": the bytes}.
    """
    params: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type == "application/json":
        decoded = json.loads(body or b"{}")
        if not isinstance(decoded, dict):
            raise ValueError("the JSON body is not an object")
        params.update(decoded)
    elif media_type == "multipart/form-data":
        head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
        if not message.is_multipart():
            raise ValueError("malformed multipart body")
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            filename = part.get_filename()
            if filename is None:
                params[str(name)] = payload.decode("utf-8")
            else:
                params[str(name)] = {
                    "upload": filename,
                    "size": len(payload),
                    "content_type": part.get_content_type(),
                    "data": payload,
                }
    elif body:
        params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    return {name: _decode_field(name, value) for name, value in params.items()}


def json_response(status: int, envelope: dict[str, Any]) -> tuple[int, str, bytes]:
    return status, "application/json", json.dumps(envelope, ensure_ascii=False).encode("utf-8")


def error_envelope(status: int, description: str, parameters: dict | None = None) -> dict:
    envelope: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        envelope["parameters"] = parameters
    return envelope
