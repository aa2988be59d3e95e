"""Getting replies through: flood limits, blocked chats, and replies too long for one message."""

from __future__ import annotations

import html
import logging
from pathlib import Path

import pytest

from bot.core.assistant import Assistant
from bot.kb.loader import load_knowledge
from bot.telegram.text import MAX_MESSAGE_LENGTH, telegram_length
from tests.conftest import STAFF_CHAT, RunningBot, copy_knowledge

CHAT = 61
OTHER = 62
LONG_QUESTION = "tell me the zebra stripes story"
# About 3,900 characters, so the loader accepts it; about 5,300 once "&" is escaped.
LONG_ANSWER = "\n\n".join(
    (f"Part {n}: sun & shade, creams & serums, rest & patience. " * 5).strip() for n in range(14)
)


@pytest.fixture
def assistant(tmp_path: Path) -> Assistant:
    """The shipped knowledge plus one topic whose answer is too long for one message."""
    folder = copy_knowledge(tmp_path / "knowledge")
    answer = "\n".join(f"      {line}" for line in LONG_ANSWER.splitlines())
    (folder / "topics" / "zebra.yaml").write_text(
        "topics:\n"
        "  - id: zebra-story\n"
        "    title: The zebra story\n"
        "    questions:\n"
        f"      - {LONG_QUESTION}\n"
        "    keywords: [zebra]\n"
        "    answer: |\n"
        f"{answer}\n"
        "    source: [journey]\n",
        encoding="utf-8",
    )
    return Assistant(load_knowledge(folder))


async def test_a_429_is_retried_after_retry_after(bot: RunningBot) -> None:
    bot.telegram.fail_chat(CHAT, 429, times=1, retry_after=1)
    [reply] = await bot.say(CHAT, "hello")
    assert reply.text == bot.services.assistant.respond("hello").text
    limited, delivered = [
        c for c in bot.telegram.calls_of("sendMessage") if c.params["chat_id"] == CHAT
    ]
    assert (limited.status, delivered.status) == (429, 200)
    assert delivered.at - limited.at >= 1.0


async def test_a_blocked_chat_is_logged_without_the_text_and_the_bot_goes_on(
    bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    bot.telegram.fail_chat(CHAT, 403, times=1)
    bot.telegram.send_text(CHAT, "hello from a chat that blocked the bot")
    [reply] = await bot.say(CHAT, "hello")  # same chat, handled after the blocked reply
    assert reply.text == bot.services.assistant.respond("hello").text
    [other] = await bot.say(OTHER, "hello")
    assert other.text == reply.text
    [blocked] = [c for c in bot.telegram.calls_of("sendMessage") if c.status == 403]
    assert blocked.params["chat_id"] == CHAT
    assert f"Chat {CHAT} cannot be written to" in caplog.text
    assert "blocked by the user" in caplog.text
    assert "hello from a chat" not in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_reply_too_long_once_escaped_is_split_into_several_messages(
    bot: RunningBot,
) -> None:
    expected = bot.services.assistant.respond(LONG_QUESTION)
    assert expected.topic == "zebra-story"
    assert len(expected.text) <= MAX_MESSAGE_LENGTH < len(html.escape(expected.text))
    bot.telegram.send_text(CHAT, LONG_QUESTION)
    parts = await bot.telegram.await_for(chat_id=CHAT, count=2)
    assert all(telegram_length(p.text) <= MAX_MESSAGE_LENGTH for p in parts)
    assert parts[0].text.startswith("Part 0: sun &amp; shade")
    assert "\n\n".join(html.unescape(p.text) for p in parts) == expected.text


async def test_a_long_warning_message_reaches_the_staff_chat_in_several_messages(
    bot: RunningBot,
) -> None:
    warning = "I have pus and a fever. " + "It started on my cheek and spread <fast>. " * 100
    await bot.say(CHAT, warning, count=2)
    parts = await bot.telegram.await_for(chat_id=STAFF_CHAT, count=2)
    assert all(telegram_length(p.text) <= MAX_MESSAGE_LENGTH for p in parts)
    assert parts[0].text.startswith("⚠️ Warning sign reported")
    assert parts[-1].text.endswith(
        "Last session: no session recorded\nReply to this message to answer the client."
    )
    assert "spread &lt;fast&gt;." in parts[0].text


async def test_an_error_in_a_handler_is_logged_with_its_traceback_and_the_bot_goes_on(
    bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    bot.telegram.fail_chat(CHAT, 400, times=1, description="Bad Request: chat not found")
    [note] = await bot.say(CHAT, "hello")  # the reply failed: never silence
    assert note.text.startswith("Sorry, something went wrong on my side")
    [reply] = await bot.say(CHAT, "hello")
    assert reply.text == bot.services.assistant.respond("hello").text
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert record.getMessage() == f"Error while handling an update (chat {CHAT})"
    assert record.exc_info is not None
    assert str(record.exc_info[1]) == "Chat not found"
