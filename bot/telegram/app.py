"""The Telegram application: `build_application` is the table of contents of every handler."""

from __future__ import annotations

import logging
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
from bot.core.ranking import SemanticRanker
from bot.jobs.outbox import Outbox
from bot.jobs.reloader import KnowledgeHolder
from bot.settings import Settings
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
from bot.telegram.menus import STAFF_COMMANDS
from bot.telegram.services import close_services, open_services, stop_background

__all__ = [
    "ALLOWED_UPDATES",
    "POLL_INTERVAL",
    "STAFF_COMMANDS",
    "Services",
    "api_urls",
    "build_application",
]

log = logging.getLogger(__name__)

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
    settings: Settings,
    assistant: Assistant,
    clock: Clock,
    *,
    link: TelegramLink | None = None,
    knowledge: KnowledgeHolder | None = None,
    outbox: Outbox | None = None,
    ranker: SemanticRanker | None = None,
) -> Application:
    """The bot: every handler, in the order PTB tries them.

    The store is opened in post_init and closed in post_shutdown; `Services` reach the
    handlers as `context.services`. Every request goes through `link` (a new one if not
    given); `knowledge`, if given, is the holder of `assistant` (see KnowledgeHolder.open);
    `ranker`, if given, joins the assistant in the background once the bot has started.
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
        ranker=ranker,
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
    # Staff commands, replies and files are acted on once, when sent: an edit changes nothing.
    new, edited = filters.UpdateType.MESSAGE, filters.UpdateType.EDITED_MESSAGE
    staffed = (private | staff_chat) & new
    yaml_file = filters.Document.FileExtension("yaml") | filters.Document.FileExtension("yml")
    app.add_handlers(
        [
            # Groups (other than the staff chat): commands get "private chats only".
            MessageHandler(
                filters.ChatType.GROUPS & filters.COMMAND & ~staff_chat,
                groups.private_only_command,
            ),
            # A staff command, a reply in the staff chat or a knowledge file, edited: a note.
            CommandHandler(
                STAFF_COMMANDS, staff.edit_changes_nothing, filters=(private | staff_chat) & edited
            ),
            MessageHandler(
                edited & ((staff_chat & filters.REPLY) | ((private | staff_chat) & yaml_file)),
                staff.edit_changes_nothing,
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
                staff_chat & new & filters.REPLY & filters.TEXT & ~filters.COMMAND,
                inbox.staff_reply,
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
