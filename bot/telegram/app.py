"""The Telegram application: `build_application` is the table of contents of every handler."""

from __future__ import annotations

import asyncio
import logging
from functools import partial

from telegram import BotCommand, Update
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
from bot.jobs.broadcasts import BroadcastSender
from bot.jobs.dispatcher import CheckinDispatcher
from bot.jobs.lease import HANDOVER_SECONDS, RENEW_SECONDS, SendLease
from bot.jobs.outbox import Outbox
from bot.jobs.reloader import KnowledgeHolder
from bot.settings import Settings
from bot.store import Store
from bot.telegram.chat_order import ChatOrderedProcessor
from bot.telegram.context import BotContext, BotData, Services
from bot.telegram.handlers import (
    broadcasts,
    checkins,
    commands,
    errors,
    groups,
    inbox,
    invites,
    media,
    onboarding,
    privacy,
    questions,
    reports,
    staff,
)
from bot.telegram.keyboards import (
    BroadcastAnswer,
    CheckinReply,
    Consent,
    ForgetAnswer,
    PhotoConsent,
    SessionDay,
    ShowTopic,
    matches,
)

__all__ = [
    "ALLOWED_UPDATES",
    "COMMANDS",
    "POLL_INTERVAL",
    "Services",
    "api_urls",
    "build_application",
]

log = logging.getLogger(__name__)

COMMANDS = (
    BotCommand("start", "Start: what I can do, and your treatment date"),
    BotCommand("help", "What you can ask me"),
    BotCommand("session", "Show or set the date of your last treatment"),
    BotCommand("clinic", "How to reach the clinic"),
    BotCommand("stop", "Pause check-in messages and clinic news"),
    BotCommand("resume", "Restart check-in messages"),
    BotCommand("timezone", "Show or set your time zone for check-ins"),
    BotCommand("forget", "Delete everything I know about you"),
)
# Updates the bot asks Telegram for.
ALLOWED_UPDATES = (Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY)
# Seconds between two polls: under load, updates then arrive in batches instead of one
# HTTP round trip each (measured: 375 -> 523 answers a second), for at most 20 ms of delay.
POLL_INTERVAL = 0.02


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
    settings: Settings, assistant: Assistant, clock: Clock, outbox: Outbox | None = None
) -> Application:
    """The bot: every handler, in the order PTB tries them.

    The store is opened in post_init and closed in post_shutdown; `Services` reach the
    handlers as `context.services`. Every request of `app.bot` goes through the outbox
    (its rate limiter: Telegram's limits on the event loop's time, unless a test or a
    benchmark gives another), which sends nothing until post_init holds the send lease.
    """
    outbox = outbox or Outbox()
    outbox.stop_sending()
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
        .rate_limiter(outbox)
        .concurrent_updates(ChatOrderedProcessor())
        .post_init(partial(open_services, settings=settings, assistant=assistant, clock=clock))
        .post_stop(stop_background)
        .post_shutdown(close_services)
    )
    urls = api_urls(settings.api_url)
    if urls is not None:
        builder = builder.base_url(urls[0]).base_file_url(urls[1])
    app = builder.build()

    private = filters.ChatType.PRIVATE
    staff_chat = filters.Chat(chat_id=settings.staff_chat_id or ())
    app.add_handlers(
        [
            # Groups (other than the staff chat): commands get "private chats only".
            MessageHandler(
                filters.ChatType.GROUPS & filters.COMMAND & ~staff_chat,
                groups.private_only_command,
            ),
            # Staff, in a private chat or in the staff chat: others are politely refused.
            CommandHandler("reload", staff.reload_command, filters=private | staff_chat),
            CommandHandler("broadcast", broadcasts.broadcast_command, filters=private | staff_chat),
            CommandHandler("invite", invites.invite_command, filters=private | staff_chat),
            CommandHandler("history", inbox.history_command, filters=private | staff_chat),
            # A staff member's reply, in the staff chat, to the bot's message about a client.
            MessageHandler(
                staff_chat & filters.REPLY & filters.TEXT & ~filters.COMMAND, inbox.staff_reply
            ),
            CommandHandler("stats", reports.stats_command, filters=private | staff_chat),
            CommandHandler("gaps", reports.gaps_command, filters=private | staff_chat),
            CommandHandler(
                "escalations", reports.escalations_command, filters=private | staff_chat
            ),
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
            CallbackQueryHandler(broadcasts.broadcast_answer, pattern=matches(BroadcastAnswer)),
            CallbackQueryHandler(errors.unknown_button),
        ]
    )
    app.add_error_handler(errors.log_error)
    return app


async def open_services(
    app: Application, *, settings: Settings, assistant: Assistant, clock: Clock
) -> None:
    """post_init: open the store, hand the services to the handlers, publish the commands,
    then take the send lease (or wait for it in the background) and start the loops."""
    store = await Store.open(settings.db_path, clock)
    knowledge = KnowledgeHolder(settings.knowledge_dir, assistant)
    outbox = app.bot.rate_limiter
    assert isinstance(outbox, Outbox)
    dispatcher = CheckinDispatcher(
        store, clock, lambda: knowledge.assistant.kb, outbox, checkins.checkin_sender(app.bot)
    )
    broadcaster = BroadcastSender(
        store, app.bot, outbox, clock, lambda: knowledge.assistant.kb.clinic
    )
    lease = SendLease(store, clock, "bot")
    services = Services(settings, knowledge, store, clock, outbox, dispatcher, broadcaster, lease)
    app.bot_data.services = services
    await app.bot.set_my_commands(COMMANDS)
    if await lease.take():
        await start_sending(app, services, resuming=True)
    app.bot_data.tasks += [
        asyncio.create_task(keep_sending(app, services), name="send lease"),
        asyncio.create_task(dispatcher.run(settings.dispatch_seconds), name="check-ins"),
        asyncio.create_task(staff.watch_knowledge(app.bot, services), name="knowledge"),
    ]
    log.info(
        "Bot @%s ready: %d topics, database %s",
        app.bot.username,
        len(assistant.kb.topics),
        settings.db_path,
    )


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


async def close_services(app: Application) -> None:
    """post_shutdown: hand back the send lease, close the store."""
    services = app.bot_data.services
    if services is not None:
        app.bot_data.services = None
        if services.lease is not None:
            await services.lease.release()
        await services.store.close()
