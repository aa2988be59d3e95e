"""Files both ways, commands, descriptions, chat members and the other methods the bot calls."""

from __future__ import annotations

import pytest
from telegram import Bot, BotCommand
from telegram.error import BadRequest

from tests.fake_telegram import FakeTelegram
from tests.fake_telegram_server.conftest import CHAT


async def test_files_commands_and_other_methods(server: FakeTelegram, bot: Bot) -> None:
    photo = await bot.send_photo(CHAT, photo=b"\x89PNG fake bytes", caption="before/after")
    assert photo.caption == "before/after"
    assert photo.photo
    await bot.send_document(CHAT, document=b"%PDF-1.4 aftercare", filename="care.pdf")
    photo_call, document_call = server.sent
    assert photo_call.params["photo"]["size"] == len(b"\x89PNG fake bytes")
    assert document_call.params["document"]["upload"] == "care.pdf"
    file = await bot.get_file(photo.photo[-1].file_id)
    assert (await file.download_as_bytearray()).startswith(b"fake file")

    await bot.set_my_commands([BotCommand("start", "Begin"), BotCommand("help", "Help")])
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    assert server.commands()[0] == {"command": "start", "description": "Begin"}
    await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()

    me = await bot.get_me()
    assert (me.username, me.can_join_groups) == ("aftercare_test_bot", True)
    assert (await bot.get_webhook_info()).url == ""

    user_message = server.send_text(CHAT, "forward me")["message"]
    forwarded = await bot.forward_message(
        77, from_chat_id=CHAT, message_id=user_message["message_id"]
    )
    assert forwarded.text == "forward me"
    assert forwarded.forward_origin is not None
    copied = await bot.copy_message(78, from_chat_id=CHAT, message_id=user_message["message_id"])
    assert server.message(78, copied.message_id)["text"] == "forward me"

    assert await bot.send_chat_action(CHAT, "typing")
    chat = await bot.get_chat(CHAT)
    assert (chat.id, chat.type) == (CHAT, "private")
    assert await bot.delete_message(CHAT, photo.message_id)
    with pytest.raises(BadRequest, match=r"(?i)not found"):
        await bot.delete_message(CHAT, photo.message_id)


async def test_documents_keep_their_bytes_both_ways(server: FakeTelegram, bot: Bot) -> None:
    sent = await bot.send_document(CHAT, document=b"topics: []\n", filename="extra.yaml")
    name, data = server.document(server.sent[-1])
    assert (name, data) == ("extra.yaml", b"topics: []\n")
    file = await bot.get_file(sent.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"topics: []\n"
    update = server.send_document(CHAT, "edited.yaml", b"name: X\n")
    document = update["message"]["document"]
    assert (document["file_name"], document["file_size"]) == ("edited.yaml", 8)
    file = await bot.get_file(document["file_id"])
    assert bytes(await file.download_as_bytearray()) == b"name: X\n"


@pytest.mark.parametrize(
    ("status", "is_member", "expected"),
    [
        ("creator", True, "creator"),
        ("administrator", True, "administrator"),
        ("member", True, "member"),
        ("restricted", True, "restricted"),
        ("restricted", False, "restricted"),
        ("left", True, "left"),
        ("kicked", True, "kicked"),
    ],
)
async def test_get_chat_member_reports_what_the_test_set(
    server: FakeTelegram, bot: Bot, status: str, is_member: bool, expected: str
) -> None:
    server.set_member(-100777, 55, status, is_member=is_member)
    member = await bot.get_chat_member(-100777, 55)
    assert (member.status, member.user.id) == (expected, 55)
    if status == "restricted":
        assert member.is_member is is_member


async def test_get_chat_member_of_an_unknown_user_or_chat(server: FakeTelegram, bot: Bot) -> None:
    server.set_member(-100777, 55)
    assert (await bot.get_chat_member(-100777, 56)).status == "left"
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.get_chat_member(-100999, 55)


async def test_descriptions_are_stored_and_checked(server: FakeTelegram, bot: Bot) -> None:
    assert await bot.set_my_description("Aftercare answers, day and night.")
    assert await bot.set_my_short_description("Aftercare answers")
    assert server.description() == "Aftercare answers, day and night."
    assert server.description("short_description") == "Aftercare answers"
    assert (await bot.get_my_short_description()).short_description == "Aftercare answers"
    with pytest.raises(BadRequest, match=r"(?i)short_description_invalid"):
        await bot.set_my_short_description("x" * 121)
