"""Concerns over real HTTP: the bot asks before escalating; Yes or Not sure escalate, No answers."""

from __future__ import annotations

from bot.core.reply import ANSWER, CONCERN
from tests.conftest import STAFF_CHAT, RunningBot
from tests.fake_telegram import SentMessage

ANNA = 31
WORRY = "this doesnt look like healing"
CALM = "no pus, not worse, just pink"


def labels(message: SentMessage) -> list[str]:
    return [button["text"] for button in message.buttons]


async def ask(bot: RunningBot) -> SentMessage:
    """Anna describes something unusual; the bot's question to her, once staff were told."""
    assert bot.services.assistant.respond(WORRY).kind == CONCERN
    staff_before = len(bot.replies_to(STAFF_CHAT))
    [question] = await bot.say(ANNA, WORRY, first_name="Anna")
    await bot.telegram.await_for(lambda _: len(bot.replies_to(STAFF_CHAT)) > staff_before)
    return question


async def test_a_concern_asks_yes_no_or_not_sure_and_staff_hear_it_quietly(
    bot: RunningBot,
) -> None:
    question = await ask(bot)
    assert labels(question) == ["Yes", "No", "Not sure"]
    assert bot.services.clinic.phone in question.text
    [heads_up] = bot.replies_to(STAFF_CHAT)
    assert WORRY in (heads_up.text or "")
    assert "Anna" in (heads_up.text or "")
    assert heads_up.params.get("disable_notification") is True


async def test_yes_to_a_concern_escalates_and_alerts_staff(bot: RunningBot) -> None:
    question = await ask(bot)
    staff_before = len(bot.replies_to(STAFF_CHAT))
    escalation, alerted = await bot.tap(ANNA, question, "Yes", count=2)
    assert "Please contact the clinic" in (escalation.text or "")
    assert "alerted the clinic team" in (alerted.text or "")
    alert = bot.replies_to(STAFF_CHAT)[staff_before]
    assert "Warning sign reported" in (alert.text or "")
    assert WORRY in (alert.text or "")
    assert alert.params.get("disable_notification") is not True


async def test_not_sure_escalates_like_yes(bot: RunningBot) -> None:
    question = await ask(bot)
    escalation, _ = await bot.tap(ANNA, question, "Not sure", count=2)
    assert "Please contact the clinic" in (escalation.text or "")
    escalations = await bot.services.store.reports.escalations()
    assert [e.chat_id for e in escalations] == [ANNA]


async def test_no_gives_the_answer_and_asks_to_hear_of_changes(bot: RunningBot) -> None:
    question = await ask(bot)
    staff_before = len(bot.replies_to(STAFF_CHAT))
    [answer] = await bot.tap(ANNA, question, "No")
    assert "Please tell me if anything changes" in (answer.text or "")
    assert await bot.services.store.reports.escalations() == []
    await bot.settled()
    assert len(bot.replies_to(STAFF_CHAT)) == staff_before  # no alarm for a "no"


async def test_a_second_tap_on_a_concern_changes_nothing(bot: RunningBot) -> None:
    question = await ask(bot)
    await bot.tap(ANNA, question, "No")
    data = next(b["callback_data"] for b in question.buttons if b["text"] == "Yes")
    before = len(bot.replies_to(ANNA))
    # A double tap: the second arrives from the keyboard as it was before the edit.
    update = bot.telegram.tap(ANNA, question.message_id, data, require_button=False)
    note = await bot.answered_query(update["callback_query"]["id"])
    assert note.get("text")  # a short, kind note
    await bot.settled()
    assert len(bot.replies_to(ANNA)) == before
    assert await bot.services.store.reports.escalations() == []


async def test_a_negated_complaint_is_not_a_concern(bot: RunningBot) -> None:
    assert bot.services.assistant.respond(CALM).kind == ANSWER
    [reply] = await bot.say(ANNA, CALM)
    assert "Yes" not in labels(reply)
    await bot.settled()
    assert bot.replies_to(STAFF_CHAT) == []
