"""One message key: when the message is sent and the placeholders it takes."""

from __future__ import annotations

from dataclasses import dataclass

CONTACT = "contact"
# Filled in from clinic.yaml; `{contact}` is the `contact` message itself.
COMMON = (
    "clinic_name",
    "phone",
    "hours",
    "emergency_number",
    "address",
    "website",
    "booking",
    CONTACT,
)


@dataclass(frozen=True)
class MessageKey:
    """When a message is sent, and the placeholders it takes besides the clinic's details."""

    when: str
    placeholders: tuple[str, ...] = ()


def key(when: str, *placeholders: str) -> MessageKey:
    return MessageKey(when, placeholders)
