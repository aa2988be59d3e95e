"""How long one chat message may be, stated once: the core reads no more of a client's
message, the knowledge checks hold answers and check-ins to it, the Telegram edge splits
longer texts at it."""

from __future__ import annotations

MAX_MESSAGE_LENGTH = 4096  # Telegram's limit; it counts UTF-16 code units
