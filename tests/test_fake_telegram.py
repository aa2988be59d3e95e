"""Tests of the fake Bot API server, driven by real python-telegram-bot objects over HTTP."""

from __future__ import annotations

import datetime as dtm
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import pytest
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.error import BadRequest, Forbidden, InvalidToken, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBDeprecationWarning

from tests.fake_telegram import MESSAGE_KINDS, FakeTelegram

CHAT = 4242

StartApp = Callable[..., Awaitable[Application]]


@pytest.fixture
def server() -> Iterator[FakeTelegram]:
    with FakeTelegram() as fake:
        yield fake


@pytest.fixture
async def start_app(server: FakeTelegram) -> AsyncIterator[StartApp]:
    """Builds, starts and polls real PTB Applications against the fake; shuts them down after."""
    apps: list[Application] = []

    async def start(*handlers: BaseHandler) -> Application:
        app = (
            ApplicationBuilder()
            .token(server.token)
            .base_url(server.base_url)
            .base_file_url(server.base_file_url)
            .build()
        )
        for handler in handlers:
            app.add_handler(handler)
        await app.initialize()
        await app.start()
        await app.updater.start_polling(poll_interval=0)
        apps.append(app)
        return app

    yield start
    for app in reversed(apps):
        if app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()


@pytest.fixture
async def bot(server: FakeTelegram) -> AsyncIterator[Bot]:
    async with Bot(
        server.token, base_url=server.base_url, base_file_url=server.base_file_url
    ) as real_bot:
        yield real_bot


def api(server: FakeTelegram, method: str, token: str | None = None, **params: Any) -> tuple:
    """Raw form-encoded POST; returns (HTTP status, decoded JSON)."""
    url = f"{server.base_url}{token or server.token}/{method}"
    body = urllib.parse.urlencode(
        {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    ).encode()
    try:
        with urllib.request.urlopen(url, data=body, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def retry_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    await update.message.reply_text(f"echo: {update.message.text}")


async def test_application_echo_round_trip(server: FakeTelegram, start_app: StartApp) -> None:
    await start_app(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    server.send_text(CHAT, "hello there")

    [reply] = await server.await_for(chat_id=CHAT)

    assert reply.method == "sendMessage"
    assert reply.text == "echo: hello there"
    assert reply.message_id == 2  # the user's message was 1: ids are per chat
    assert [c.method for c in server.calls][:2] == ["getMe", "deleteWebhook"]


async def test_command_entity_and_bot_username(server: FakeTelegram, start_app: StartApp) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(f"start args={context.args}")

    await start_app(CommandHandler("start", start))
    update = server.send_command(CHAT, "start", "promo_1")
    assert update["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    server.send_text(-100777, "/start@aftercare_test_bot x", chat_type="supergroup")

    await server.await_for(chat_id=CHAT)
    [group_reply] = await server.await_for(chat_id=-100777)
    assert server.messages_to(CHAT)[0].text == "start args=['promo_1']"
    assert group_reply.text == "start args=['x']"


def test_get_updates_offset_and_limit(server: FakeTelegram) -> None:
    ids = [server.send_text(CHAT, f"m{n}")["update_id"] for n in range(3)]
    assert ids == sorted(ids)

    status, body = api(server, "getUpdates")
    assert status == 200
    assert [u["update_id"] for u in body["result"]] == ids
    assert server.pending_updates() == 3  # no offset: nothing confirmed

    _, body = api(server, "getUpdates", offset=ids[1], limit=1)
    assert [u["update_id"] for u in body["result"]] == [ids[1]]
    assert server.pending_updates() == 2  # ids[0] confirmed and dropped

    _, body = api(server, "getUpdates", offset=-1)
    assert [u["update_id"] for u in body["result"]] == [ids[2]]

    _, body = api(server, "getUpdates", offset=ids[2] + 1, timeout=0)
    assert body["result"] == []
    assert server.pending_updates() == 0


def test_long_poll_returns_as_soon_as_an_update_arrives(server: FakeTelegram) -> None:
    result: dict[str, Any] = {}

    def poll() -> None:
        started = time.monotonic()
        result["response"] = api(server, "getUpdates", timeout=8)
        result["elapsed"] = time.monotonic() - started

    poller = threading.Thread(target=poll)
    poller.start()
    server.wait_until_polling()
    server.send_text(CHAT, "wake up")
    poller.join(timeout=5)

    assert not poller.is_alive()
    assert result["elapsed"] < 2  # far from the 8 s timeout
    status, body = result["response"]
    assert status == 200
    assert body["result"][0]["message"]["text"] == "wake up"


def test_long_poll_without_updates_times_out_empty(server: FakeTelegram) -> None:
    started = time.monotonic()
    status, body = api(server, "getUpdates", timeout=0.2)
    assert (status, body["result"]) == (200, [])
    assert time.monotonic() - started >= 0.2


def test_stop_unblocks_long_polls() -> None:
    server = FakeTelegram().start()
    result: dict[str, Any] = {}
    poller = threading.Thread(target=lambda: result.update(r=api(server, "getUpdates", timeout=30)))
    poller.start()
    server.wait_until_polling()
    started = time.monotonic()
    server.stop()
    poller.join(timeout=5)
    assert not poller.is_alive()
    assert time.monotonic() - started < 2
    assert result["r"] == (200, {"ok": True, "result": []})


# PTB itself warns when it builds RetryAfter from an int (until PTB_TIMEDELTA=true).
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_retry_after_reaches_ptb(server: FakeTelegram, bot: Bot) -> None:
    server.fail_chat(CHAT, 429, times=1, retry_after=1)

    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(CHAT, "first try")
    assert retry_seconds(caught.value) == 1

    message = await bot.send_message(CHAT, "second try")  # times=1: only the first failed
    assert message.text == "second try"
    assert [m.text for m in server.messages_to(CHAT)] == ["second try"]
    assert [c.status for c in server.calls_of("sendMessage")] == [429, 200]


async def test_blocked_user_is_forbidden_every_time(server: FakeTelegram, bot: Bot) -> None:
    server.fail_chat(43, 403)
    for _ in range(2):
        with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
            await bot.send_message(43, "hi")
    server.clear_failures()
    await bot.send_message(43, "hi again")
    assert len(server.messages_to(43)) == 1


async def test_text_limits(server: FakeTelegram, bot: Bot) -> None:
    await bot.send_message(CHAT, "x" * 4096)
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(CHAT, "x" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(CHAT, "😀" * 2049)  # 2049 characters, 4098 UTF-16 code units
    await bot.send_message(CHAT, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")  # tags are free
    with pytest.raises(BadRequest, match=r"(?i)text is empty"):
        await bot.send_message(CHAT, " ")
    with pytest.raises(BadRequest, match=r"(?i)Unsupported start tag"):
        await bot.send_message(CHAT, "line<br>break", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)Can't find end tag"):
        await bot.send_message(CHAT, "<b>bold", parse_mode="HTML")
    assert len(server.messages_to(CHAT)) == 2


async def test_edit_message_text(server: FakeTelegram, bot: Bot) -> None:
    sent = await bot.send_message(CHAT, "draft")

    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("draft", chat_id=CHAT, message_id=sent.message_id)
    edited = await bot.edit_message_text("final", chat_id=CHAT, message_id=sent.message_id)
    assert isinstance(edited, Message)
    assert (edited.text, edited.message_id) == ("final", sent.message_id)
    assert edited.edit_date is not None
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", chat_id=CHAT, message_id=999)

    assert [(m.method, m.text) for m in server.messages_to(CHAT)] == [
        ("sendMessage", "draft"),
        ("editMessageText", "final"),
    ]
    assert server.message(CHAT, sent.message_id)["text"] == "final"


async def test_tap_reaches_callback_query_handler(
    server: FakeTelegram, start_app: StartApp
) -> None:
    async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        keyboard = [[InlineKeyboardButton("Yes", callback_data="answer:yes")]]
        await update.message.reply_text("Any redness?", reply_markup=InlineKeyboardMarkup(keyboard))

    async def on_tap(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("noted")
        await query.edit_message_text(f"You said {query.data}")

    await start_app(CommandHandler("check", ask), CallbackQueryHandler(on_tap))
    server.send_command(CHAT, "check")
    [question] = await server.await_for(chat_id=CHAT)
    assert question.buttons == [{"text": "Yes", "callback_data": "answer:yes"}]

    with pytest.raises(ValueError, match="no button"):
        server.tap(CHAT, question.message_id, "answer:no")
    server.tap(CHAT, question.message_id, "answer:yes")

    messages = await server.await_for(lambda ms: ms[-1].method == "editMessageText", chat_id=CHAT)
    assert messages[-1].text == "You said answer:yes"
    assert server.message(CHAT, question.message_id).get("reply_markup") is None
    [answer] = server.calls_of("answerCallbackQuery")
    assert (answer.status, answer.params["text"]) == (200, "noted")


async def test_unknown_method_and_wrong_token(server: FakeTelegram, bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)method not found"):
        await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": CHAT})
    status, body = api(server, "sendTelepathy")
    assert (status, body["error_code"]) == (400, 400)

    status, body = api(server, "getMe", token="999:wrong")
    assert (status, body) == (401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    with pytest.raises(InvalidToken):  # initialize() calls getMe
        async with Bot("999:wrong", base_url=server.base_url):
            pass


async def test_every_message_kind_is_parsed_by_ptb(
    server: FakeTelegram, start_app: StartApp
) -> None:
    received: list[Message] = []

    async def collect(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        received.append(update.message)
        await update.message.reply_text("got it")

    await start_app(MessageHandler(filters.ALL, collect))
    for kind in MESSAGE_KINDS:
        server.send_message_of_kind(CHAT, kind, caption="cap" if kind == "photo" else None)
    await server.await_for(chat_id=CHAT, count=len(MESSAGE_KINDS))

    by_kind = dict(zip(MESSAGE_KINDS, received, strict=True))
    assert by_kind["photo"].photo[-1].width == 800
    assert by_kind["photo"].caption == "cap"
    assert by_kind["voice"].voice.mime_type == "audio/ogg"
    assert by_kind["sticker"].sticker.emoji == "🙂"
    assert by_kind["document"].document.file_name == "file.pdf"
    assert by_kind["location"].location.latitude == pytest.approx(52.52)
    assert by_kind["contact"].contact.phone_number.startswith("+49")
    assert by_kind["video"].video.width == 640
    assert by_kind["animation"].animation is not None
    assert by_kind["audio"].audio is not None
    assert by_kind["video_note"].video_note is not None
    for kind, message in by_kind.items():
        assert message.effective_attachment is not None, kind
        assert message.api_kwargs == {}, kind  # every field was known to PTB


async def test_edited_message_update(server: FakeTelegram, start_app: StartApp) -> None:
    async def on_edit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.edited_message is not None
        await context.bot.send_message(CHAT, f"edited to {update.edited_message.text}")

    await start_app(MessageHandler(filters.UpdateType.EDITED_MESSAGE, on_edit))
    original = server.send_text(CHAT, "typo")
    server.edit_text(CHAT, original["message"]["message_id"], "fixed")
    [reply] = await server.await_for(chat_id=CHAT)
    assert reply.text == "edited to fixed"


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_enforce_limits_counts_429(server: FakeTelegram, bot: Bot) -> None:
    server.enforce_limits(per_second=30, per_chat_per_second=1)
    refusals: list[RetryAfter] = []
    for chat_id in range(1, 41):
        try:
            await bot.send_message(chat_id, "broadcast")
        except RetryAfter as exc:
            refusals.append(exc)
    throttled = len(refusals)
    assert throttled >= 1  # 40 sends in (much) less than a second exceed 30/s
    assert all(retry_seconds(exc) >= 1 for exc in refusals)
    assert server.too_many_requests == throttled
    assert len(server.sent) == 40 - throttled

    with pytest.raises(RetryAfter):
        await bot.send_message(1, "second message to chat 1 within a second")
    assert server.too_many_requests == throttled + 1


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


async def test_wait_for_timeout_describes_what_was_sent(server: FakeTelegram, bot: Bot) -> None:
    await bot.send_message(CHAT, "only this")
    with pytest.raises(AssertionError, match="only this"):
        server.wait_for(chat_id=CHAT, count=2, timeout=0.05)


def test_bot_in_a_separate_process(server: FakeTelegram, tmp_path: Any) -> None:
    script = tmp_path / "echo_bot.py"
    script.write_text(
        textwrap.dedent(
            """
            import os
            from telegram.ext import ApplicationBuilder, MessageHandler, filters

            async def echo(update, context):
                await update.message.reply_text(update.message.text.upper())

            app = (
                ApplicationBuilder()
                .token(os.environ["TOKEN"])
                .base_url(os.environ["TELEGRAM_API_URL"])
                .build()
            )
            app.add_handler(MessageHandler(filters.TEXT, echo))
            app.run_polling(poll_interval=0)
            """
        )
    )
    env = {**os.environ, "TOKEN": server.token, "TELEGRAM_API_URL": server.base_url}
    process = subprocess.Popen([sys.executable, str(script)], env=env)
    try:
        server.wait_until_polling(timeout=10)
        server.send_text(CHAT, "from another process")
        [reply] = server.wait_for(chat_id=CHAT, timeout=10)
        assert reply.text == "FROM ANOTHER PROCESS"
    finally:
        process.terminate()
        process.wait(timeout=10)


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


async def test_descriptions_are_stored_and_checked(server: FakeTelegram, bot: Bot) -> None:
    assert await bot.set_my_description("Aftercare answers, day and night.")
    assert await bot.set_my_short_description("Aftercare answers")
    assert server.description() == "Aftercare answers, day and night."
    assert server.description("short_description") == "Aftercare answers"
    assert (await bot.get_my_short_description()).short_description == "Aftercare answers"
    with pytest.raises(BadRequest, match=r"(?i)short_description_invalid"):
        await bot.set_my_short_description("x" * 121)
