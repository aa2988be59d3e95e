"""The bot's health for staff: /health, and what the staff chat is told when things fail."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from telegram import Bot, Update

from bot.core.alerts import Failures
from bot.core.health import describe_duration
from bot.core.messages import Messages
from bot.jobs.alerts import StaffAlerts, Watch
from bot.telegram.connection import Channel
from bot.telegram.context import BotContext, Services
from bot.telegram.handlers.staff import notify_staff, refuse_unless_staff, staff_id
from bot.telegram.sending import send_text
from bot.telegram.wording import knowledge_problems, number


async def health_command(update: Update, context: BotContext) -> None:
    """/health (staff): uptime, last poll, check-ins, broadcasts, last backup, knowledge."""
    if await refuse_unless_staff(update, context) or update.effective_chat is None:
        return
    services = context.services
    await services.store.reports.audit(staff_id(update), "report", "/health")
    await send_text(context.bot, update.effective_chat.id, await describe_health(services))


async def describe_health(services: Services) -> str:
    say, now = services.messages, services.clock.now()
    started = services.heartbeat.started_at if services.heartbeat else now
    last_poll = services.link.last_poll_at if services.link else None
    last_backup = services.backups.last_backup() if services.backups else None
    due, waiting = await services.store.checkins.pending_counts(now)
    broadcasts = await services.store.broadcasts.unfinished()
    knowledge, topics = services.knowledge, len(services.assistant.kb.topics)
    if knowledge.problems:
        about_knowledge = say.render(
            "health_knowledge_saved_copy",
            version=knowledge.version,
            topics=topics,
            count=len(knowledge.problems),
        )
    else:
        about_knowledge = say.render("health_knowledge", version=knowledge.version, topics=topics)
    return say.render(
        "health",
        uptime=describe_duration(now - started),
        started=_moment(started, services.tz),
        last_poll=_ago(say, now, last_poll, "health_never"),
        due=number(due),
        waiting=number(waiting),
        broadcasts=number(len(broadcasts)),
        last_backup=_ago(
            say, now, last_backup.taken_at if last_backup else None, "health_no_backup"
        ),
        knowledge=about_knowledge,
    )


def staff_alerts(bot: Bot, services: Services, grace: timedelta) -> StaffAlerts:
    """Watches for Telegram, sending, backups and the knowledge folder, told to the staff chat.

    Failing to reach Telegram or to send is told after `grace`; a failed backup and a start
    on the saved knowledge at once. A fixed knowledge folder is announced by its reload.
    """
    link, backups, knowledge = services.link, services.backups, services.knowledge
    watches = []
    if link is not None:
        watches += [
            Watch(
                "reaching Telegram",
                link.polls.failures,
                grace,
                _failing(services, "alert_telegram_failing", link.polls),
                _recovered(services, "alert_telegram_recovered"),
            ),
            Watch(
                "sending",
                link.sends.failures,
                grace,
                _failing(services, "alert_sends_failing", link.sends),
                _recovered(services, "alert_sends_recovered"),
            ),
        ]
    if backups is not None:
        watches.append(
            Watch(
                "backups",
                lambda: backups.failures,
                timedelta(0),
                lambda _since: services.messages.render(
                    "alert_backup_failing", error=backups.last_error or "?"
                ),
                lambda _since, _now: services.messages.render("alert_backup_recovered"),
            )
        )
    started = services.clock.now()
    watches.append(
        Watch(
            "the knowledge folder",
            lambda: Failures(started, started) if knowledge.problems else None,
            timedelta(0),
            lambda _since: knowledge_problems(
                services.messages,
                [str(problem) for problem in knowledge.problems],
                "alert_knowledge_saved_copy",
            ),
        )
    )

    async def notify(text: str) -> bool:
        return await notify_staff(bot, services, text)

    def can_tell() -> bool:  # no use trying while nothing reaches Telegram
        reachable = link is None or link.unreachable_because is None
        return services.settings.staff_chat_id is not None and reachable

    return StaffAlerts(watches, services.clock, notify, can_tell)


def _failing(services: Services, key: str, channel: Channel) -> Callable[[datetime], str]:
    def failing(since: datetime) -> str:
        return services.messages.render(
            key, since=_moment(since, services.tz), error=channel.last_error or "?"
        )

    return failing


def _recovered(services: Services, key: str) -> Callable[[datetime, datetime], str]:
    def recovered(since: datetime, now: datetime) -> str:
        return services.messages.render(
            key, since=_moment(since, services.tz), lasted=describe_duration(now - since)
        )

    return recovered


def _ago(say: Messages, now: datetime, moment: datetime | None, never: str) -> str:
    if moment is None:
        return say.render(never)
    return say.render("health_ago", duration=describe_duration(now - moment))


def _moment(moment: datetime, zone: ZoneInfo) -> str:
    return f"{moment.astimezone(zone):%d %b %H:%M}"
