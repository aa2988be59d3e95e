"""Broadcasts in Telegram: /broadcast (staff), the preview's buttons, progress and summary."""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot, Update
from telegram.error import TelegramError

from bot.core.messages import Messages
from bot.jobs.broadcasts import (
    DRAFT_LIFETIME,
    fits_one_message,
    parse_request,
    parse_segment,
)
from bot.store import BroadcastTally
from bot.telegram.actions import BroadcastAnswer, tapped
from bot.telegram.context import BotContext, Services
from bot.telegram.handlers.staff import is_staff, refuse_unless_staff
from bot.telegram.keyboards import broadcast_keyboard
from bot.telegram.sending import acknowledge, send_text
from bot.telegram.wording import (
    broadcast_progress,
    broadcast_question,
    broadcast_summary,
    broadcast_waiting,
)

log = logging.getLogger(__name__)

# The staff's progress message is edited at most this often (seconds).
PROGRESS_SECONDS = 2.0


async def broadcast_command(update: Update, context: BotContext) -> None:
    """/broadcast SEGMENT TEXT (staff): a preview and the number of recipients, then buttons."""
    if await refuse_unless_staff(update, context):
        return
    chat, message, user = update.effective_chat, update.effective_message, update.effective_user
    if chat is None or message is None or user is None:
        return
    words = (message.text or "").split(maxsplit=1)  # "/broadcast" (or "/broadcast@bot"), the rest
    request = parse_request(words[1] if len(words) > 1 else "")
    services = context.services
    say = services.messages
    if request is None:
        await send_text(context.bot, chat.id, say.render("broadcast_usage"))
        return
    if not fits_one_message(request.text):
        await send_text(context.bot, chat.id, say.render("broadcast_too_long"))
        return
    segment = request.segment
    recipients = await services.store.broadcasts.count_audience(
        segment.audience(services.clock.now())
    )
    if recipients == 0:
        await send_text(
            context.bot, chat.id, say.render("broadcast_nobody", segment=segment.describe(say))
        )
        return
    draft = await services.store.broadcasts.create(user.id, chat.id, request.text, str(segment))
    await send_text(context.bot, chat.id, request.text)  # exactly what clients will get
    await send_text(
        context.bot,
        chat.id,
        broadcast_question(say, draft.id, segment.describe(say), recipients),
        broadcast_keyboard(say, draft.id, recipients),
    )


async def broadcast_answer(update: Update, context: BotContext) -> None:
    """Send or Cancel under a preview; a second tap, or one on an old preview, changes nothing."""
    if (tap := tapped(update, BroadcastAnswer)) is None:
        return
    query, chat_id, action = tap
    services = context.services
    say = services.messages
    if not await is_staff(services, context.bot, update):
        await acknowledge(query, say.render("staff_only"))
        return
    store, now = services.store, services.clock.now()
    broadcast = await store.broadcasts.get(action.broadcast_id)
    if broadcast is None or broadcast.state != "draft":
        await acknowledge(query, say.render("broadcast_already_handled"))
        return
    expired = broadcast.created_at < now - DRAFT_LIFETIME
    segment = parse_segment(broadcast.segment)
    if not action.send or expired or segment is None:
        await store.broadcasts.cancel(broadcast.id)
        await acknowledge(query)
        key = "broadcast_cancelled" if not action.send else "broadcast_expired"
        note = say.render(key, number=broadcast.id)
        await _edit(context.bot, chat_id, query.message and query.message.message_id, note)
        return
    # Ours before it is confirmed: the sending loop's pick-up, running while this tap is
    # answered, must not start it too (its progress would go to no message).
    sender = services.broadcaster
    reserved = sender is not None and sender.reserve(broadcast.id)
    total = None
    try:
        total = await store.broadcasts.confirm(broadcast.id, segment.audience(now))
    finally:
        if total is None and reserved and sender is not None:
            sender.release(broadcast.id)
    if total is None:  # another tap got there first
        await acknowledge(query, say.render("broadcast_already_handled"))
        return
    message_id = query.message and query.message.message_id
    progress = ProgressMessage(context.bot, say, chat_id, message_id)
    try:
        await acknowledge(query)
        user = update.effective_user
        await store.reports.audit(
            user and user.id, "broadcast", f"#{broadcast.id} to {segment}: {total}"
        )
        log.info("Broadcast %s confirmed: %d recipients (%s)", broadcast.id, total, segment)
        await progress.show(broadcast.id, BroadcastTally(total=total, pending=total))
    finally:  # confirmed: it is sent whatever happened above
        sending = send_broadcast(context.bot, services, broadcast.id, progress, reserved=reserved)
        tasks = context.bot_data.tasks  # cancelled at stop; a stop's leftovers resume at start
        tasks[:] = [*(t for t in tasks if not t.done()), asyncio.create_task(sending)]


async def pick_up_broadcasts(
    bot: Bot, services: Services, tasks: list[asyncio.Task[None]], *, resuming: bool = False
) -> None:
    """Send every confirmed broadcast this bot is not sending yet, each in a task of its own:
    queued from the command line, with recipients whose quiet hours are over, or (`resuming`,
    at start, when staff are told) interrupted by a restart."""
    sender = services.broadcaster
    if sender is None:
        return
    for broadcast in await services.store.broadcasts.unfinished():
        if sender.running(broadcast.id):
            continue
        chat_id = broadcast.report_chat or services.settings.staff_chat_id
        message_id = None
        if chat_id is not None and resuming:
            try:
                notice = services.messages.render("broadcast_resuming", number=broadcast.id)
                sent = await send_text(bot, chat_id, notice)
                message_id = sent and sent.message_id
            except TelegramError as error:
                log.warning(
                    "Could not tell chat %s about broadcast %s: %s", chat_id, broadcast.id, error
                )
            log.info("Resuming broadcast %s", broadcast.id)
        progress = ProgressMessage(bot, services.messages, chat_id, message_id)
        task = asyncio.create_task(send_broadcast(bot, services, broadcast.id, progress))
        tasks[:] = [*(t for t in tasks if not t.done()), task]


async def send_broadcast(
    bot: Bot,
    services: Services,
    broadcast_id: int,
    progress: ProgressMessage,
    *,
    reserved: bool = False,
) -> None:
    """Send it all, with progress to staff, then the summary; errors are logged, not raised.
    `reserved`: the sender already holds it for this run (see BroadcastSender.reserve)."""
    sender = services.broadcaster
    if sender is None:
        return
    try:
        show = lambda t: progress.show(broadcast_id, t)  # noqa: E731
        tally = await sender.run(broadcast_id, show, reserved=reserved)
    except Exception:  # the rows are safe: the sending loop picks it up again within seconds
        log.exception("Broadcast %s stopped; it is picked up again within seconds", broadcast_id)
        return
    if tally is None:
        return
    await progress.show(broadcast_id, tally, final=True)
    if tally.pending or progress.chat_id is None:  # pending: in their quiet hours, for later
        return
    summary = broadcast_summary(
        services.messages, broadcast_id, tally.sent, tally.blocked, tally.failed, tally.skipped
    )
    try:
        await send_text(bot, progress.chat_id, summary)
    except TelegramError:
        log.exception("Could not send the summary of broadcast %s", broadcast_id)


class ProgressMessage:
    """The staff's "N of M sent" message: edited at most every PROGRESS_SECONDS, never awaited.

    An edit runs in the background (a slow or refused edit never holds up the sending);
    while one is under way, newer figures wait for the next edit.
    """

    def __init__(
        self, bot: Bot, words: Messages, chat_id: int | None, message_id: int | None
    ) -> None:
        self._bot = bot
        self._words = words
        self.chat_id = chat_id
        self._message_id = message_id
        self._last = -float("inf")
        self._editing: asyncio.Task[None] | None = None

    async def show(self, broadcast_id: int, tally: BroadcastTally, *, final: bool = False) -> None:
        if self.chat_id is None or self._message_id is None:
            return
        now = asyncio.get_running_loop().time()
        busy = self._editing is not None and not self._editing.done()
        if final and self._editing is not None:
            await asyncio.gather(self._editing, return_exceptions=True)
        elif busy or now - self._last < PROGRESS_SECONDS:
            return
        self._last = now
        text = broadcast_progress(
            self._words, broadcast_id, tally.total, tally.sent, tally.blocked, tally.failed
        )
        if final and tally.pending:
            text = broadcast_waiting(
                self._words, broadcast_id, tally.total, tally.sent, tally.pending
            )
        self._editing = asyncio.create_task(_edit(self._bot, self.chat_id, self._message_id, text))
        if final:
            await self._editing


async def _edit(bot: Bot, chat_id: int, message_id: int | None, text: str) -> None:
    """Replace a message's text (and drop its buttons); a refused edit is only logged."""
    if message_id is None:
        return
    try:
        await bot.edit_message_text(text, chat_id=chat_id, message_id=message_id)
    except TelegramError as error:  # e.g. "message is not modified", or the message is gone
        log.info("Could not edit message %s in chat %s: %s", message_id, chat_id, error.message)
