"""Onboarding over real HTTP: /start, the treatment date by button or typed, /session."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.assistant import Assistant
from bot.settings import Settings
from bot.store import AWAITING_SESSION_DATE
from tests.clocks import FakeClock
from tests.conftest import STAFF_CHAT, START, RunningBot, running_bot
from tests.fake_telegram import FakeTelegram

ANNA = 42


async def test_start_welcomes_and_asks_for_the_treatment_date_with_buttons(
    bot: RunningBot,
) -> None:
    [welcome] = await bot.say(ANNA, "/start", first_name="Anna")
    assert welcome.parse_mode == "HTML"
    assert welcome.text.startswith("Hello, Anna! I'm the aftercare assistant of Demo Skin Clinic")
    assert "not a doctor" in welcome.text
    assert "call 999" in welcome.text
    assert [b["text"] for b in welcome.buttons] == ["Today", "Yesterday", "Pick another day"]
    client = await bot.services.store.clients.get(ANNA)
    assert client is not None
    assert (client.first_name, client.awaiting) == ("Anna", AWAITING_SESSION_DATE)


async def test_tapping_today_records_a_session_now(bot: RunningBot) -> None:
    [welcome] = await bot.say(ANNA, "/start")
    [confirmation] = await bot.tap(ANNA, welcome, "Today")
    assert "Friday 20 November 2026 (today)" in confirmation.text
    session = await bot.services.store.clients.last_session(ANNA)
    assert session is not None
    assert session.at == START
    client = await bot.services.store.clients.get(ANNA)
    assert client is not None
    assert client.awaiting is None


async def test_tapping_yesterday_records_noon_yesterday_in_the_clinics_time_zone(
    bot: RunningBot,
) -> None:
    [welcome] = await bot.say(ANNA, "/start")
    [confirmation] = await bot.tap(ANNA, welcome, "Yesterday")
    assert "Thursday 19 November 2026 (yesterday)" in confirmation.text
    session = await bot.services.store.clients.last_session(ANNA)
    assert session is not None
    assert session.at == datetime(2026, 11, 19, 12, 0, tzinfo=UTC)  # London is on UTC in Nov


async def test_pick_another_day_then_a_typed_date_records_it(bot: RunningBot) -> None:
    [welcome] = await bot.say(ANNA, "/start")
    [prompt] = await bot.tap(ANNA, welcome, "Pick another day")
    assert "type the date" in prompt.text
    [confirmation] = await bot.say(ANNA, "3 days ago")
    assert "Tuesday 17 November 2026 (3 days ago)" in confirmation.text
    session = await bot.services.store.clients.last_session(ANNA)
    assert session is not None
    assert session.at == datetime(2026, 11, 17, 12, 0, tzinfo=UTC)


async def test_a_typed_date_after_start_is_recorded_without_any_button(bot: RunningBot) -> None:
    await bot.say(ANNA, "/start")
    [confirmation] = await bot.say(ANNA, "it was on the 18th of Nov")
    assert "Wednesday 18 November 2026 (2 days ago)" in confirmation.text


async def test_a_future_date_is_refused_kindly_and_the_question_stays_open(
    bot: RunningBot,
) -> None:
    await bot.say(ANNA, "/start")
    [refusal] = await bot.say(ANNA, "25/11")
    assert "Wednesday 25 November 2026 hasn't happened yet" in refusal.text
    assert await bot.services.store.clients.last_session(ANNA) is None
    [confirmation, _consent] = await bot.say(ANNA, "yesterday", count=2)
    assert "(yesterday)" in confirmation.text


async def test_a_question_while_a_date_is_awaited_is_answered_by_the_core(
    bot: RunningBot,
) -> None:
    await bot.say(ANNA, "/start")
    question = "when can I wear makeup again?"
    [answer] = await bot.say(ANNA, question)
    assert answer.text == bot.services.assistant.respond(question).text
    client = await bot.services.store.clients.get(ANNA)
    assert client is not None
    assert client.awaiting == AWAITING_SESSION_DATE
    assert await bot.services.store.clients.last_session(ANNA) is None


async def test_a_date_typed_after_onboarding_is_confirmed_with_a_button_then_corrects_it(
    bot: RunningBot,
) -> None:
    [welcome] = await bot.say(ANNA, "/start")
    await bot.tap(ANNA, welcome, "Today", count=2)  # noted, and may I check in?
    [question] = await bot.say(ANNA, "my treatment was on the 18th")
    assert question.text == (
        "Shall I note Wednesday 18 November 2026 (2 days ago) as the date of your last "
        "treatment? My check-in messages would follow the new date."
    )
    assert [b["text"] for b in question.buttons] == ["Yes, note it", "No, leave it"]
    assert await bot.services.store.reports.unanswered() == []  # not a question for staff
    assert bot.telegram.messages_to(STAFF_CHAT) == []
    [noted, _consent] = await bot.tap(ANNA, question, "Yes, note it", count=2)
    assert "Wednesday 18 November 2026 (2 days ago)" in noted.text
    [session] = await bot.services.store.clients.sessions(ANNA)  # corrected, not added
    assert session.at == datetime(2026, 11, 18, 12, 0, tzinfo=UTC)


async def test_a_typed_date_can_be_declined_and_a_future_one_is_explained(bot: RunningBot) -> None:
    [welcome] = await bot.say(ANNA, "/start")
    await bot.tap(ANNA, welcome, "Today", count=2)
    [question] = await bot.say(ANNA, "25 nov")
    assert question.text.startswith("Wednesday 25 November 2026 hasn't happened yet")
    [question] = await bot.say(ANNA, "19/11")
    [kept] = await bot.tap(ANNA, question, "No, leave it")
    assert kept.text == "OK, I've left your treatment date as it was."
    [session] = await bot.services.store.clients.sessions(ANNA)
    assert session.at == START


async def test_an_awaited_date_survives_a_restart(
    settings: Settings, assistant: Assistant, clock: FakeClock, telegram: FakeTelegram
) -> None:
    async with running_bot(settings, assistant, clock, telegram) as first:
        await first.say(ANNA, "/start")
    async with running_bot(settings, assistant, clock, telegram) as second:
        [confirmation] = await second.say(ANNA, "20 Nov")
        assert "Friday 20 November 2026 (today)" in confirmation.text
        session = await second.services.store.clients.last_session(ANNA)
        assert session is not None
        assert session.at == START  # 12:00 today would be in the future: now instead


async def test_session_without_a_date_asks_for_one_when_none_is_recorded(
    bot: RunningBot,
) -> None:
    [ask] = await bot.say(ANNA, "/session")
    assert "don't have a treatment date" in ask.text
    assert [b["text"] for b in ask.buttons] == ["Today", "Yesterday", "Pick another day"]


async def test_session_with_a_date_records_it_and_session_alone_shows_it(
    bot: RunningBot, clock: FakeClock
) -> None:
    [recorded, consent] = await bot.say(ANNA, "/session 2026-11-18", count=2)
    assert "Wednesday 18 November 2026 (2 days ago)" in recorded.text
    assert consent.text.startswith("May I check in with you")
    [shown] = await bot.say(ANNA, "/session")
    assert shown.text.startswith("Your last treatment: Wednesday 18 November 2026 (2 days ago).")


async def test_session_with_something_that_is_not_a_date_says_how_to_write_one(
    bot: RunningBot,
) -> None:
    [reply] = await bot.say(ANNA, "/session next <b>week</b>")
    assert reply.text.startswith("I couldn't read “next &lt;b&gt;week&lt;/b&gt;” as a date.")
    assert await bot.services.store.clients.last_session(ANNA) is None
