"""The front desk end to end: start links, the staff inbox both ways, photos with consent."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.core.assistant import Assistant
from bot.settings import Settings
from tests.clocks import FakeClock
from tests.conftest import STAFF_CHAT, START, RunningBot, running_bot
from tests.fake_telegram import FakeTelegram, SentMessage

STAFF_USER = 900
ANNA = 41


@pytest.fixture
async def desk(
    settings: Settings, assistant: Assistant, clock: FakeClock, telegram: FakeTelegram
) -> AsyncIterator[RunningBot]:
    settings = dataclasses.replace(settings, staff_user_ids=frozenset({STAFF_USER}))
    async with running_bot(settings, assistant, clock, telegram) as running:
        yield running


async def make_invite(desk: RunningBot, when: str = "2026-11-20 09:30") -> str:
    """Staff run /invite; returns the code from the start link."""
    made = await desk.say(STAFF_USER, f"/invite Anna {when}", user_id=STAFF_USER)
    assert made[0].text.startswith("Start link for Anna (single use")
    link = next(line for line in made[0].text.splitlines() if line.startswith("https://t.me/"))
    assert link.startswith("https://t.me/aftercare_test_bot?start=")
    sent = await desk.telegram.await_for(lambda sent: any(m.method == "sendPhoto" for m in sent))
    [qr] = [m for m in sent if m.method == "sendPhoto"]
    assert qr.chat_id == STAFF_USER
    return link.rsplit("=", 1)[1]


async def test_a_start_link_greets_by_name_knows_the_session_and_asks_only_consent(
    desk: RunningBot,
) -> None:
    code = await make_invite(desk)
    [hello, consent] = await desk.say(ANNA, f"/start {code}", count=2, first_name="Annie")
    assert hello.text.startswith("Hello, Anna! Demo Skin Clinic set me up for you")
    assert "Your treatment on Friday 20 November 2026 (today) is already noted." in hello.text
    assert consent.text.startswith("May I check in with you")
    session = await desk.services.store.clients.last_session(ANNA)
    assert session.at == START.replace(hour=9, minute=30)
    [audit] = await desk.services.store.reports.audit_log()
    assert (audit.actor, audit.action) == (STAFF_USER, "invite")


async def test_a_used_link_and_a_made_up_one_get_the_normal_onboarding(desk: RunningBot) -> None:
    code = await make_invite(desk)
    await desk.say(ANNA, f"/start {code}", count=2)
    [used, welcome] = await desk.say(42, f"/start {code}", count=2)
    assert used.text.startswith("This start link has already been used, but no problem")
    assert "When was your last treatment?" in welcome.text
    [unknown, _] = await desk.say(43, "/start not-a-real-code", count=2)
    assert unknown.text.startswith("I don't recognise this start link")


async def test_an_expired_link_is_explained(desk: RunningBot, clock: FakeClock) -> None:
    code = await make_invite(desk)
    clock.advance(timedelta(days=8))
    [expired, _] = await desk.say(ANNA, f"/start {code}", count=2)
    assert expired.text.startswith("This start link has expired")


async def test_invite_is_for_staff_only(desk: RunningBot) -> None:
    [refused] = await desk.say(ANNA, "/invite Bob")
    assert refused.text == "This command is for clinic staff."


async def staff_reply(desk: RunningBot, to: SentMessage, text: str) -> None:
    await desk.settled()  # the bot has noted which client `to` is about
    desk.telegram.send_text(
        STAFF_CHAT,
        text,
        user_id=STAFF_USER,
        chat_type="supergroup",
        reply_to_message_id=to.message_id,
    )


async def test_staff_reply_reaches_the_client_and_the_answer_comes_back(desk: RunningBot) -> None:
    await desk.say(ANNA, "how much does parking cost", first_name="Anna")
    [question] = await desk.telegram.await_for(chat_id=STAFF_CHAT)
    assert question.text.startswith(
        "❓ A question the bot could not answer\nClient: Anna (chat 41)"
    )
    assert "“how much does parking cost”" in question.text

    before = len(desk.telegram.messages_to(ANNA))
    await staff_reply(desk, question, "Parking is free behind the clinic.")
    [from_team] = (await desk.telegram.await_for(chat_id=ANNA, count=before + 1))[before:]
    assert from_team.text == "💬 From the clinic team:\nParking is free behind the clinic."
    [_, delivered] = await desk.telegram.await_for(chat_id=STAFF_CHAT, count=2)
    assert delivered.text == "✓ Sent to Anna."

    [ack] = await desk.say(ANNA, "great, thank you! is it the blue door?")
    assert ack.text == "✓ Passed on to the clinic team."
    relayed = desk.telegram.messages_to(STAFF_CHAT)[-1]
    assert relayed.text.startswith("💬 Message from a client\nClient: Anna (chat 41)")
    kinds = [(m.direction, m.kind) for m in await desk.services.store.inbox.conversation(ANNA)]
    assert kinds == [("client", "unanswered"), ("staff", "reply"), ("client", "message")]


async def test_history_in_reply_shows_sessions_and_escalations(desk: RunningBot) -> None:
    await desk.say(ANNA, "/session 18 Nov", count=2, first_name="Anna")
    await desk.say(ANNA, "there is pus on my chin", count=2, first_name="Anna")
    alert = (await desk.telegram.await_for(chat_id=STAFF_CHAT))[-1]
    desk.telegram.send_text(
        STAFF_CHAT, "/history", user_id=STAFF_USER, chat_type="supergroup",
        reply_to_message_id=alert.message_id,
    )  # fmt: skip
    history = (await desk.telegram.await_for(chat_id=STAFF_CHAT, count=2))[-1]
    assert history.text.startswith("History of Anna (chat 41)\nSessions:\n• Wednesday 18 November")
    assert "infection: “there is pus on my chin”" in history.text


async def test_a_photo_goes_to_staff_only_after_consent(desk: RunningBot) -> None:
    [ask] = await desk.after(ANNA, lambda: desk.telegram.send_message_of_kind(ANNA, "photo"))
    assert ask.text.startswith("I can't judge photos myself")
    assert desk.telegram.messages_to(STAFF_CHAT) == []
    [sent] = await desk.tap(ANNA, ask, "Yes, send it")
    assert sent.text.startswith("Thanks: your photo is with the clinic team")
    staff = await desk.telegram.await_for(chat_id=STAFF_CHAT, count=2)
    assert staff[0].text.startswith("📷 Photo from a client")
    assert staff[1].method == "copyMessage"
    [photo] = [m for m in await desk.services.store.inbox.conversation(ANNA) if m.file_id]
    assert photo.kind == "photo"


async def test_a_declined_photo_stays_with_the_client(desk: RunningBot) -> None:
    [ask] = await desk.after(ANNA, lambda: desk.telegram.send_message_of_kind(ANNA, "photo"))
    [declined] = await desk.tap(ANNA, ask, "No, thanks")
    assert declined.text.startswith("I can't look at photos")
    [again] = await desk.after(ANNA, lambda: desk.telegram.send_message_of_kind(ANNA, "photo"))
    assert again.text.startswith("I can't look at photos")  # asked once only
    assert desk.telegram.messages_to(STAFF_CHAT) == []


async def test_a_reply_to_any_part_of_a_long_alert_reaches_the_client(desk: RunningBot) -> None:
    warning = "there is pus on my cheek. " + "It started small and spread. " * 150
    await desk.say(ANNA, warning, count=2, first_name="Anna")
    parts = await desk.telegram.await_for(chat_id=STAFF_CHAT, count=2)
    before = len(desk.telegram.messages_to(ANNA))
    await staff_reply(desk, parts[0], "Please call us now.")
    [from_team] = (await desk.telegram.await_for(chat_id=ANNA, count=before + 1))[before:]
    assert from_team.text == "💬 From the clinic team:\nPlease call us now."
