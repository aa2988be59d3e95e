"""What tests do as clinic staff in the staff chat: write, reply, tap, and ask for a digest."""

from __future__ import annotations

from bot.telegram.handlers.digest import send_digest
from tests.conftest import STAFF_CHAT, STAFF_USER, RunningBot
from tests.fake_telegram import SentMessage

__all__ = ["MEMBER", "STAFF_USER", "digest_now", "in_staff_chat", "question_card"]

MEMBER = 777  # a member of the staff chat, not in AFTERCARE_STAFF_IDS


async def in_staff_chat(
    bot: RunningBot,
    text: str,
    *,
    user_id: int = STAFF_USER,
    reply_to: SentMessage | None = None,
    count: int = 1,
) -> list[SentMessage]:
    """A staff member writes `text` in the staff chat (as a reply, if given); the bot's answers."""
    return await bot.after(
        STAFF_CHAT,
        lambda: bot.telegram.send_text(
            STAFF_CHAT,
            text,
            user_id=user_id,
            chat_type="supergroup",
            reply_to_message_id=reply_to.message_id if reply_to else None,
        ),
        count,
    )


async def tap_in_staff_chat(
    bot: RunningBot, message: SentMessage, label: str, *, user_id: int = STAFF_USER, count: int = 1
) -> list[SentMessage]:
    """A staff member taps the button labelled `label` under a message in the staff chat."""
    data = next(b["callback_data"] for b in message.buttons if b["text"] == label)
    return await bot.after(
        STAFF_CHAT,
        lambda: bot.telegram.tap(STAFF_CHAT, message.message_id, data, user_id=user_id),
        count,
    )


async def digest_now(bot: RunningBot) -> SentMessage:
    """The digest of the questions waiting, sent now (as at clinic.yaml's time)."""
    await bot.settled()  # the last question is recorded after its reply is sent
    before = len(bot.replies_to(STAFF_CHAT))
    assert await send_digest(bot.app.bot, bot.services)
    return (await bot.telegram.await_for(chat_id=STAFF_CHAT, count=before + 1))[-1]


async def question_card(bot: RunningBot, number: int = 1) -> SentMessage:
    """Send the digest now and tap question `number`: the question, ready to reply to."""
    digest = await digest_now(bot)
    [card] = await tap_in_staff_chat(bot, digest, str(number))
    return card
