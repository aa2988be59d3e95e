"""Messages that are not text get a kind, clear reply; captions are still read."""

from __future__ import annotations

import dataclasses

import pytest

from bot.core.assistant import Assistant
from bot.core.reply import ESCALATE
from tests.conftest import STAFF_CHAT, RunningBot
from tests.fake_telegram import FakeTelegram

CHAT = 21
NAMES = {
    "voice": "voice message",
    "sticker": "sticker",
    "document": "file",
    "location": "location",
    "contact": "contact",
    "video": "video",
    "animation": "GIF",
    "audio": "audio file",
    "video_note": "video message",
}


@pytest.fixture
def assistant(shipped_assistant: Assistant) -> Assistant:
    """A clinic that does not take photos (forward_photos: false): the bot's own reply."""
    kb = shipped_assistant.kb
    return Assistant(
        dataclasses.replace(kb, clinic=dataclasses.replace(kb.clinic, forward_photos=False))
    )


def send_kind(telegram: FakeTelegram, kind: str, caption: str | None = None) -> None:
    telegram.send_message_of_kind(CHAT, kind, caption=caption)


@pytest.mark.parametrize("kind", sorted(NAMES))
async def test_a_message_that_is_not_text_gets_a_reply_saying_the_bot_reads_text(
    bot: RunningBot, kind: str
) -> None:
    [reply] = await bot.after(CHAT, lambda: send_kind(bot.telegram, kind))
    assert reply.text == (
        f"Thanks for the {NAMES[kind]}, but I can only read text. "
        "Please type your question in words, and I'll do my best to help."
    )
    assert await bot.services.store.clients.get(CHAT) is not None


async def test_a_photo_cannot_be_assessed_and_points_to_the_clinic(bot: RunningBot) -> None:
    [reply] = await bot.after(CHAT, lambda: send_kind(bot.telegram, "photo"))
    assert reply.text.startswith("I can't look at photos")
    assert "+44 20 7946 0000" in reply.text
    assert "call 999" in reply.text


async def test_a_warning_sign_in_a_photo_caption_is_still_escalated(bot: RunningBot) -> None:
    caption = "look, there is pus"
    assert bot.services.assistant.respond(caption).kind == ESCALATE
    [notice, escalation, _alerted] = await bot.after(
        CHAT, lambda: send_kind(bot.telegram, "photo", caption), count=3
    )
    assert notice.text.startswith("I can't look at photos")
    assert escalation.text == bot.services.assistant.respond(caption).text
    [alert] = await bot.telegram.await_for(chat_id=STAFF_CHAT)
    assert caption in alert.text


async def test_a_caption_that_asks_nothing_gets_a_note_not_a_verdict(bot: RunningBot) -> None:
    [notice, note] = await bot.after(
        CHAT, lambda: send_kind(bot.telegram, "photo", "this is day 4"), count=2
    )
    assert notice.text.startswith("I can't look at photos")
    assert note.text.startswith("Thanks for the note with your photo.")
    assert "normal" not in note.text.lower()


async def test_a_caption_that_asks_is_answered_as_general_information(bot: RunningBot) -> None:
    [notice, answer] = await bot.after(
        CHAT, lambda: send_kind(bot.telegram, "photo", "day 4 and flaking, is that ok?"), count=2
    )
    assert notice.text.startswith("I can't look at photos")
    assert answer.text.startswith("I can't look at photos, so this is the clinic's general")
    assert "flaking" in answer.text
