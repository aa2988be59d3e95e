"""The one line a command ends with when it cannot do its work: `error: ...`, token masked.

Whatever a line quotes (a library's message, a path, a URL), the bot's token never
reaches the terminal or a container's log through it.
"""

from __future__ import annotations

from typing import TextIO

from bot.logs import MaskSecrets, token_secrets


class SetupError(Exception):
    """What to fix before the command can work, in one line."""


def fail(err: TextIO, line: str, *, token: str = "", code: int = 2) -> int:
    """Print `error: line` on `err`, the token (if given) masked; return `code`."""
    print(f"error: {MaskSecrets(token_secrets(token)).hide(line)}", file=err)
    return code
