"""Who is staff (the staff chat's members, AFTERCARE_STAFF_IDS), the menus Telegram shows each
audience, and the bot's description from clinic.yaml."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.core.assistant import Assistant
from bot.settings import Settings
from bot.telegram.menus import CLIENT_COMMANDS, STAFF_COMMANDS
from tests.cli.test_cli import run
from tests.clocks import FakeClock
from tests.conftest import STAFF_CHAT, RunningBot, running_bot
from tests.fake_telegram import FakeTelegram
from tests.staff_chat import MEMBER, STAFF_USER, in_staff_chat

ANNA = 61
STRANGER = 62


@pytest.fixture
async def readme_bot(
    settings: Settings, assistant: Assistant, clock: FakeClock, telegram: FakeTelegram
) -> AsyncIterator[RunningBot]:
    """Set up as the README says: a token and the staff chat, no AFTERCARE_STAFF_IDS."""
    telegram.set_member(STAFF_CHAT, MEMBER, "member")
    async with running_bot(settings, assistant, clock, telegram) as running:
        yield running


async def alert(bot: RunningBot) -> object:
    await bot.say(ANNA, "there is pus on my cheek", count=2, first_name="Anna")
    return (await bot.telegram.await_for(chat_id=STAFF_CHAT))[-1]


async def test_a_member_of_the_staff_chat_answers_an_alert_and_the_client_gets_it(
    readme_bot: RunningBot,
) -> None:
    assert readme_bot.services.settings.staff_user_ids == frozenset()
    warning = await alert(readme_bot)
    before = len(readme_bot.replies_to(ANNA))
    [sent] = await in_staff_chat(
        readme_bot, "Please call us now.", user_id=MEMBER, reply_to=warning
    )
    assert sent.text == "✓ Sent to Anna."
    [reply] = readme_bot.replies_to(ANNA)[before:]
    assert reply.text == "💬 From the clinic team:\nPlease call us now."
    [stats] = await in_staff_chat(readme_bot, "/stats", user_id=MEMBER)
    assert stats.text.startswith("📊 Aftercare bot")


@pytest.mark.parametrize("status", ["left", "kicked"])
async def test_someone_who_left_the_staff_chat_gets_nothing_staff_only(
    readme_bot: RunningBot, status: str
) -> None:
    warning = await alert(readme_bot)
    readme_bot.telegram.set_member(STAFF_CHAT, STRANGER, status)
    before = len(readme_bot.replies_to(ANNA))
    [refused] = await in_staff_chat(readme_bot, "Hi!", user_id=STRANGER, reply_to=warning)
    assert refused.text == "This command is for clinic staff."
    assert readme_bot.replies_to(ANNA)[before:] == []
    [refused] = await readme_bot.say(STRANGER, "/gaps", user_id=STRANGER)
    assert refused.text == "This command is for clinic staff."


async def test_a_client_in_a_private_chat_is_not_staff(readme_bot: RunningBot) -> None:
    await alert(readme_bot)  # the staff chat exists
    for command in ("/stats", "/kb", "/undo", "/done", "/gaps"):
        [refused] = await readme_bot.say(ANNA, command)
        assert refused.text == "This command is for clinic staff."


async def test_restricted_members_count_while_they_are_in_the_chat(
    readme_bot: RunningBot,
) -> None:
    await alert(readme_bot)
    readme_bot.telegram.set_member(STAFF_CHAT, 71, "restricted", is_member=True)
    readme_bot.telegram.set_member(STAFF_CHAT, 72, "restricted", is_member=False)
    [allowed] = await readme_bot.say(71, "/stats", user_id=71)
    assert allowed.text.startswith("📊")
    [refused] = await readme_bot.say(72, "/stats", user_id=72)
    assert refused.text == "This command is for clinic staff."


async def test_membership_is_asked_once_then_again_after_a_few_minutes(
    readme_bot: RunningBot, clock: FakeClock
) -> None:
    await alert(readme_bot)

    def asked() -> int:
        return len(readme_bot.telegram.calls_of("getChatMember"))

    await in_staff_chat(readme_bot, "/stats", user_id=MEMBER)
    await in_staff_chat(readme_bot, "/stats", user_id=MEMBER)
    assert asked() == 1
    readme_bot.telegram.set_member(STAFF_CHAT, MEMBER, "left")  # removed from the chat
    clock.advance(timedelta(minutes=6))
    [refused] = await readme_bot.say(MEMBER, "/stats", user_id=MEMBER)
    assert refused.text == "This command is for clinic staff."
    assert asked() == 2


async def test_each_audience_gets_its_menu(readme_bot: RunningBot) -> None:
    telegram = readme_bot.telegram
    assert [c["command"] for c in telegram.commands("all_private_chats")] == list(CLIENT_COMMANDS)
    staff_menu = telegram.commands(f"chat:{STAFF_CHAT}")
    assert [c["command"] for c in staff_menu] == list(STAFF_COMMANDS)
    assert staff_menu[0]["description"] == "Questions I could not answer, to teach me"
    assert telegram.commands() == []  # other groups: none
    await alert(readme_bot)
    await readme_bot.say(MEMBER, "/stats", user_id=MEMBER)  # a member, in a private chat
    both = [c["command"] for c in telegram.commands(f"chat:{MEMBER}")]
    assert both == [*CLIENT_COMMANDS, *STAFF_COMMANDS]


async def test_staff_ids_get_the_staff_menu_in_their_private_chat_at_start(
    settings: Settings, assistant: Assistant, clock: FakeClock, telegram: FakeTelegram
) -> None:
    settings = dataclasses.replace(settings, staff_user_ids=frozenset({STAFF_USER}))
    telegram.send_text(STAFF_USER, "hello")  # the chat exists
    async with running_bot(settings, assistant, clock, telegram):
        commands = [c["command"] for c in telegram.commands(f"chat:{STAFF_USER}")]
        assert commands == [*CLIENT_COMMANDS, *STAFF_COMMANDS]


async def test_the_description_comes_from_clinic_yaml(readme_bot: RunningBot) -> None:
    clinic = readme_bot.services.clinic
    assert readme_bot.telegram.description() == clinic.description
    assert readme_bot.telegram.description("short_description") == clinic.short_description
    assert clinic.description.startswith("The aftercare assistant of Demo Skin Clinic")


async def test_without_a_staff_chat_the_bot_says_once_at_start_what_it_cannot_do(
    settings: Settings,
    assistant: Assistant,
    clock: FakeClock,
    telegram: FakeTelegram,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    settings = dataclasses.replace(settings, staff_chat_id=None)
    async with running_bot(settings, assistant, clock, telegram) as bot:
        [refused] = await bot.say(ANNA, "/stats")
        assert refused.text == "This command is for clinic staff."
        assert telegram.calls_of("getChatMember") == []
    [warning] = [r for r in caplog.records if r.message.startswith("Staff:")]
    assert warning.levelno == logging.WARNING
    assert "set AFTERCARE_STAFF_CHAT_ID" in warning.message
    assert "no alerts" in warning.message


def test_config_says_how_staff_are_recognised() -> None:
    _, out, _ = run(["config"], {"AFTERCARE_STAFF_CHAT_ID": "-100123"})
    assert "# staff are the members of the staff chat -100123 (asked of Telegram" in out
    _, out, _ = run(["config"], {"AFTERCARE_STAFF_IDS": "7,9"})
    assert "# staff are only the user ids 7, 9 (AFTERCARE_STAFF_IDS); without" in out


async def test_an_anonymous_administrator_of_the_staff_chat_is_staff(
    readme_bot: RunningBot,
) -> None:
    members = readme_bot.services.members
    assert await members.is_staff(readme_bot.app.bot, None, STAFF_CHAT) is True
    assert await members.is_staff(readme_bot.app.bot, None, -100999) is False
    assert readme_bot.telegram.calls_of("getChatMember") == []
