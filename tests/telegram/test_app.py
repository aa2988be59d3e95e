"""The application's wiring, and the small decisions handlers take without Telegram."""

from __future__ import annotations

import pytest
from telegram import Chat, Contact, Dice, Document, Message, Sticker, Voice

from bot.core.assistant import Assistant
from bot.jobs.outbox import Outbox
from bot.settings import Settings
from bot.telegram.app import api_urls, build_application
from bot.telegram.chat_order import ChatOrderedProcessor
from bot.telegram.handlers.groups import addressed_to
from bot.telegram.handlers.media import kind_of
from tests.clocks import FakeClock

CHAT = Chat(1, Chat.PRIVATE)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8081",
        "http://127.0.0.1:8081/",
        "http://127.0.0.1:8081/bot",
        "http://127.0.0.1:8081/bot/",
    ],
)
def test_the_api_url_is_accepted_with_or_without_the_trailing_bot(url: str) -> None:
    assert api_urls(url) == ("http://127.0.0.1:8081/bot", "http://127.0.0.1:8081/file/bot")


def test_no_api_url_means_telegrams_servers() -> None:
    assert api_urls(None) is None


def test_build_application_uses_the_local_server_the_outbox_and_chat_order(
    shipped_assistant: Assistant,
) -> None:
    settings = Settings(token="123456:TEST-token_abcdefghijklmnopqrstuvw", api_url="http://x:1")
    app = build_application(settings, shipped_assistant, FakeClock())
    assert app.bot.base_url == f"http://x:1/bot{settings.token}"
    assert isinstance(app.bot.rate_limiter, Outbox)  # every request goes through the outbox
    assert not app.bot.rate_limiter.sending  # until post_init takes the send lease
    assert isinstance(app.update_processor, ChatOrderedProcessor)
    assert len(app.error_handlers) == 1


def message(**content: object) -> Message:
    return Message(1, None, CHAT, **content)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        ({"voice": Voice("f", "u", 2)}, "voice"),
        ({"sticker": Sticker("f", "u", 1, 1, False, False, "regular")}, "sticker"),
        ({"document": Document("f", "u")}, "document"),
        ({"contact": Contact("+1", "Ann")}, "contact"),
        ({"dice": Dice(3, "🎲")}, "dice"),
        ({}, "message"),
    ],
)
def test_kind_of_names_what_a_message_holds(content: dict[str, object], kind: str) -> None:
    assert kind_of(message(**content)) == kind


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/start", True),
        ("/start@aftercare_test_bot", True),
        ("/start@Aftercare_Test_Bot", True),
        ("/start@other_bot", False),
    ],
)
def test_a_group_command_is_for_this_bot_when_bare_or_addressed_to_it(
    command: str, expected: bool
) -> None:
    assert addressed_to(command, "aftercare_test_bot") is expected
