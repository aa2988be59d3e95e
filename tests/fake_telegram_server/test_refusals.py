"""The fake refuses as Telegram does: 429s and flood limits, blocked users, bad text, bad calls."""

from __future__ import annotations

import datetime as dtm
import warnings

import pytest
from telegram import Bot
from telegram.error import BadRequest, Forbidden, InvalidToken, RetryAfter
from telegram.warnings import PTBDeprecationWarning

from tests.fake_telegram import FakeTelegram
from tests.fake_telegram_server.conftest import CHAT, api


def retry_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


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
