"""Questions over real HTTP: answers with sources, fallbacks with suggestions, escalations."""

from __future__ import annotations

import dataclasses
import logging

import pytest

from bot.core.assistant import Assistant
from bot.core.reply import ANSWER, ESCALATE, FALLBACK
from bot.settings import Settings
from tests.clocks import FakeClock
from tests.conftest import STAFF_CHAT, RunningBot, running_bot
from tests.fake_telegram import FakeTelegram

MARIA = 7
BEN = 8
FALLBACK_CANDIDATES = ("how much does it cost", "what about exercise", "can I go to the gym")
WARNING = "I have pus coming out and a fever"


def fallback_question(assistant: Assistant) -> str:
    """A question the shipped knowledge cannot answer but has suggestions for."""
    for text in FALLBACK_CANDIDATES:
        reply = assistant.respond(text)
        if reply.kind == FALLBACK and reply.suggestions:
            return text
    raise AssertionError(f"none of {FALLBACK_CANDIDATES} is a fallback with suggestions")


async def test_a_question_is_answered_with_its_source(bot: RunningBot) -> None:
    question = "when can I wear makeup again?"
    expected = bot.services.assistant.respond(question)
    assert expected.kind == ANSWER
    [answer] = await bot.say(MARIA, question)
    assert answer.text == expected.text  # nothing in it needs escaping
    kb = bot.services.assistant.kb
    topic = kb.topic(expected.topic or "")
    assert topic is not None
    names = [source.name for sid in topic.sources if (source := kb.source(sid))]
    assert names
    assert answer.text.splitlines()[-1] == f"Sources: {'; '.join(names)}"
    assert answer.parse_mode == "HTML"
    assert answer.buttons == []


async def test_a_client_is_stored_on_every_message(bot: RunningBot) -> None:
    await bot.say(MARIA, "hello", first_name="Maria")
    client = await bot.services.store.clients.get(MARIA)
    assert client is not None
    assert (client.user_id, client.first_name) == (MARIA, "Maria")


async def test_a_fallback_offers_suggestions_and_a_tap_answers_that_topic(
    bot: RunningBot,
) -> None:
    question = fallback_question(bot.services.assistant)
    expected = bot.services.assistant.respond(question)
    [fallback] = await bot.say(MARIA, question)
    assert fallback.text == expected.text.replace("&", "&amp;")
    assert [b["text"] for b in fallback.buttons] == [t.title for t in expected.suggestions]

    first = expected.suggestions[0]
    [answer] = await bot.tap(MARIA, fallback, first.title)
    assert answer.text == bot.services.assistant.answer(first.id).text.replace("&", "&amp;")
    [unanswered] = await bot.services.store.reports.unanswered()
    assert (unanswered.chat_id, unanswered.text) == (MARIA, question)
    assert unanswered.closest == tuple(t.id for t in expected.suggestions)


async def test_the_days_since_the_last_session_reach_the_core(bot: RunningBot) -> None:
    question = "my skin is still red"
    [before] = await bot.say(MARIA, question)
    assert before.text == bot.services.assistant.respond(question).text
    await bot.say(MARIA, "/session 8 days ago", count=2)
    [after, _alerted] = await bot.say(MARIA, question, count=2)
    assert after.text == bot.services.assistant.respond(question, days_since_session=8).text
    [escalation] = await bot.services.store.reports.escalations()
    assert escalation.sign_id == "redness-not-settling"


async def test_an_escalation_replies_records_and_alerts_the_staff_chat(bot: RunningBot) -> None:
    await bot.say(MARIA, "/session 18 Nov", count=2, first_name="Maria")
    expected = bot.services.assistant.respond(WARNING, days_since_session=2)
    assert expected.kind == ESCALATE
    [reply, alerted] = await bot.say(MARIA, WARNING, count=2, first_name="Maria")
    assert reply.text == expected.text
    assert alerted.text.startswith("I've also alerted the clinic team.")
    [alert] = await bot.telegram.await_for(chat_id=STAFF_CHAT)
    assert "Client: Maria (chat 7)" in alert.text
    assert f"Message: “{WARNING}”" in alert.text
    assert "Last session: Wednesday 18 November 2026 (2 days ago)" in alert.text
    [escalation] = await bot.services.store.reports.escalations()
    assert (escalation.chat_id, escalation.text, escalation.first_name) == (MARIA, WARNING, "Maria")


async def test_the_staff_alert_says_when_no_session_is_recorded(bot: RunningBot) -> None:
    await bot.say(MARIA, WARNING, count=2)
    [alert] = await bot.telegram.await_for(chat_id=STAFF_CHAT)
    assert "Last session: no session recorded" in alert.text


async def test_a_failed_staff_alert_is_logged_and_the_client_is_not_told_of_one(
    bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    bot.telegram.fail_chat(STAFF_CHAT, 400)
    [reply] = await bot.say(MARIA, WARNING)
    assert reply.text.startswith("⚠️ Please contact the clinic today")
    [barrier] = await bot.say(MARIA, "hello")  # same chat: handled after the escalation
    assert "alerted" not in barrier.text
    assert bot.telegram.messages_to(STAFF_CHAT) == []
    assert len(await bot.services.store.reports.escalations()) == 1
    assert "Could not alert the staff chat" in caplog.text


async def test_without_a_staff_chat_there_is_no_alert_and_no_promise_of_one(
    settings: Settings, assistant: Assistant, clock: FakeClock, telegram: FakeTelegram
) -> None:
    alone = dataclasses.replace(settings, staff_chat_id=None)
    async with running_bot(alone, assistant, clock, telegram) as bot:
        [reply] = await bot.say(MARIA, WARNING)
        [barrier] = await bot.say(MARIA, "hello")
        assert reply.text.startswith("⚠️")
        assert "alerted" not in barrier.text
        assert len(await bot.services.store.reports.escalations()) == 1
    assert telegram.messages_to(STAFF_CHAT) == []


async def test_an_edited_message_is_answered_like_a_new_one(bot: RunningBot) -> None:
    update = bot.telegram.send_text(MARIA, "hello")
    await bot.telegram.await_for(chat_id=MARIA)
    question = "when can I wear makeup again?"
    [answer] = await bot.after(
        MARIA, lambda: bot.telegram.edit_text(MARIA, update["message"]["message_id"], question)
    )
    assert answer.text == bot.services.assistant.respond(question).text


async def test_message_texts_are_not_logged_at_info(
    bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    await bot.say(MARIA, "secret-words " + WARNING, count=2)
    await bot.say(MARIA, fallback_question(bot.services.assistant) + " secret-words")
    assert "secret-words" not in caplog.text
