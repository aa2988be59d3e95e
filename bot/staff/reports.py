"""What staff read about the bot's use: figures, the questions to write next, escalations."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.gaps import Gap
from bot.store import AuditEntry, Escalation, Stats


def format_stats(stats: Stats) -> str:
    """The /stats message."""
    return "\n".join(
        [
            "📊 Aftercare bot",
            f"Clients: {stats.clients:,} (active: {stats.active_7_days:,} in the last 7 days, "
            f"{stats.active_30_days:,} in the last 30)",
            f"Treatment sessions recorded: {stats.sessions:,}",
            f"Check-ins sent: {stats.checkins_sent:,}, answered: {stats.checkins_answered:,}",
            f"Escalations in the last 7 days: {stats.escalations_7_days:,}",
            f"Questions not answered: {stats.unanswered:,} (see /gaps)",
            f"Broadcasts: {stats.broadcasts:,} ({stats.broadcast_messages:,} messages delivered)",
        ]
    )


def format_gaps(gaps: Sequence[Gap], limit: int = 15) -> str:
    """The /gaps message: groups of unanswered questions, most frequent first."""
    if not gaps:
        return "No unanswered questions so far: the knowledge base covered everything asked."
    lines = [
        "Questions the bot could not answer, most frequent first (add them to a topic, "
        "or to not-covered.yaml if the bot should keep saying it is not sure):"
    ]
    for number, gap in enumerate(gaps[:limit], start=1):
        lines.append(f"{number}. ×{gap.count} “{gap.example}”")
    if len(gaps) > limit:
        lines.append(f"… and {len(gaps) - limit} more groups (python -m bot report --csv)")
    return "\n".join(lines)


def gaps_csv(gaps: Sequence[Gap]) -> str:
    """The same groups as CSV: count, example, every question of the group."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["count", "example", "questions"])
    for gap in gaps:
        writer.writerow([gap.count, gap.example, " | ".join(gap.questions)])
    return out.getvalue()


def format_escalations(escalations: Sequence[Escalation], zone: ZoneInfo) -> str:
    """Recent escalations, newest first, so none is missed."""
    if not escalations:
        return "No escalations in this period."
    lines = ["Escalations, newest first:"]
    for item in escalations:
        lines.append(
            f"• {_when(item.at, zone)}: {item.first_name or 'no name'} (chat {item.chat_id}), "
            f"{item.sign_id}: “{item.text}”"
        )
    return "\n".join(lines)


def format_audit(entries: Sequence[AuditEntry], zone: ZoneInfo) -> str:
    """Staff actions, newest first: when, who (a Telegram user id, or the command line), what."""
    if not entries:
        return "No staff actions recorded yet.\n"
    lines = []
    for entry in entries:
        who = f"staff {entry.actor}" if entry.actor is not None else "command line"
        client = f" (chat {entry.client_chat})" if entry.client_chat is not None else ""
        lines.append(f"{_when(entry.at, zone)}  {who}  {entry.action}: {entry.detail}{client}")
    return "\n".join(lines) + "\n"


def _when(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%a %d %b %H:%M")
