"""Teaching the bot from the staff chat, end to end: a gap answered becomes an answer for the
next client; /kb files go out and come back (refused with file and line when broken); /undo."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import yaml

from bot.core.assistant import Assistant
from bot.kb.loader import load_knowledge
from bot.settings import Settings
from tests.clocks import FakeClock
from tests.conftest import STAFF_CHAT, RunningBot, copy_knowledge, running_bot
from tests.fake_telegram import FakeTelegram
from tests.staff_chat import STAFF_USER, in_staff_chat, question_card, tap_in_staff_chat

ANNA, BEN = 81, 82
PARKING = "how much does parking cost"
ANSWER = "Parking is free behind the clinic: ring the bell at the blue gate."


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    return copy_knowledge(tmp_path / "knowledge")


@pytest.fixture
async def teach_bot(
    settings: Settings, knowledge: Path, clock: FakeClock, telegram: FakeTelegram
) -> AsyncIterator[RunningBot]:
    """The bot on a writable copy of the knowledge, with one staff member."""
    settings = dataclasses.replace(
        settings, knowledge_dir=knowledge, staff_user_ids=frozenset({STAFF_USER})
    )
    async with running_bot(settings, Assistant(load_knowledge(knowledge)), clock, telegram) as bot:
        yield bot


async def test_a_gap_answered_with_new_text_answers_the_next_client_exactly(
    teach_bot: RunningBot, knowledge: Path
) -> None:
    [fallback] = await teach_bot.say(ANNA, PARKING, first_name="Anna")
    assert fallback.text.startswith("I'm not sure I understood")
    card = await question_card(teach_bot)
    assert "reply with a topic's id" in card.text
    [sent] = await in_staff_chat(teach_bot, ANSWER, reply_to=card)
    assert sent.text == "✓ Sent to Anna."
    [learnt] = await tap_in_staff_chat(teach_bot, sent, "📚 Keep this as my answer")
    assert learnt.text.startswith(
        "✅ Learnt a new answer, “How much does parking cost” (in topics/clinic-answers.yaml)"
    )
    [answer] = await teach_bot.say(BEN, "How much does parking cost?")
    assert answer.text == f"{ANSWER}\n\nSource: the clinic team"
    [topic] = yaml.safe_load((knowledge / "topics" / "clinic-answers.yaml").read_text())["topics"]
    assert (topic["id"], topic["questions"], topic["source"]) == (
        "how-much-does-parking-cost",
        [PARKING],
        ["clinic"],
    )
    [entry] = [e for e in await teach_bot.services.store.reports.audit_log() if e.action == "teach"]
    assert (entry.actor, entry.detail) == (
        STAFF_USER,
        "the new answer “How much does parking cost”",
    )
    assert await teach_bot.services.store.reports.unanswered() == []  # gone from /gaps


async def test_a_gap_answered_with_a_topic_id_joins_that_topic(teach_bot: RunningBot) -> None:
    question = "can my husband come along"
    [fallback] = await teach_bot.say(ANNA, question, first_name="Anna")
    assert fallback.text.startswith("I'm not sure I understood")
    card = await question_card(teach_bot)
    before = len(teach_bot.replies_to(ANNA))
    [learnt] = await in_staff_chat(teach_bot, "procedure-steps", reply_to=card)
    assert learnt.text.startswith("✅ Learnt: “" + question + "” now gets the answer of “")
    assert learnt.text.endswith("✓ Sent to Anna.")
    steps = teach_bot.services.assistant.answer("procedure-steps").text
    [to_anna] = teach_bot.replies_to(ANNA)[before:]
    assert to_anna.text == f"💬 From the clinic team:\n{steps}"
    [answer] = await teach_bot.say(BEN, question)
    assert answer.text == steps


async def test_a_topic_button_under_the_question_teaches_it_once(teach_bot: RunningBot) -> None:
    await teach_bot.say(ANNA, PARKING, first_name="Anna")
    card = await question_card(teach_bot)
    label = card.buttons[0]["text"]
    assert label.startswith("➕ ")
    [learnt] = await tap_in_staff_chat(teach_bot, card, label)
    assert learnt.text.startswith(f"✅ Learnt: “{PARKING}” now gets the answer of “{label[2:]}”")
    shown = teach_bot.telegram.message(STAFF_CHAT, card.message_id)["reply_markup"]
    assert shown["inline_keyboard"] == [[{"text": f"✓ {label}", "callback_data": "answered"}]]


async def test_kb_sends_the_files_and_a_bad_file_is_refused_with_file_and_line(
    teach_bot: RunningBot, knowledge: Path
) -> None:
    sent = await in_staff_chat(teach_bot, "/kb aftercare", count=2)
    assert sent[0].text.startswith("📚 The knowledge files the bot uses now.")
    name, data = teach_bot.telegram.document(sent[1])
    assert name == "topics-aftercare.yaml"
    assert data == (knowledge / "topics" / "aftercare.yaml").read_bytes()
    broken = data.decode().replace("  - id: sun-protection", "  - id: sun-protection\n    oops: [")
    [refused] = await teach_bot.after(
        STAFF_CHAT,
        lambda: teach_bot.telegram.send_document(
            STAFF_CHAT,
            name,
            broken.encode(),
            user_id=STAFF_USER,
            chat_type="supergroup",
            reply_to_message_id=sent[1].message_id,  # in a group, bots see replies to them
        ),
    )
    assert refused.text.startswith("❌ topics/aftercare.yaml was NOT used, and nothing changed")
    assert "• knowledge/topics/aftercare.yaml:" in refused.text
    assert (knowledge / "topics" / "aftercare.yaml").read_bytes() == data  # nothing half-written
    [reply] = await teach_bot.say(ANNA, "do i need sunscreen")
    assert "sunscreen" in reply.text  # still answered from the old file


async def test_an_edited_file_is_used_and_undo_brings_the_old_one_back(
    teach_bot: RunningBot, knowledge: Path
) -> None:
    path = knowledge / "topics" / "aftercare.yaml"
    old = path.read_text()
    edited = old.replace(
        "Wait {makeup_after_hours} hours", "Keep makeup off for {makeup_after_hours} hours"
    )
    [applied] = await teach_bot.after(
        STAFF_USER,
        lambda: teach_bot.telegram.send_document(STAFF_USER, "aftercare.yaml", edited.encode()),
    )
    assert applied.text.startswith("✅ topics/aftercare.yaml is in use now: 36 topics")
    [reply] = await teach_bot.say(ANNA, "when can I wear makeup again?")
    assert reply.text.startswith("Keep makeup off for 48 hours")
    [undone] = await teach_bot.say(STAFF_USER, "/undo", user_id=STAFF_USER)
    assert undone.text == (
        "↩️ Taken back: topics/aftercare.yaml, sent in the chat. "
        "Clients get the answers from before it."
    )
    assert path.read_text() == old
    [reply] = await teach_bot.say(ANNA, "when can I wear makeup again?")
    assert reply.text.startswith("Wait 48 hours")
    [nothing] = await teach_bot.say(STAFF_USER, "/undo", user_id=STAFF_USER)
    assert nothing.text.startswith("There is nothing to take back")
    actions = [e.action for e in await teach_bot.services.store.reports.audit_log()]
    assert actions[:2] == ["undo", "kb upload"]


async def test_undo_takes_back_a_lesson(teach_bot: RunningBot, knowledge: Path) -> None:
    await teach_bot.say(ANNA, PARKING, first_name="Anna")
    card = await question_card(teach_bot)
    [sent] = await in_staff_chat(teach_bot, ANSWER, reply_to=card)
    await tap_in_staff_chat(teach_bot, sent, "📚 Keep this as my answer")
    [undone] = await teach_bot.say(STAFF_USER, "/undo", user_id=STAFF_USER)
    assert undone.text.startswith("↩️ Taken back: the new answer “How much does parking cost”")
    assert not (knowledge / "topics" / "clinic-answers.yaml").exists()
    [reply] = await teach_bot.say(BEN, PARKING)
    assert reply.text.startswith("I'm not sure I understood")


async def test_a_file_that_is_not_a_knowledge_file_is_refused(teach_bot: RunningBot) -> None:
    [refused] = await teach_bot.after(
        STAFF_USER,
        lambda: teach_bot.telegram.send_document(STAFF_USER, "notes.yaml", b"a: b\n"),
    )
    assert refused.text.startswith("“notes.yaml” is not one of the knowledge files.")
    assert "topics-aftercare.yaml" in refused.text


async def test_a_client_sending_a_yaml_file_gets_the_usual_answer(teach_bot: RunningBot) -> None:
    [reply] = await teach_bot.after(
        ANNA, lambda: teach_bot.telegram.send_document(ANNA, "clinic.yaml", b"name: Evil\n")
    )
    assert reply.text.startswith("Thanks for the file, but I can only read text.")
    assert teach_bot.services.clinic.name == "Demo Skin Clinic"
