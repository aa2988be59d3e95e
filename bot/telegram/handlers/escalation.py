"""A warning sign at the Telegram edge: the client told what to do now, staff alerted at once."""

from __future__ import annotations

import logging

from telegram.error import TelegramError

from bot.core.dates import describe_day
from bot.core.reply import Reply
from bot.store import ClientVisit
from bot.telegram.context import BotContext
from bot.telegram.handlers import inbox
from bot.telegram.sending import send_text
from bot.telegram.wording import staff_alert

log = logging.getLogger(__name__)


async def escalate(context: BotContext, visit: ClientVisit, text: str, reply: Reply) -> None:
    """Tell the client what to do at once, record it, alert the staff chat if there is one.

    The client hears that the team was alerted only if the alert went through; a failed
    alert is logged and never stops the client's reply, and a failed record never stops the
    alert.
    """
    services = context.services
    chat_id, session_at = visit.client.chat_id, visit.last_session_at
    sign = reply.sign
    try:
        delivered = await send_text(context.bot, chat_id, reply.text) is not None
    except TelegramError:
        log.exception("Could not send the escalation reply to chat %s", chat_id)
        delivered = False
    sign_id = sign.id if sign else "unknown"
    try:
        await services.store.reports.record_escalation(chat_id, sign_id, text)
    except Exception:  # the staff alert matters more than the record: it still goes
        log.exception("Could not record the warning sign of chat %s", chat_id)
    log.info("chat %s reported a warning sign: %s", chat_id, sign_id)
    staff_chat = services.settings.staff_chat_id
    if staff_chat is None:
        return
    alert = staff_alert(
        services.messages,
        first_name=visit.client.first_name,
        chat_id=chat_id,
        sign=sign.title if sign else "warning sign",
        level=sign.level if sign else "unknown",
        text=text,
        session=describe_day(session_at, services.clock.now(), services.tz) if session_at else None,
    )
    alerted = await inbox.to_staff(context.bot, services, visit, "escalation", text, header=alert)
    if alerted and delivered:
        await send_text(context.bot, chat_id, services.messages.render("team_alerted"))
