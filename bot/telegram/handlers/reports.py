"""Staff reports in Telegram: /stats, /gaps and /escalations."""

from __future__ import annotations

from datetime import timedelta

from telegram import Update

from bot.core.gaps import group_gaps
from bot.staff.reports import format_escalations, format_gaps, format_stats
from bot.telegram.context import BotContext
from bot.telegram.handlers.staff import refuse_unless_staff, staff_id
from bot.telegram.sending import send_text
from bot.telegram.staff_keyboards import pick_keyboard

ESCALATION_DAYS = 7
GAPS_LISTED = 15  # as many as format_gaps shows, each with its button


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
    questions = await context.services.store.reports.unanswered()  # newest first
    gaps = group_gaps([q.text for q in questions])
    newest: dict[str, int] = {}
    for question in questions:
        newest.setdefault(question.text, question.id)
    picks = [newest[gap.example] for gap in gaps[:GAPS_LISTED]]
    await context.services.store.reports.audit(staff_id(update), "report", "/gaps")
    text = format_gaps(gaps, limit=GAPS_LISTED)
    if picks:
        text += "\n\n" + context.services.messages.render("gaps_hint")
    await send_text(context.bot, update.effective_chat.id, text, pick_keyboard(picks))


async def escalations_command(update: Update, context: BotContext) -> None:
    """/escalations: the last week's escalations with name, time and message."""
    if await refuse_unless_staff(update, context) or update.effective_chat is None:
        return
    services = context.services
    since = services.clock.now() - timedelta(days=ESCALATION_DAYS)
    items = await services.store.reports.escalations(since=since, limit=100)
    await services.store.reports.audit(staff_id(update), "report", "/escalations")
    await send_text(context.bot, update.effective_chat.id, format_escalations(items, services.tz))
