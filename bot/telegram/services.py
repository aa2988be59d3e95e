"""The running bot's services: opened in post_init, background loops, closed at shutdown.

`open_services` builds everything the handlers use (`Services`) and starts the loops: the
check-in dispatcher, broadcasts, knowledge reload, digests, heartbeat, backups and staff
alerts; sending starts once this process holds the send lease. `stop_background` ends the
loops before `close_services` closes the store.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from telegram.ext import Application

from bot.clock import Clock
from bot.core.assistant import Assistant
from bot.core.ranking import SemanticRanker
from bot.jobs.backups import BackupJob
from bot.jobs.broadcasts import BroadcastSender
from bot.jobs.dispatcher import CheckinDispatcher
from bot.jobs.heartbeat import HeartbeatWriter, heartbeat_path
from bot.jobs.lease import HANDOVER_SECONDS, RENEW_SECONDS, SendLease
from bot.jobs.outbox import Outbox
from bot.jobs.reloader import KnowledgeHolder
from bot.settings import Settings
from bot.store import Store
from bot.telegram.connection import TelegramLink
from bot.telegram.context import Services
from bot.telegram.handlers import broadcasts, checkins, digest, health, staff

log = logging.getLogger(__name__)

BACKUP_CHECK_SECONDS = 300.0  # how often the backup job looks whether a backup is due


async def open_services(
    app: Application,
    *,
    settings: Settings,
    assistant: Assistant,
    clock: Clock,
    link: TelegramLink,
    knowledge: KnowledgeHolder | None,
    ranker: SemanticRanker | None = None,
) -> None:
    """post_init: open the store, hand the services to the handlers, publish the menus, then
    take the send lease (or wait for it in the background) and start the loops; `ranker`
    joins the answering in the background (embedding the phrasings takes a second or two)."""
    store = await Store.open(settings.db_path, clock)
    knowledge = knowledge or KnowledgeHolder(settings.knowledge_dir, assistant)
    outbox = app.bot.rate_limiter
    assert isinstance(outbox, Outbox)
    kb = lambda: knowledge.assistant.kb  # noqa: E731 - the current one, after every reload
    dispatcher = CheckinDispatcher(store, clock, kb, outbox, checkins.checkin_sender(app.bot))
    broadcaster = BroadcastSender(store, app.bot, outbox, clock, lambda: kb().clinic)
    heartbeat = HeartbeatWriter(
        heartbeat_path(settings.db_path),
        clock,
        store,
        knowledge,
        lambda: link.last_poll_at,
        lambda: link.unreachable_because,
    )
    backups = BackupJob(
        settings.db_path,
        clock,
        timedelta(hours=settings.backup_hours),
        settings.backup_daily,
        settings.backup_weekly,
    )
    services = Services(
        settings,
        knowledge,
        store,
        clock,
        outbox,
        dispatcher,
        broadcaster,
        SendLease(store, clock, "bot"),
        link=link,
        heartbeat=heartbeat,
        backups=backups,
    )
    await digest.recover(services)
    app.bot_data.services = services
    kb_now = knowledge.assistant.kb
    await services.menus.publish(app.bot, kb_now.messages, kb_now.clinic)
    assert services.lease is not None
    if await services.lease.take():
        await start_sending(app, services, resuming=True)
    alerts = health.staff_alerts(app.bot, services, timedelta(minutes=settings.alert_minutes))
    app.bot_data.tasks += [
        asyncio.create_task(keep_sending(app, services), name="send lease"),
        asyncio.create_task(heartbeat.run(settings.heartbeat_seconds), name="heartbeat"),
        asyncio.create_task(backups.run(BACKUP_CHECK_SECONDS), name="backups"),
        asyncio.create_task(alerts.run(settings.heartbeat_seconds), name="alerts"),
        asyncio.create_task(dispatcher.run(settings.dispatch_seconds), name="check-ins"),
        asyncio.create_task(staff.watch_knowledge(app.bot, services), name="knowledge"),
        asyncio.create_task(digest.run_digests(app.bot, services), name="digests"),
    ]
    if ranker is not None:
        app.bot_data.tasks.append(asyncio.create_task(attach_ranker(knowledge, ranker)))
    log.info(
        "Bot @%s ready: %d topics (knowledge %s), database %s",
        app.bot.username,
        len(knowledge.assistant.kb.topics),
        knowledge.version,
        settings.db_path,
    )
    log_staff = log.warning if settings.staff_chat_id is None else log.info
    log_staff("Staff: %s", settings.describe_staff())


async def start_sending(app: Application, services: Services, *, resuming: bool = False) -> None:
    """The send lease is ours: what a stop left in flight goes back to the queue, the outbox
    opens, and the broadcasts still sending carry on (`resuming`: at start, staff are told)."""
    store = services.store
    released = await store.checkins.release_claims() + await store.broadcasts.release_claims()
    if released:
        log.info("%d message(s) in flight at the last stop were put back in the queue", released)
    assert services.outbox is not None
    assert services.lease is not None
    services.outbox.start_sending(services.lease.quiet_first)
    await broadcasts.pick_up_broadcasts(app.bot, services, app.bot_data.tasks, resuming=resuming)


async def keep_sending(app: Application, services: Services) -> None:
    """Hold the send lease (or wait for it), renew it, and pick up broadcasts queued since
    (from the command line, or waiting for quiet hours to end), until cancelled."""
    lease, outbox = services.lease, services.outbox
    assert lease is not None
    assert outbox is not None
    while True:
        try:
            if not lease.held or not outbox.sending:
                if not lease.held:
                    await _wait_for_lease(lease)
                await start_sending(app, services)
            await asyncio.sleep(RENEW_SECONDS)
            if not await lease.renew():
                outbox.stop_sending()
                log.error("The send lease was lost (this process stalled); sending is on hold")
                continue
            await broadcasts.pick_up_broadcasts(app.bot, services, app.bot_data.tasks)
        except Exception:  # e.g. the database was busy: the lease lapses only after 30 s
            log.exception("Keeping the send lease failed; trying again")
            await asyncio.sleep(RENEW_SECONDS)


async def _wait_for_lease(lease: SendLease) -> None:
    """Until it is ours: ask the holder (a command-line broadcast hands it over)."""
    told = False
    while not await lease.take():
        holder = await lease.holder_now()
        if holder is not None and not told:
            log.warning(
                "Waiting for %s (pid %d on %s) to hand over sending", holder.kind, holder.pid,
                holder.host,
            )  # fmt: skip
            told = True
        await lease.ask()
        await asyncio.sleep(HANDOVER_SECONDS)
    log.info("Holding the send lease: this process sends")


async def attach_ranker(knowledge: KnowledgeHolder, ranker: SemanticRanker) -> None:
    """Embed the phrasings off the event loop, then answer with the ranker; words alone if
    that fails (logged)."""
    try:
        await asyncio.to_thread(knowledge.attach_ranker, ranker)
    except Exception:
        log.exception("The semantic ranker could not start: answering by words alone")
        return
    log.info("Semantic ranker ready")


async def stop_background(app: Application) -> None:
    """post_stop: end the background loops before the store closes."""
    tasks, app.bot_data.tasks = app.bot_data.tasks, []
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    services = app.bot_data.services
    if services is not None and services.heartbeat is not None:
        services.heartbeat.remove()  # stopped: `health` must not read an old heartbeat


async def close_services(app: Application) -> None:
    """post_shutdown: hand back the send lease, close the store."""
    services = app.bot_data.services
    if services is not None:
        app.bot_data.services = None
        if services.lease is not None:
            await services.lease.release()
        await services.store.close()
