"""Staff in Telegram: only staff may use staff commands; knowledge edits reach the running bot."""

from __future__ import annotations

import asyncio
import dataclasses
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.assistant import Assistant
from bot.kb.loader import load_knowledge
from bot.settings import Settings
from bot.telegram.handlers import staff
from tests.clocks import FakeClock
from tests.conftest import STAFF_CHAT, RunningBot, copy_knowledge, running_bot
from tests.fake_telegram import FakeTelegram

STAFF_USER = 900
CLIENT = 31
TOPICS = Path("topics") / "aftercare.yaml"


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    return copy_knowledge(tmp_path / "knowledge")


@pytest.fixture
async def staff_bot(
    settings: Settings, knowledge: Path, clock: FakeClock, telegram: FakeTelegram
) -> AsyncIterator[RunningBot]:
    """The bot on an editable knowledge copy, with one staff member, checking every 50 ms."""
    settings = dataclasses.replace(
        settings,
        knowledge_dir=knowledge,
        staff_user_ids=frozenset({STAFF_USER}),
        reload_seconds=0.05,
    )
    assistant = Assistant(load_knowledge(knowledge))
    async with running_bot(settings, assistant, clock, telegram) as running:
        yield running


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    stat = path.stat()  # two saves within one clock tick must still look different
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


async def test_an_edited_answer_reaches_clients_without_a_restart(
    staff_bot: RunningBot, knowledge: Path
) -> None:
    edit(
        knowledge / TOPICS,
        "Wait {makeup_after_hours} hours",
        "Keep makeup off for {makeup_after_hours} hours",
    )
    [notice] = await staff_bot.telegram.await_for(chat_id=STAFF_CHAT)
    assert notice.text.startswith("✅ Knowledge updated:")
    [reply] = await staff_bot.say(CLIENT, "when can I wear makeup again?")
    assert reply.text.startswith("Keep makeup off for 48 hours")


async def test_a_broken_edit_is_refused_and_staff_are_told_where(
    staff_bot: RunningBot, knowledge: Path
) -> None:
    edit(knowledge / TOPICS, "  - id: sun-protection", "  - id: sun-protection\n    oops: [")
    [notice] = await staff_bot.telegram.await_for(chat_id=STAFF_CHAT)
    assert notice.text.startswith("❌ The knowledge folder has problems")
    assert "topics/aftercare.yaml:" in notice.text
    [reply] = await staff_bot.say(CLIENT, "do i need sunscreen")
    assert "sunscreen" in reply.text  # still answered from the last good knowledge


async def test_watching_the_knowledge_folder_outlives_an_unexpected_error(
    staff_bot: RunningBot, knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failed = asyncio.Event()

    async def broken(*_: object) -> None:
        monkeypatch.undo()
        failed.set()
        raise RuntimeError("unexpected")

    monkeypatch.setattr(staff, "knowledge_changed", broken)
    edit(
        knowledge / TOPICS, "Wait {makeup_after_hours} hours", "Hold off {makeup_after_hours} hours"
    )
    await asyncio.wait_for(failed.wait(), timeout=5)
    edit(
        knowledge / TOPICS,
        "Hold off {makeup_after_hours} hours",
        "No makeup for {makeup_after_hours} hours",
    )
    [notice] = await staff_bot.telegram.await_for(chat_id=STAFF_CHAT)
    assert notice.text.startswith("✅ Knowledge updated:")
    [reply] = await staff_bot.say(CLIENT, "when can I wear makeup again?")
    assert reply.text.startswith("No makeup for 48 hours")


async def test_reload_is_for_staff_only(staff_bot: RunningBot) -> None:
    [refused] = await staff_bot.say(CLIENT, "/reload")
    assert refused.text == "This command is for clinic staff."
    [done] = await staff_bot.say(STAFF_USER, "/reload", user_id=STAFF_USER)
    assert done.text == "The knowledge folder loads fine; nothing had changed."


async def test_reload_works_in_the_staff_chat(staff_bot: RunningBot) -> None:
    [done] = await staff_bot.say(STAFF_CHAT, "/reload", user_id=STAFF_USER, chat_type="supergroup")
    assert done.text.startswith("The knowledge folder loads fine")


STAFF_COMMANDS = (
    "/reload",
    "/stats",
    "/gaps",
    "/escalations",
    "/invite Anna",
    "/history",
    "/broadcast all Hello",
)


@pytest.mark.parametrize("command", STAFF_COMMANDS)
async def test_every_staff_command_refuses_clients_and_changes_nothing(
    staff_bot: RunningBot, command: str
) -> None:
    services = staff_bot.services
    before = await services.store.reports.stats(services.clock.now())
    [refused] = await staff_bot.say(CLIENT, command)
    assert refused.text == "This command is for clinic staff."
    after = await services.store.reports.stats(services.clock.now())
    seen = ("clients", "active_7_days", "active_30_days")  # only the sender was noted
    assert dataclasses.replace(after, **{name: getattr(before, name) for name in seen}) == before


async def test_staff_see_stats_gaps_and_escalations(staff_bot: RunningBot) -> None:
    await staff_bot.say(CLIENT, "how much does parking cost")
    await staff_bot.say(CLIENT, "there is pus on my cheek", count=2)
    [stats] = await staff_bot.say(STAFF_USER, "/stats", user_id=STAFF_USER)
    assert "Escalations in the last 7 days: 1" in stats.text
    [gaps] = await staff_bot.say(STAFF_USER, "/gaps", user_id=STAFF_USER)
    assert "×1 “how much does parking cost”" in gaps.text
    [escalations] = await staff_bot.say(STAFF_USER, "/escalations", user_id=STAFF_USER)
    assert "Anna (chat 31), infection: “there is pus on my cheek”" in escalations.text
