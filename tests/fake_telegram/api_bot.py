"""Bot API methods about the bot itself: getMe, logOut, close, its commands and profile setters."""

from __future__ import annotations

import copy
from typing import Any

from tests.fake_telegram.state import Method, State
from tests.fake_telegram.wire import bad_request

# Setters a bot may call at start-up; the fake accepts them and answers True.
_ACCEPTED_SETTERS = (
    "setMyName",
    "setChatMenuButton",
    "setMyDefaultAdministratorRights",
)


class BotApi(State):
    """The bot's identity, its command lists per scope and language, and accepted setters."""

    def _bot_methods(self) -> dict[str, Method]:
        methods: dict[str, Method] = {
            "getMe": lambda _params: self.bot_user(full=True),
            "logOut": lambda _params: True,
            "close": lambda _params: True,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setMyDescription": lambda params: self._set_description(params, "description", 512),
            "setMyShortDescription": lambda params: self._set_description(
                params, "short_description", 120
            ),
            "getMyDescription": lambda params: {
                "description": self._descriptions.get(("description", _language(params)), "")
            },
            "getMyShortDescription": lambda params: {
                "short_description": self._descriptions.get(
                    ("short_description", _language(params)), ""
                )
            },
        }
        methods.update({name: (lambda _params: True) for name in _ACCEPTED_SETTERS})
        return methods

    @staticmethod
    def _scope_key(params: dict[str, Any]) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        key = scope["type"]
        for extra in ("chat_id", "user_id"):
            if extra in scope:
                key += f":{scope[extra]}"
        return key, str(params.get("language_code") or "")

    def _set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise bad_request("commands is empty")
        if len(commands) > 100:
            raise bad_request("too many commands")
        for command in commands:
            name = str(command.get("command", ""))
            description = str(command.get("description", ""))
            valid_name = 1 <= len(name) <= 32 and all(
                c.isascii() and (c.islower() or c.isdigit() or c == "_") for c in name
            )
            if not valid_name or not 1 <= len(description) <= 256:
                raise bad_request("BOT_COMMAND_INVALID")
        self._commands[self._scope_key(params)] = copy.deepcopy(commands)
        return True

    def _get_my_commands(self, params: dict[str, Any]) -> list[dict]:
        return copy.deepcopy(self._commands.get(self._scope_key(params), []))

    def _set_description(self, params: dict[str, Any], kind: str, limit: int) -> bool:
        text = str(params.get(kind) or "")
        if len(text) > limit:
            raise bad_request(f"{kind.upper()}_INVALID")
        self._descriptions[(kind, _language(params))] = text
        return True

    def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        self._commands.pop(self._scope_key(params), None)
        return True


def _language(params: dict[str, Any]) -> str:
    return str(params.get("language_code") or "")
