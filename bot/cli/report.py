"""`python -m bot report`: the staff reports, read from the database on the command line."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.clock import SystemClock
from bot.core.gaps import group_gaps
from bot.kb import KnowledgeError, load_knowledge
from bot.settings import Settings
from bot.staff.reports import format_audit, format_escalations, format_gaps, format_stats, gaps_csv
from bot.store import Store


async def report(settings: Settings, *, csv: bool, days: int, audit: bool = False) -> str:
    """The whole report as text, the unanswered-question groups as CSV, or the audit log."""
    clock = SystemClock()
    try:  # times in the clinic's zone when its settings load
        zone = load_knowledge(settings.knowledge_dir).clinic.timezone
    except KnowledgeError:
        zone = "UTC"
    async with Store.open_context(settings.db_path, clock) as store:
        await store.reports.audit(None, "report", "audit log" if audit else "command line report")
        if audit:
            return format_audit(await store.reports.audit_log(limit=1000), ZoneInfo(zone))
        gaps = group_gaps(q.text for q in await store.reports.unanswered(limit=100_000))
        if csv:
            return gaps_csv(gaps)
        stats = await store.reports.stats(clock.now())
        escalations = await store.reports.escalations(since=clock.now() - timedelta(days=days))
    sections = [
        format_stats(stats),
        format_gaps(gaps, limit=50),
        format_escalations(escalations, ZoneInfo(zone)),
    ]
    return "\n\n".join(sections) + "\n"
