"""The Telegram application: `build_application` is the table of contents of every handler."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from functools import partial

from telegram import Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.clock import Clock
from bot.core.assistant import Assistant
from bot.jobs.backups import BackupJob
from bot.jobs.broadcasts import BroadcastSender
from bot.jobs.dispatcher import CheckinDispatcher
from bot.jobs.heartbeat import HeartbeatWriter, heartbeat_path
from bot.jobs.lease import HANDOVER_SECONDS, RENEW_SECONDS, SendLease
from bot.jobs.outbox import Outbox
from bot.jobs.reloader import KnowledgeHolder
from bot.settings import Settings
from bot.store import Store
from bot.telegram.actions import (
    Answered,
    BroadcastAnswer,
    CheckinReply,
    ConcernAnswer,
    Consent,
    ForgetAnswer,
    PhotoConsent,
    Pick,
    SessionChange,
    SessionDay,
    ShowTopic,
    Teach,
    TopicIs,
    matches,
)
from bot.telegram.chat_order import ChatOrderedProcessor
from bot.telegram.connection import TelegramLink, watched_requests
from bot.telegram.context import BotContext, BotData, Services
from bot.telegram.handlers import (
    broadcasts,
    checkins,
    commands,
    concerns,
    digest,
    errors,
    groups,
    health,
    inbox,
    invites,
    knowledge_files,
    media,
    onboarding,
    privacy,
    questions,
    reports,
    staff,
    teaching,
)
from bot.telegram.menus import CLIENT_COMMANDS, STAFF_COMMANDS

__all__ = [
    "ALLOWED_UPDATES",
    "COMMANDS",
    "POLL_INTERVAL",
    "STAFF_COMMANDS",
    "Services",
    "api_urls",
    "build_application",
]

log = logging.getLogger(__name__)

# Clients' commands, in the menu Telegram shows; each described by its `menu_` message.
COMMANDS = CLIENT_COMMANDS
# Updates the bot asks Telegram for.
ALLOWED_UPDATES = (Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY)
# Seconds between two polls: under load, updates then arrive in batches instead of one
# HTTP round trip each (measured: 375 -> 523 answers a second), for at most 20 ms of delay.
POLL_INTERVAL = 0.02
BACKUP_CHECK_SECONDS = 300.0  # how often the backup job looks whether a backup is due


def api_urls(api_url: str | None) -> tuple[str, str] | None:
    """(base_url, base_file_url) for a Bot API server other than Telegram's.

    TELEGRAM_API_URL is the server's root, e.g. http://127.0.0.1:8081; a URL that already
    ends in "/bot" is accepted too. None means Telegram's own servers.
    """
    if not api_url:
        return None
    root = api_url.rstrip("/").removesuffix("/bot")
    return f"{root}/bot", f"{root}/file/bot"


def build_application(
    settings: Settings,
    assistant: Assistant,
    clock: Clock,
    *,
    link: TelegramLink | None = None,
    knowledge: KnowledgeHolder | None = None,
    outbox: Outbox | None = None,
) -> Application:
    """The bot: every handler, in the order PTB tries them.

    The store is opened in post_init and closed in post_shutdown; `Services` reach the
    handlers as `context.services`. Every request goes through `link` (a new one if not
    given); `knowledge`, if given, is the holder of `assistant` (see KnowledgeHolder.open).
    Every request of `app.bot` also goes through the outbox (its rate limiter: Telegram's
    limits on the event loop's time, unless a test or a benchmark gives another), which
    sends nothing until post_init holds the send lease.
    """
    link = link or TelegramLink(clock)
    requests, polls = watched_requests(link)
    opened = partial(
        open_services,
        settings=settings,
        assistant=assistant,
        clock=clock,
        link=link,
        knowledge=knowledge,
    )
    outbox = outbox or Outbox()
    outbox.stop_sending()
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .request(requests)
        .get_updates_request(polls)
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
        .rate_limiter(outbox)
        .concurrent_updates(ChatOrderedProcessor())
        .post_init(opened)
        .post_stop(stop_background)
        .post_shutdown(close_services)
    )
    urls = api_urls(settings.api_url)
    if urls is not None:
        builder = builder.base_url(urls[0]).base_file_url(urls[1])
    app = builder.build()

    private = filters.ChatType.PRIVATE
    staff_chat = filters.Chat(chat_id=settings.staff_chat_id or ())
    staffed = private | staff_chat
    yaml_file = filters.Document.FileExtension("yaml") | filters.Document.FileExtension("yml")
    app.add_handlers(
        [
            # Groups (other than the staff chat): commands get "private chats only".
            MessageHandler(
                filters.ChatType.GROUPS & filters.COMMAND & ~staff_chat,
                groups.private_only_command,
            ),
            # Staff (members of the staff chat, AFTERCARE_STAFF_IDS), in a private chat or in
            # the staff chat: others are politely refused.
            CommandHandler("reload", staff.reload_command, filters=staffed),
            CommandHandler("health", health.health_command, filters=staffed),
            CommandHandler("broadcast", broadcasts.broadcast_command, filters=staffed),
            CommandHandler("invite", invites.invite_command, filters=staffed),
            CommandHandler("history", inbox.history_command, filters=staffed),
            CommandHandler("done", inbox.done_command, filters=staffed),
            CommandHandler("kb", knowledge_files.kb_command, filters=staffed),
            CommandHandler("undo", knowledge_files.undo_command, filters=staffed),
            # A knowledge file sent back by staff (a client's YAML file is any other file).
            MessageHandler(staffed & yaml_file, knowledge_files.kb_document),
            # A staff member's reply, in the staff chat, to the bot's message about a client.
            MessageHandler(
                staff_chat & filters.REPLY & filters.TEXT & ~filters.COMMAND, inbox.staff_reply
            ),
            CommandHandler("stats", reports.stats_command, filters=staffed),
            CommandHandler("gaps", reports.gaps_command, filters=staffed),
            CommandHandler("escalations", reports.escalations_command, filters=staffed),
            # Private chats with clients; edited messages are answered like new ones.
            CommandHandler("start", onboarding.start, filters=private),
            CommandHandler("help", commands.help_command, filters=private),
            CommandHandler("session", onboarding.session_command, filters=private),
            CommandHandler("clinic", commands.clinic_command, filters=private),
            CommandHandler("forget", privacy.forget_command, filters=private),
            CommandHandler("stop", checkins.stop_command, filters=private),
            CommandHandler("resume", checkins.resume_command, filters=private),
            CommandHandler("timezone", checkins.timezone_command, filters=private),
            MessageHandler(private & filters.COMMAND, commands.other_command),
            MessageHandler(private & filters.TEXT, questions.text_message),
            MessageHandler(private & filters.PHOTO, media.photo),
            MessageHandler(private & ~filters.StatusUpdate.ALL, media.not_text),
            # Buttons; anything not recognised gets a short note.
            CallbackQueryHandler(questions.show_topic, pattern=matches(ShowTopic)),
            CallbackQueryHandler(onboarding.day_button, pattern=matches(SessionDay)),
            CallbackQueryHandler(privacy.forget_answer, pattern=matches(ForgetAnswer)),
            CallbackQueryHandler(checkins.consent_answer, pattern=matches(Consent)),
            CallbackQueryHandler(media.photo_consent, pattern=matches(PhotoConsent)),
            CallbackQueryHandler(checkins.checkin_reply, pattern=matches(CheckinReply)),
            CallbackQueryHandler(concerns.concern_answer, pattern=matches(ConcernAnswer)),
            CallbackQueryHandler(broadcasts.broadcast_answer, pattern=matches(BroadcastAnswer)),
            CallbackQueryHandler(onboarding.session_change_button, pattern=matches(SessionChange)),
            CallbackQueryHandler(digest.pick_button, pattern=matches(Pick)),
            CallbackQueryHandler(teaching.topic_is_button, pattern=matches(TopicIs)),
            CallbackQueryHandler(teaching.teach_button, pattern=matches(Teach)),
            CallbackQueryHandler(errors.already_answered, pattern=matches(Answered)),
            CallbackQueryHandler(errors.unknown_button),
        ]
    )
    app.add_error_handler(errors.log_error)
    return app


async def open_services(
    app: Application,
    *,
    settings: Settings,
    assistant: Assistant,
    clock: Clock,
    link: TelegramLink,
    knowledge: KnowledgeHolder | None,
) -> None:
    """post_init: open the store, hand the services to the handlers, publish the menus, then
    take the send lease (or wait for it in the background) and start the loops."""
    store = await Store.open(settings.db_path, clock)
    knowledge = knowledge or KnowledgeHolder(settings.knowledge_dir, assistant)
    outbox = app.bot.rate_limiter
    assert isinstance(outbox, Outbox)
    kb = lambda: knowledge.assistant.kb  # noqa: E731 - the current one, after every reload
    # {greeting} and {this_part_of_day} in a check-in follow the hour the client reads it.
    sender = checkins.words_for_the_hour(checkins.checkin_sender(app.bot), store, clock, kb)
    dispatcher = CheckinDispatcher(store, clock, kb, outbox, sender)
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
    released = await store.checkins.release_claimed() + await store.broadcasts.release_claims()
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
