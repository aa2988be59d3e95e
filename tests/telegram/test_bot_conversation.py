"""Conversations with the clinic team end: /done, or clinic.yaml's quiet period; meanwhile a
question the bot can answer still gets its answer, and the client knows who is talking."""

from __future__ import annotations

from datetime import timedelta

from tests.clocks import FakeClock
from tests.conftest import STAFF_CHAT, RunningBot
from tests.fake_telegram import SentMessage
from tests.staff_chat import STAFF_USER, in_staff_chat

ANNA = 95
MAKEUP = "when can I wear makeup again?"


async def talking(desk: RunningBot) -> SentMessage:
    """Anna reports a warning sign, and a staff member answers the alert."""
    await desk.say(ANNA, "there is pus on my cheek", count=2, first_name="Anna")
    [alert] = await desk.telegram.await_for(chat_id=STAFF_CHAT)
    await in_staff_chat(desk, "Can you send us a photo?", reply_to=alert)
    return alert


async def test_while_talking_a_known_question_gets_the_bots_answer_and_chat_goes_to_staff(
    desk: RunningBot,
) -> None:
    await talking(desk)
    [answer] = await desk.say(ANNA, MAKEUP)
    assert answer.text == desk.services.assistant.respond(MAKEUP).text
    staff_before = len(desk.replies_to(STAFF_CHAT))
    [ack] = await desk.say(ANNA, "ok thanks, will do after work")
    assert ack.text == "✓ Passed on to the clinic team."
    [relayed] = desk.replies_to(STAFF_CHAT)[staff_before:]
    assert relayed.text.startswith("💬 Message from a client")


async def test_done_in_reply_ends_the_conversation_and_the_client_is_told(
    desk: RunningBot,
) -> None:
    alert = await talking(desk)
    before = len(desk.replies_to(ANNA))
    [closed] = await in_staff_chat(desk, "/done", reply_to=alert)
    assert closed.text == "✓ Conversation with Anna ended: they are talking to the bot again."
    [told] = desk.replies_to(ANNA)[before:]
    assert told.text.startswith("The clinic team has finished this conversation")
    [reply] = await desk.say(ANNA, "ok thanks, will do after work")
    assert reply.text != "✓ Passed on to the clinic team."  # the bot answers again
    [again] = await in_staff_chat(desk, "/done", reply_to=alert)
    assert again.text == "There was no open conversation with Anna."
    [entry, *_] = await desk.services.store.reports.audit_log()
    assert (entry.actor, entry.action, entry.client_chat) == (STAFF_USER, "done", ANNA)


async def test_done_not_in_reply_says_how_to_use_it(desk: RunningBot) -> None:
    [usage] = await in_staff_chat(desk, "/done")
    assert usage.text.startswith("Reply /done to a message about a client")


async def test_a_quiet_conversation_ends_by_itself_and_the_client_is_told(
    desk: RunningBot, clock: FakeClock
) -> None:
    await talking(desk)
    clock.advance(timedelta(hours=11))  # clinic.yaml: conversation_ends_after: 12h
    [ack] = await desk.say(ANNA, "sent it by email")
    assert ack.text == "✓ Passed on to the clinic team."  # each message keeps it open
    clock.advance(timedelta(hours=12, minutes=1))
    [ended, reply] = await desk.say(ANNA, "ok thanks, will do after work", count=2)
    assert ended.text.startswith(
        "Your conversation with the clinic team has ended, so I'm answering again."
    )
    assert reply.text != "✓ Passed on to the clinic team."
    client = await desk.services.store.clients.get(ANNA)
    assert client is not None
    assert client.inbox_open_until is None


async def test_done_is_for_staff_only(desk: RunningBot) -> None:
    alert = await talking(desk)
    [refused] = await in_staff_chat(desk, "/done", reply_to=alert, user_id=4321)
    assert refused.text == "This command is for clinic staff."
    [ack] = await desk.say(ANNA, "ok thanks, will do after work")
    assert ack.text == "✓ Passed on to the clinic team."


async def test_done_and_history_in_a_private_chat_touch_no_client(desk: RunningBot) -> None:
    alert = await talking(desk)
    # The staff member's private chat counts its own message ids: one of them equals the
    # alert's id in the staff chat, and replying to it privately says nothing about Anna.
    while desk.telegram.message(STAFF_USER, alert.message_id) is None:
        await desk.say(STAFF_USER, "/health")
    for command, usage in (("/done", "Reply /done to"), ("/history", "I can't tell which")):
        [answer] = await desk.after(
            STAFF_USER,
            lambda command=command: desk.telegram.send_text(
                STAFF_USER, command, reply_to_message_id=alert.message_id
            ),
        )
        assert answer.text.startswith(usage)
    [ack] = await desk.say(ANNA, "ok thanks, will do after work")
    assert ack.text == "✓ Passed on to the clinic team."  # still talking with the team
    actions = [entry.action for entry in await desk.services.store.reports.audit_log()]
    assert "done" not in actions
    assert "history" not in actions


async def test_an_edited_reply_is_not_sent_again_and_staff_are_told(desk: RunningBot) -> None:
    await desk.say(ANNA, "there is pus on my cheek", count=2, first_name="Anna")
    [alert] = await desk.telegram.await_for(chat_id=STAFF_CHAT)
    sent: dict = {}

    def reply() -> None:
        sent.update(
            desk.telegram.send_text(
                STAFF_CHAT,
                "Can you send us a photo?",
                user_id=STAFF_USER,
                chat_type="supergroup",
                reply_to_message_id=alert.message_id,
            )
        )

    [confirmation] = await desk.after(STAFF_CHAT, reply)
    assert confirmation.text == "✓ Sent to Anna."
    before = len(desk.replies_to(ANNA))
    message_id = sent["message"]["message_id"]
    [note] = await desk.after(
        STAFF_CHAT, lambda: desk.telegram.edit_text(STAFF_CHAT, message_id, "A photo, please?")
    )
    assert note.text.startswith("✎ Editing changes nothing")
    await desk.settled()
    assert desk.replies_to(ANNA)[before:] == []  # the client has the first version only
    conversation = await desk.services.store.inbox.conversation(ANNA)
    assert [m.text for m in conversation if m.direction == "staff"] == ["Can you send us a photo?"]
    actions = [entry.action for entry in await desk.services.store.reports.audit_log()]
    assert actions.count("reply") == 1
