"""Start links the front desk hands a client at the chair: unguessable, single use, short-lived.

Only a hash of each code is stored, so a copy of the database cannot be used to claim links.
"""

from __future__ import annotations

import hashlib
import io
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import segno

from bot.clock import Clock
from bot.store import Store

CODE_BYTES = 18  # 24 characters of A-Z a-z 0-9 _ -: well inside Telegram's 64
DEFAULT_LIFETIME = timedelta(days=7)
_START_PARAMETER = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def new_code() -> str:
    """A fresh code that fits Telegram's start parameter."""
    return secrets.token_urlsafe(CODE_BYTES)


def is_code_shaped(text: str) -> bool:
    """Whether `text` could be a start parameter at all (made-up junk is turned away early)."""
    return bool(_START_PARAMETER.match(text))


def code_hash(code: str) -> str:
    """What the database keeps instead of the code."""
    return hashlib.sha256(code.encode("ascii", "replace")).hexdigest()


def start_link(bot_username: str, code: str) -> str:
    """The t.me link that opens the bot with the code."""
    return f"https://t.me/{bot_username}?start={code}"


def qr_png(link: str, scale: int = 8) -> bytes:
    """A QR code of the link, as PNG bytes a phone camera can scan."""
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


@dataclass(frozen=True)
class IssuedInvite:
    """A start link just made, and until when it works."""

    code: str
    expires_at: datetime


async def issue_invite(
    store: Store,
    clock: Clock,
    first_name: str,
    session_at: datetime | None,
    created_by: int | None,
    lifetime: timedelta = DEFAULT_LIFETIME,
) -> IssuedInvite:
    """Make a code, keep only its hash with the client's name and session, and audit it.

    The audit says a start link was made, not for whom: it outlives the client's /forget.
    """
    code = new_code()
    expires_at = clock.now() + lifetime
    await store.invites.create(code_hash(code), first_name, session_at, created_by, expires_at)
    await store.reports.audit(created_by, "invite", "start link")
    return IssuedInvite(code, expires_at)
