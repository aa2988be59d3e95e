"""Buttons answer once: the tapped message shows the choice; a second tap, even one arriving
at the same moment, gets a short kind note and changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.clocks import FakeClock
from tests.conftest import RunningBot
from tests.fake_telegram import SentMessage
from tests.telegram.test_bot_checkins import next_checkin, onboard

ANNA = 97
NOTE = "You've already answered this one, thank you. Just type if there's anything else."


def data_of(message: SentMessage, label: str) -> str:
    return next(b["callback_data"] for b in message.buttons if b["text"] == label)


async def double_tap(bot: RunningBot, message: SentMessage, first: str, second: str) -> str:
    """Two taps on one message, queued together (a double tap); the second tap's note."""
    telegram = bot.telegram
    telegram.tap(ANNA, message.message_id, data_of(message, first))
    later = telegram.tap(ANNA, message.message_id, data_of(message, second))
    answer = await bot.answered_query(later["callback_query"]["id"])
    await bot.settled()
    return answer.get("text", "")


def shown(bot: RunningBot, message: SentMessage) -> list[str]:
    markup = bot.telegram.message(ANNA, message.message_id).get("reply_markup") or {}
    return [b["text"] for row in markup.get("inline_keyboard", []) for b in row]


async def test_a_double_tap_on_a_checkin_is_answered_once(
    bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(bot, ANNA)
    clock.advance(timedelta(hours=4))
    checkin = await next_checkin(bot, ANNA)
    before = len(bot.replies_to(ANNA))
    note = await double_tap(bot, checkin, "Still red or swollen", "Getting better")
    assert note == NOTE
    [answer] = bot.replies_to(ANNA)[before:]  # one answer: to the first tap
    assert answer.text == bot.services.assistant.answer("normal-side-effects").text
    assert shown(bot, checkin) == ["✓ Still red or swollen"]
    [row] = [c for c in await bot.services.store.checkins.of_client(ANNA) if c.answer]
    assert row.answer == "still-red"


async def test_the_choice_shown_is_itself_a_kind_no_op(bot: RunningBot, clock: FakeClock) -> None:
    await onboard(bot, ANNA)
    clock.advance(timedelta(hours=4))
    checkin = await next_checkin(bot, ANNA)
    await bot.tap(ANNA, checkin, "Getting better")
    before = len(bot.replies_to(ANNA))
    update = bot.telegram.tap(ANNA, checkin.message_id, "answered")
    answer = await bot.answered_query(update["callback_query"]["id"])
    assert answer["text"] == NOTE
    await bot.settled()
    assert bot.replies_to(ANNA)[before:] == []


async def test_consent_yes_tapped_twice_answers_once(bot: RunningBot) -> None:
    [welcome] = await bot.say(ANNA, "/start")
    [_, consent] = await bot.tap(ANNA, welcome, "Today", count=2)
    before = len(bot.replies_to(ANNA))
    assert await double_tap(bot, consent, "Yes, please", "Yes, please") == NOTE
    [on, news] = bot.replies_to(ANNA)[before:]
    assert on.text.startswith("Check-ins are on")
    assert news.text.startswith("And would you like occasional reminders")
    assert shown(bot, consent) == ["✓ Yes, please"]
    assert len(await bot.services.store.checkins.of_client(ANNA)) == 8  # planned once


async def test_a_day_button_answers_once_and_shows_the_day(bot: RunningBot) -> None:
    [welcome] = await bot.say(ANNA, "/start")
    before = len(bot.replies_to(ANNA))
    assert await double_tap(bot, welcome, "Yesterday", "Today") == NOTE
    [noted, _consent] = bot.replies_to(ANNA)[before:]
    assert "(yesterday)" in noted.text
    assert shown(bot, welcome) == ["✓ Yesterday"]
    [session] = await bot.services.store.clients.sessions(ANNA)
    assert session.at == datetime(2026, 11, 19, 12, 0, tzinfo=UTC)


async def test_checkin_words_follow_the_hour_in_the_clients_time_zone(
    bot: RunningBot, clock: FakeClock
) -> None:
    """The issue's report: "How is your skin this evening?" at 13:34."""
    clock.set(datetime(2026, 11, 20, 9, 34, tzinfo=UTC))  # treatment at 09:34 in London
    await onboard(bot, ANNA)
    clock.advance(timedelta(hours=4))  # 13:34
    afternoon = await next_checkin(bot, ANNA)
    assert afternoon.text.startswith("How is your skin this afternoon?")
    await bot.say(ANNA, "/timezone Asia/Tokyo")  # London 09:34 is Tokyo 18:34
    clock.set(datetime(2026, 11, 21, 9, 34, tzinfo=UTC))  # day 1
    day_one = await next_checkin(bot, ANNA)
    assert day_one.text.startswith("Good evening! One day after your treatment")


async def test_photo_consent_answers_once(bot: RunningBot) -> None:
    [ask] = await bot.after(ANNA, lambda: bot.telegram.send_message_of_kind(ANNA, "photo"))
    before = len(bot.replies_to(ANNA))
    assert await double_tap(bot, ask, "Yes, send it", "No, thanks") == NOTE
    [forwarded] = bot.replies_to(ANNA)[before:]
    assert forwarded.text.startswith("Thanks: your photo is with the clinic team")
    assert shown(bot, ask) == ["✓ Yes, send it"]
