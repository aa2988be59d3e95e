"""Broadcast segments and requests, pure: parsing, and who a segment means at a given moment."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime, timedelta

import pytest
from telegram.error import RetryAfter

from bot.jobs.broadcasts import (
    BroadcastRequest,
    Segment,
    fits_one_message,
    parse_request,
    parse_segment,
)
from bot.jobs.outbox import retry_seconds
from bot.store import Audience
from bot.telegram.actions import BroadcastAnswer, decode, encode
from tests.clocks import FakeClock

START = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("all", Segment("all")),
        ("due", Segment("due")),
        ("recent:30", Segment("recent", 30)),
        (" Recent:7 ", Segment("recent", 7)),
        ("recent", None),
        ("recent:0", None),
        ("recent:-3", None),
        ("recent:x", None),
        ("recent:3651", None),
        ("due:3", None),
        ("everyone", None),
        ("", None),
    ],
)
def test_segments_are_named_all_due_or_recent_with_days(text: str, expected: Segment) -> None:
    assert parse_segment(text) == expected


def test_a_segment_prints_as_it_is_parsed() -> None:
    for name in ("all", "due", "recent:30"):
        segment = parse_segment(name)
        assert segment is not None
        assert str(segment) == name


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (
            "all We are open on Saturday",
            BroadcastRequest(Segment("all"), "We are open on Saturday"),
        ),
        (
            "recent 30 Hello\n\nsecond line",
            BroadcastRequest(Segment("recent", 30), "Hello\n\nsecond line"),
        ),
        ("recent:14 Hi", BroadcastRequest(Segment("recent", 14), "Hi")),
        ("due   Time to book!", BroadcastRequest(Segment("due"), "Time to book!")),
        ("DUE Time", BroadcastRequest(Segment("due"), "Time")),
    ],
)
def test_a_request_is_a_segment_then_the_text_with_its_line_breaks(
    arguments: str, expected: BroadcastRequest
) -> None:
    assert parse_request(arguments) == expected


@pytest.mark.parametrize(
    "arguments", ["", "   ", "all", "all   ", "recent Hello", "recent 30", "soon Hello", "due\n"]
)
def test_an_ill_formed_request_is_none(arguments: str) -> None:
    assert parse_request(arguments) is None


def test_all_selects_by_consent_only() -> None:
    assert Segment("all").audience(FakeClock(START).now()) == Audience()


def test_recent_means_a_last_session_within_the_days() -> None:
    clock = FakeClock(START)
    assert Segment("recent", 30).audience(clock.now()) == Audience(
        session_since=START - timedelta(days=30)
    )
    clock.advance(timedelta(days=1))
    assert Segment("recent", 30).audience(clock.now()).session_since == START - timedelta(days=29)


def test_due_means_four_weeks_since_the_last_session_and_the_course_not_finished() -> None:
    assert Segment("due").audience(FakeClock(START).now()) == Audience(
        session_before=START - timedelta(days=28), fewer_sessions_than=6
    )


def test_one_broadcast_is_one_telegram_message() -> None:
    assert fits_one_message("a" * 4096)
    assert not fits_one_message("a" * 4097)
    assert not fits_one_message("&" * 1000)  # escaped, "&amp;" is five


def test_retry_after_is_read_as_seconds_from_a_timedelta_or_an_int(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert retry_seconds(RetryAfter(timedelta(seconds=3))) == 3.0
    monkeypatch.delenv("PTB_TIMEDELTA")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PTB warns that int durations are deprecated
        assert retry_seconds(RetryAfter(5)) == 5.0


def test_preview_buttons_carry_the_broadcast_id() -> None:
    for action in (BroadcastAnswer(12345, True), BroadcastAnswer(7, False)):
        assert decode(encode(action)) == action
    assert decode("bc:12:maybe") is None
    assert decode("bc:x:send") is None
