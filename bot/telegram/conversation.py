"""A client's conversation with the clinic team: open while either side writes, ended by
/done or by clinic.yaml's quiet period (`conversation_ends_after`)."""

from __future__ import annotations

from telegram import Bot

from bot.store import Client
from bot.telegram.context import Services
from bot.telegram.sending import send_text

OPEN, ENDED = "open", "ended"


def state(services: Services, client: Client) -> str | None:
    """OPEN while staff and client are talking, ENDED once it has been quiet long enough
    (until the client is told), None when there is none."""
    until = client.inbox_open_until
    if until is None:
        return None
    return OPEN if services.clock.now() < until else ENDED


async def keep_open(services: Services, chat_id: int) -> None:
    """Someone wrote: the conversation stays open for the quiet period from now."""
    until = services.clock.now() + services.clinic.conversation_ends_after
    await services.store.inbox.open(chat_id, until)


async def from_team(bot: Bot, services: Services, chat_id: int, text: str) -> bool:
    """Send the team's words to a client (framed as theirs) and keep the conversation open;
    False, and the client marked, if they blocked the bot."""
    framed = services.messages.render("from_clinic_team", text=text)
    if await send_text(bot, chat_id, framed) is None:
        await services.store.clients.mark_blocked(chat_id)
        return False
    await keep_open(services, chat_id)
    return True
