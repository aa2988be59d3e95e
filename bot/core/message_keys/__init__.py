"""Every message the bot says in its own words: its key, when it is sent, the placeholders it takes.

Declared once here: `kb check` holds `knowledge/messages.yaml` to it, `Messages.render`
refuses values it does not declare, and the staff guide's list of messages comes from it.
The clinic's details (`COMMON`) may be used in every message. Clients' messages are in
`client.py`, staff's in `staff.py`, what each placeholder holds in `placeholders.py`.
"""

from __future__ import annotations

from bot.core.message_keys.client import CLIENT_KEYS
from bot.core.message_keys.key import COMMON, CONTACT, MessageKey
from bot.core.message_keys.placeholders import PLACEHOLDERS
from bot.core.message_keys.staff import STAFF_KEYS

__all__ = ["COMMON", "CONTACT", "MESSAGE_KEYS", "PLACEHOLDERS", "MessageKey", "available"]

MESSAGE_KEYS: dict[str, MessageKey] = {**CLIENT_KEYS, **STAFF_KEYS}


def available(key: str) -> tuple[str, ...]:
    """The placeholders message `key` may use: its own and the clinic's details."""
    common = tuple(name for name in COMMON if name != key)
    return (*MESSAGE_KEYS[key].placeholders, *common)
