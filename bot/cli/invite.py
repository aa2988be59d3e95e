"""`python -m bot invite`: a start link and its QR code, made from the command line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.cli.environment import knowledge_line
from bot.cli.failure import SetupError
from bot.cli.telegram_check import bot_username
from bot.clock import SystemClock
from bot.core.dates import describe_day, parse_session_moment
from bot.kb import KnowledgeError, load_knowledge
from bot.settings import Settings
from bot.staff.invites import code_hash, issue_invite, qr_png, start_link
from bot.store import Store


@dataclass(frozen=True)
class MadeInvite:
    link: str
    qr_png: bytes
    expires: str
    reference: str  # names its QR code file: the start of its code's hash, not the client


def default_qr_path(settings: Settings, made: MadeInvite) -> Path:
    """Where the QR code goes unless `--qr` says: `invites/` in the state folder, which the
    bot's user can write (in the image, the code's folder is read-only). Named without the
    client's name, which would outlive their /forget there."""
    return settings.state_dir / "invites" / f"invite-{made.reference}.png"


def write_qr(path: Path, png: bytes) -> None:
    """The QR code, owner-only: it carries a start link that works once."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.write_bytes(png)
    path.chmod(0o600)


async def invite(settings: Settings, name: str, session: str, days: int) -> MadeInvite:
    """Ask Telegram for the bot's username, store the invite, make its QR code; SetupError
    (one line) if the knowledge, the session or Telegram is not right."""
    try:
        kb = load_knowledge(settings.knowledge_dir)
    except KnowledgeError as error:
        raise SetupError(knowledge_line(error, settings.knowledge_dir)) from None
    zone, clock = ZoneInfo(kb.clinic.timezone), SystemClock()
    now = clock.now()
    session_at = parse_session_moment(session, now, zone) if session.strip() else now
    if session_at is None:
        raise SetupError(f'--session "{session}" is not a date, e.g. "2026-11-20 14:30"')
    username = await bot_username(settings)
    async with Store.open_context(settings.db_path, clock) as store:
        issued = await issue_invite(
            store, clock, name.strip(), session_at, None, timedelta(days=days)
        )
    link = start_link(username, issued.code)
    expires = describe_day(issued.expires_at, now, zone)
    return MadeInvite(link, qr_png(link), expires, code_hash(issued.code)[:8])
