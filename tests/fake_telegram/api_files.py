"""Bot API methods for files: sendPhoto, sendDocument, getFile, and downloads from /file/bot.

A document keeps its bytes (sent by the bot or by a user with `send_document`), and a
download serves them; other files download as a few bytes naming them.
"""

from __future__ import annotations

import copy
from typing import Any

from tests.fake_telegram.content import check_markup, check_text
from tests.fake_telegram.state import Method, State
from tests.fake_telegram.wire import bad_request, error_envelope, json_response


class FilesApi(State):
    """Photos and documents the bot sends, and the (fake) bytes of any file it downloads."""

    def _file_methods(self) -> dict[str, Method]:
        return {
            "sendPhoto": lambda params: self._send_file(params, "photo"),
            "sendDocument": lambda params: self._send_file(params, "document"),
            "getFile": self._get_file,
        }

    def _send_file(self, params: dict[str, Any], kind: str) -> dict:
        chat = self._target_chat(params)
        source = params.get(kind)
        if not source:
            raise bad_request(f"there is no {kind} in the request")
        caption = params.get("caption")
        if caption is not None:
            check_text(str(caption), params.get("parse_mode"), caption=True)
        file = self._new_file(kind)
        if isinstance(source, str) and not source.startswith(("http://", "https://", "attach:")):
            file["file_id"] = source  # resending a known file_id
        if kind == "photo":
            content: dict[str, Any] = {"photo": [{**file, "width": 800, "height": 800}]}
        else:
            name = source.get("upload") if isinstance(source, dict) else None
            content = {"document": {**file, "file_name": name or "document"}}
            if isinstance(source, dict) and "data" in source:
                self._file_contents[file["file_id"]] = source["data"]
        if caption is not None:
            content["caption"] = caption
        content.update(self._reply_to(chat, params))
        inline_markup = check_markup(params.get("reply_markup"))
        if inline_markup is not None:
            content["reply_markup"] = inline_markup
        message = self._new_message(chat, self.bot_user(), content)
        method = "sendPhoto" if kind == "photo" else "sendDocument"
        self._record_sent(method, message, params, caption)
        return copy.deepcopy(message)

    def _get_file(self, params: dict[str, Any]) -> dict:
        file_id = str(params.get("file_id") or "")
        if not file_id:
            raise bad_request("file_id is empty")
        stored = self._file_contents.get(file_id)
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": len(stored) if stored is not None else 1024,
            "file_path": f"files/{file_id}",
        }

    def _serve_file(self, path: str) -> tuple[int, str, bytes]:
        """Answers GET /file/bot{token}/{file_path} with a few bytes naming the file."""
        prefix = f"/file/bot{self.token}/"
        if not path.startswith(prefix):
            return json_response(401, error_envelope(401, "Unauthorized"))
        file_path = path[len(prefix) :]
        with self._cond:
            stored = self._file_contents.get(file_path.removeprefix("files/"))
        if stored is not None:
            return 200, "application/octet-stream", stored
        return 200, "application/octet-stream", f"fake file {file_path}".encode()
