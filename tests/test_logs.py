"""Logging: the token is masked wherever it appears, and HTTP client loggers stay quiet."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.logs import MASK, MaskSecrets, setup_logging, token_secrets

TOKEN = "123456:TEST-token_abcdefghijklmnopqrstuvw"
SECRET = "TEST-token_abcdefghijklmnopqrstuvw"


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    """Root logging sent to a string for the test, restored afterwards."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    quiet = {name: logging.getLogger(name).level for name in ("httpx", "httpcore", "aiosqlite")}
    out = io.StringIO()
    setup_logging("DEBUG", TOKEN, stream=out)
    try:
        yield out
    finally:
        root.handlers[:], root.level = saved
        for name, level in quiet.items():
            logging.getLogger(name).setLevel(level)


def test_the_token_is_masked_in_messages_and_arguments(stream: io.StringIO) -> None:
    log = logging.getLogger("tests.masking")
    log.info("POST https://api.telegram.org/bot%s/getMe", TOKEN)
    log.warning(f"literal {TOKEN} in the message")
    log.debug("only the secret half %s", SECRET)
    text = stream.getvalue()
    assert TOKEN not in text
    assert SECRET not in text
    assert text.count(MASK) == 3
    assert f"https://api.telegram.org/bot{MASK}/getMe" in text


def test_the_token_is_masked_in_tracebacks(stream: io.StringIO) -> None:
    try:
        raise ConnectionError(f"could not reach https://api.telegram.org/bot{TOKEN}/getUpdates")
    except ConnectionError:
        logging.getLogger("tests.masking").exception("polling failed")
    text = stream.getvalue()
    assert "Traceback" in text
    assert SECRET not in text
    assert f"bot{MASK}/getUpdates" in text


def test_a_percent_sign_in_a_masked_message_does_not_break_formatting(
    stream: io.StringIO,
) -> None:
    logging.getLogger("tests.masking").info("100%% of %s", "it")
    assert "100% of it" in stream.getvalue()


def test_httpx_and_httpcore_only_log_warnings(stream: io.StringIO) -> None:
    assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING
    assert logging.getLogger("httpcore").getEffectiveLevel() == logging.WARNING
    logging.getLogger("httpx").info("HTTP Request: POST .../bot%s/getUpdates", TOKEN)
    assert stream.getvalue() == ""


def test_sql_statements_stay_out_of_a_debug_log(stream: io.StringIO) -> None:
    logging.getLogger("aiosqlite").debug("executing INSERT INTO inbox ... 'my face is swollen'")
    assert stream.getvalue() == ""


def test_token_secrets_are_the_token_and_its_secret_half() -> None:
    assert token_secrets(TOKEN) == [TOKEN, SECRET]
    assert token_secrets("") == []


def test_mask_secrets_without_secrets_changes_nothing() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "a %s", ("b",), None)
    assert MaskSecrets([]).filter(record)
    assert (record.msg, record.args) == ("a %s", ("b",))


def test_json_lines_carry_time_level_logger_message_and_a_masked_exception() -> None:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    out = io.StringIO()
    setup_logging("INFO", TOKEN, stream=out, fmt="json")
    try:
        log = logging.getLogger("tests.json")
        log.info("polling %s", f"https://api.telegram.org/bot{TOKEN}/getUpdates")
        try:
            raise ConnectionError(f"bot{TOKEN} unreachable")
        except ConnectionError:
            log.exception("failed")
    finally:
        root.handlers[:], root.level = saved
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert first.keys() == {"time", "level", "logger", "message"}
    assert (first["level"], first["logger"]) == ("INFO", "tests.json")
    assert first["message"] == f"polling https://api.telegram.org/bot{MASK}/getUpdates"
    assert first["time"].endswith("+00:00")
    assert second["message"] == "failed"
    assert second["exception"].startswith("Traceback")
    assert SECRET not in out.getvalue()
