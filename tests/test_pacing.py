"""Bulk sends stay within Telegram's limits."""

from __future__ import annotations

from bot.jobs.pacing import Pacer


def test_sends_to_many_chats_stay_under_30_in_any_second() -> None:
    pacer = Pacer()
    slots = [pacer.reserve(chat, now=0.0) for chat in range(100)]
    for start in slots:
        assert sum(1 for s in slots if start <= s < start + 1.0) <= 30
    assert slots[-1] < 100 / 28  # and still at least 28 a second


def test_one_chat_gets_at_most_one_message_a_second() -> None:
    pacer = Pacer()
    assert [pacer.reserve(42, now=0.0) for _ in range(3)] == [0.0, 1.0, 2.0]


def test_pause_after_429_holds_every_send() -> None:
    pacer = Pacer()
    pacer.reserve(1, now=0.0)
    pacer.pause(until=5.0)
    assert pacer.reserve(2, now=0.1) == 5.0


def test_idle_pacer_sends_at_once() -> None:
    pacer = Pacer()
    pacer.reserve(1, now=0.0)
    assert pacer.reserve(2, now=10.0) == 10.0
