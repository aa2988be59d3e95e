"""Staff reports in Telegram: /stats, /gaps and /escalations."""

from __future__ import annotations

from datetime import timedelta

from telegram import Update

from bot.core.gaps import group_gaps
from bot.staff.reports import format_escalations, format_gaps, format_stats
from bot.telegram.context import BotContext
from bot.telegram.handlers.staff import refuse_unless_staff, staff_id
from bot.telegram.sending import send_text

ESCALATION_DAYS = 7


async def stats_command(update: Update, context: BotContext) -> None:
    """/stats: clients, activity, sessions, check-ins, escalations."""
    if await refuse_unless_staff(update, context) or update.effective_chat is None:
        return
    services = context.services
    stats = await services.store.reports.stats(services.clock.now())
    await services.store.reports.audit(staff_id(update), "report", "/stats")
    await send_text(context.bot, update.effective_chat.id, format_stats(stats))


async def gaps_command(update: Update, context: BotContext) -> None:
    """/gaps: what clients asked that the knowledge base could not answer, grouped."""
    if await refuse_unless_staff(update, context) or update.effective_chat is None:
        return
    questions = [q.text for q in await context.services.store.reports.unanswered()]
    await context.services.store.reports.audit(staff_id(update), "report", "/gaps")
    await send_text(context.bot, update.effective_chat.id, format_gaps(group_gaps(questions)))


async def escalations_command(update: Update, context: BotContext) -> None:
    """/escalations: the last week's escalations with name, time and message."""
    if await refuse_unless_staff(update, context) or update.effective_chat is None:
        return
    services = context.services
    since = services.clock.now() - timedelta(days=ESCALATION_DAYS)
    items = await services.store.reports.escalations(since=since, limit=100)
    await services.store.reports.audit(staff_id(update), "report", "/escalations")
    await send_text(context.bot, update.effective_chat.id, format_escalations(items, services.tz))
