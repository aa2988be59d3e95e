"""Check-ins end to end: consent, timed messages, their buttons, /stop, /resume, /timezone."""

from __future__ import annotations

from datetime import timedelta

from tests.clocks import FakeClock
from tests.conftest import STAFF_CHAT, RunningBot
from tests.fake_telegram import SentMessage

ANNA = 501


async def onboard(bot: RunningBot, chat_id: int = ANNA, *, news: str = "No, thanks") -> None:
    """/start, Today, yes to check-ins, an answer to clinic news."""
    [welcome] = await bot.say(chat_id, "/start")
    [noted, consent] = await bot.tap(chat_id, welcome, "Today", count=2)
    assert "today" in noted.text
    assert consent.text.startswith("May I check in with you")
    [on, news_question] = await bot.tap(chat_id, consent, "Yes, please", count=2)
    assert on.text.startswith("Check-ins are on: I'll message you 8 times")
    await bot.tap(chat_id, news_question, news)


async def next_checkin(bot: RunningBot, chat_id: int = ANNA) -> SentMessage:
    before = len(bot.telegram.messages_to(chat_id))
    result = await bot.services.dispatcher.dispatch_due()
    assert result.sent >= 1, result
    return (await bot.telegram.await_for(chat_id=chat_id, count=before + 1))[before]


async def test_consent_schedules_the_plan_and_the_evening_checkin_arrives(
    bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(bot)
    assert (await bot.services.dispatcher.dispatch_due()).sent == 0
    clock.advance(timedelta(hours=4))
    checkin = await next_checkin(bot)
    assert "How is your skin this afternoon?" in checkin.text  # 14:00 in London
    assert [b["text"] for b in checkin.buttons] == [
        "Getting better",
        "Still red or swollen",
        "Something worries me",
    ]
    client = await bot.services.store.clients.get(ANNA)
    assert (client.checkins_consent, client.announcements_consent) == (True, False)


async def test_still_red_early_answers_and_late_escalates_to_staff(
    bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(bot)
    clock.advance(timedelta(hours=4))
    evening = await next_checkin(bot)
    [answer] = await bot.tap(ANNA, evening, "Still red or swollen")
    assert answer.text == bot.services.assistant.answer("normal-side-effects").text
    clock.advance(timedelta(days=3))
    for _ in range(3):  # day 1, day 2 and day 3 are all due now
        await bot.services.dispatcher.dispatch_due()
    day3 = bot.telegram.messages_to(ANNA)[-1]
    assert day3.text.startswith("Day 3")
    [escalation, alerted] = await bot.tap(ANNA, day3, "Still red or swollen", count=2)
    assert escalation.text.startswith("⚠️ Please contact the clinic soon")
    assert alerted.text.startswith("I've also alerted the clinic team.")
    [alert] = await bot.telegram.await_for(chat_id=STAFF_CHAT)
    assert "Still red or swollen" in alert.text
    answers = {c.checkin_id: c.answer for c in await bot.services.store.checkins.of_client(ANNA)}
    assert answers["same-evening"] == "still-red"
    assert answers["day-3"] == "still-red"


async def test_declining_checkins_sends_none(bot: RunningBot, clock: FakeClock) -> None:
    [welcome] = await bot.say(ANNA, "/start")
    [_, consent] = await bot.tap(ANNA, welcome, "Today", count=2)
    [declined, _news] = await bot.tap(ANNA, consent, "No, thanks", count=2)
    assert declined.text.startswith("No problem, I won't send check-ins")
    clock.advance(timedelta(days=60))
    assert (await bot.services.dispatcher.dispatch_due()).sent == 0


async def test_stop_pauses_and_resume_restarts_only_what_is_ahead(
    bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(bot)
    [paused] = await bot.say(ANNA, "/stop")
    assert paused.text.startswith("Check-ins and clinic news are paused")
    clock.advance(timedelta(days=5))
    assert (await bot.services.dispatcher.dispatch_due()).sent == 0
    [resumed] = await bot.say(ANNA, "/resume")
    assert resumed.text == (
        "Welcome back: check-ins are on again, 4 still to come for your last treatment."
    )
    clock.advance(timedelta(days=2))  # day 7
    checkin = await next_checkin(bot)
    assert checkin.text.startswith("One week on.")


async def test_a_new_session_replaces_the_waiting_checkins(
    bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(bot)
    clock.advance(timedelta(days=2, hours=1))
    [recorded] = await bot.say(ANNA, "/session today")
    assert "today" in recorded.text
    await bot.settled()
    waiting = [c for c in await bot.services.store.checkins.of_client(ANNA) if c.state == "pending"]
    assert len(waiting) == 8
    assert min(c.due_at for c in waiting) == clock.now() + timedelta(hours=4)


async def test_timezone_is_shown_set_and_checked(bot: RunningBot) -> None:
    await onboard(bot)
    [shown] = await bot.say(ANNA, "/timezone")
    assert shown.text.startswith("I send check-ins in the clinic's time zone: Europe/London.")
    [refused] = await bot.say(ANNA, "/timezone Mars/Olympus")
    assert refused.text.startswith("I don't know the time zone “Mars/Olympus”")
    [done] = await bot.say(ANNA, "/timezone asia/tokyo")
    assert done.text.startswith("Done: I'll use Asia/Tokyo")
    assert (await bot.services.store.clients.get(ANNA)).timezone == "Asia/Tokyo"


async def test_client_who_blocked_the_bot_is_skipped_and_others_still_get_theirs(
    bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(bot, ANNA)
    await onboard(bot, 502)
    bot.telegram.fail_chat(ANNA, 403)
    clock.advance(timedelta(hours=4))
    result = await bot.services.dispatcher.dispatch_due()
    assert (result.sent, result.blocked) == (1, 1)
    assert (await bot.services.store.clients.get(ANNA)).blocked_at is not None
    assert "this afternoon" in bot.telegram.messages_to(502)[-1].text


async def test_a_tap_on_someone_elses_or_an_unknown_checkin_is_harmless(
    bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(bot)
    clock.advance(timedelta(hours=4))
    evening = await next_checkin(bot)
    data = evening.buttons[0]["callback_data"].replace(":better", ":nonsense")
    update = bot.telegram.tap(ANNA, evening.message_id, data, require_button=False)
    answered = await bot.answered_query(update["callback_query"]["id"])
    assert "out of date" in answered["text"]


async def test_a_checkin_waits_out_an_outage_and_arrives_once_telegram_answers(
    bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(bot)
    bot.telegram.fail_chat(ANNA, 502)  # Bad Gateway for every message to Anna
    clock.advance(timedelta(hours=4))
    for _ in range(8):  # about ten minutes of outage: more tries than a real error gets
        assert (await bot.services.dispatcher.dispatch_due()).postponed == 1
        clock.advance(timedelta(minutes=5))
    bot.telegram.clear_failures()
    checkin = await next_checkin(bot)
    assert "How is your skin" in checkin.text
