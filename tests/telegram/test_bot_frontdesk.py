"""The front desk end to end: start links, the staff inbox both ways, photos with consent."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from tests.clocks import FakeClock
from tests.conftest import STAFF_CHAT, START, RunningBot
from tests.fake_telegram import SentMessage
from tests.staff_chat import STAFF_USER, in_staff_chat, question_card

ANNA = 41


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


async def test_a_start_link_for_a_client_with_a_session_days_ago_corrects_it(
    desk: RunningBot,
) -> None:
    await desk.services.store.clients.upsert(ANNA, ANNA, "Anna")
    await desk.services.store.clients.add_session(ANNA, START - timedelta(days=2))
    code = await make_invite(desk)  # the front desk notes today's session
    await desk.say(ANNA, f"/start {code}", count=2)
    sessions = await desk.services.store.clients.sessions(ANNA)
    assert [s.at for s in sessions] == [START.replace(hour=9, minute=30)]  # one, corrected


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
    desk.telegram.send_text(
        STAFF_CHAT,
        text,
        user_id=STAFF_USER,
        chat_type="supergroup",
        reply_to_message_id=to.message_id,
    )


async def test_staff_reply_reaches_the_client_and_the_answer_comes_back(desk: RunningBot) -> None:
    await desk.say(ANNA, "how much does parking cost", first_name="Anna")
    assert desk.telegram.messages_to(STAFF_CHAT) == []  # it waits for the digest
    question = await question_card(desk)
    assert question.text.startswith(
        "❓ A question the bot could not answer\nClient: Anna (chat 41)"
    )
    assert "“how much does parking cost”" in question.text

    before = len(desk.telegram.messages_to(ANNA))
    [delivered] = await in_staff_chat(desk, "Parking is free behind the clinic.", reply_to=question)
    [from_team] = (await desk.telegram.await_for(chat_id=ANNA, count=before + 1))[before:]
    assert from_team.text == "💬 From the clinic team:\nParking is free behind the clinic."
    assert delivered.text == "✓ Sent to Anna."

    [ack] = await desk.say(ANNA, "great, thank you! is it the blue door?")
    assert ack.text == "✓ Passed on to the clinic team."
    relayed = desk.telegram.messages_to(STAFF_CHAT)[-1]
    assert relayed.text.startswith("💬 Message from a client\nClient: Anna (chat 41)")
    kinds = [(m.direction, m.kind) for m in await desk.services.store.inbox.conversation(ANNA)]
    assert kinds == [("client", "unanswered"), ("staff", "reply"), ("client", "message")]


async def test_a_reply_that_comes_before_the_alert_is_recorded_still_reaches_the_client(
    desk: RunningBot,
) -> None:
    """The cause of a flaky test: staff replied to an alert before the bot had stored which
    client it was about. A reply now waits for the posts in flight."""
    inbox = desk.services.store.inbox
    recorded, gate = inbox.record, asyncio.Event()

    async def slow_record(*args: object, **kwargs: object) -> None:
        await gate.wait()
        await recorded(*args, **kwargs)

    inbox.record = slow_record  # type: ignore[method-assign]
    desk.telegram.send_text(ANNA, "there is pus on my cheek", first_name="Anna")
    [alert] = await desk.telegram.await_for(chat_id=STAFF_CHAT)
    desk.telegram.send_text(
        STAFF_CHAT, "Please call us now.", user_id=STAFF_USER, chat_type="supergroup",
        reply_to_message_id=alert.message_id,
    )  # fmt: skip
    await asyncio.to_thread(desk.telegram.wait_for, lambda _: desk.telegram.pending_updates() == 0)
    for _ in range(50):
        await asyncio.sleep(0)
    gate.set()
    await desk.telegram.await_for(
        lambda _: any(m.text and "Please call us now." in m.text for m in desk.replies_to(ANNA))
    )
    sent = await desk.telegram.await_for(lambda _: desk.replies_to(STAFF_CHAT)[-1].text[0] == "✓")
    assert sent[-1].text == "✓ Sent to Anna."
    assert not [m for m in desk.replies_to(STAFF_CHAT) if "can't tell which client" in m.text]


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
