"""Telegram's limits as bookkeeping: who gets each slot, and when, without waiting."""

from __future__ import annotations

import pytest

from bot.jobs.pacing import GROUP_WINDOW, PER_CHAT_INTERVAL, Pacer, Priority, Ticket

GROUP = -100123


def run(pacer: Pacer, until: float) -> list[tuple[float, Ticket]]:
    """Hand out every slot up to `until`, each request answered at once."""
    granted: list[tuple[float, Ticket]] = []
    now = 0.0
    while (at := pacer.next_time(now)) is not None and at <= until:
        now = max(now, at)
        ticket = pacer.grant(now)
        assert ticket is not None, (now, at)
        granted.append((now, ticket))
        pacer.finished(ticket, now)
    return granted


def test_sends_to_many_chats_stay_under_30_in_any_second_and_at_least_28() -> None:
    pacer = Pacer()
    for chat in range(1, 101):
        pacer.want(chat, Priority.BULK)
    times = [at for at, _ in run(pacer, until=10.0)]
    assert len(times) == 100
    for start in times:
        assert sum(start <= t < start + 1.0 for t in times) <= 30
    assert times[-1] < 100 / 28


def test_one_chat_gets_at_most_one_message_a_second() -> None:
    pacer = Pacer()
    for _ in range(3):
        pacer.want(42, Priority.BULK)
    times = [at for at, _ in run(pacer, until=10.0)]
    assert times == pytest.approx([0.0, PER_CHAT_INTERVAL, 2 * PER_CHAT_INTERVAL])


def test_a_chat_waiting_for_its_gap_does_not_hold_up_the_others() -> None:
    pacer = Pacer()
    pacer.want(1, Priority.BULK)
    pacer.want(1, Priority.BULK)
    for chat in range(2, 12):
        pacer.want(chat, Priority.BULK)
    granted = run(pacer, until=10.0)
    order = [ticket.chat for _, ticket in granted]
    assert order == [1, *range(2, 12), 1]
    others = [at for at, ticket in granted[1:-1]]
    assert max(others) < 0.5 < PER_CHAT_INTERVAL == granted[-1][0]


def test_a_reply_takes_the_next_slot_before_waiting_bulk_sends() -> None:
    pacer = Pacer()
    for chat in range(1, 30):
        pacer.want(chat, Priority.BULK)
    first = pacer.grant(0.0)
    assert first is not None
    pacer.finished(first, 0.0)
    reply = pacer.want(500, Priority.INTERACTIVE)
    slot = pacer.next_time(0.0)
    assert slot is not None
    assert pacer.grant(slot) is reply
    assert slot == 1 / 29


def test_a_reply_waiting_for_its_own_chat_does_not_hold_back_bulk_to_other_chats() -> None:
    pacer = Pacer()
    pacer.want(7, Priority.BULK)
    first = pacer.grant(0.0)
    assert first is not None
    pacer.finished(first, 0.0)
    reply = pacer.want(7, Priority.INTERACTIVE)  # chat 7 may only have its next in a second
    pacer.want(7, Priority.BULK)
    other = pacer.want(8, Priority.BULK)
    assert pacer.grant(0.5) is other
    pacer.finished(other, 0.5)
    assert pacer.grant(PER_CHAT_INTERVAL) is reply


def test_replies_and_bulk_together_keep_the_overall_pace() -> None:
    pacer = Pacer()
    for chat in range(1, 200):
        pacer.want(chat, Priority.BULK)
    for chat in range(1000, 1020):
        pacer.want(chat, Priority.INTERACTIVE)
    granted = run(pacer, until=5.0)
    times = [at for at, _ in granted]
    for start in times:
        assert sum(start <= t < start + 1.0 for t in times) <= 30
    assert [t.priority for _, t in granted[:20]] == [Priority.INTERACTIVE] * 20


def test_pause_after_429_holds_every_send_and_the_retry_goes_first() -> None:
    pacer = Pacer()
    pacer.want(1, Priority.BULK)
    first = pacer.grant(0.0)
    assert first is not None
    pacer.want(2, Priority.INTERACTIVE)
    pacer.pause(until=5.0)
    pacer.finished(first, 0.0)
    retry = pacer.want(1, Priority.RETRY)
    assert pacer.grant(4.9) is None
    assert pacer.next_time(4.9) == 5.0
    assert pacer.grant(5.0) is retry


def test_nothing_more_goes_to_a_chat_while_its_message_is_in_flight() -> None:
    pacer = Pacer()
    pacer.want(1, Priority.BULK)
    first = pacer.grant(0.0)
    second = pacer.want(1, Priority.BULK)
    assert pacer.next_time(0.0) is None  # until the answer comes back
    assert pacer.grant(5.0) is None
    assert first is not None
    pacer.finished(first, 0.0)
    assert pacer.grant(5.0) is second


def test_at_most_max_in_flight_at_once() -> None:
    pacer = Pacer(max_in_flight=2)
    for chat in (1, 2, 3):
        pacer.want(chat, Priority.BULK)
    one, two = pacer.grant(0.0), pacer.grant(1.0)
    assert pacer.grant(2.0) is None
    assert one is not None
    pacer.finished(one, 2.0)
    assert pacer.grant(2.0) is not None
    assert two is not None


def test_an_unused_slot_is_given_back() -> None:
    pacer = Pacer()
    pacer.want(1, Priority.BULK)
    ticket = pacer.grant(0.0)
    assert ticket is not None
    pacer.unused(ticket)  # the message could no longer go: no gap for the chat, no slot spent
    pacer.want(1, Priority.BULK)
    assert pacer.grant(0.0) is not None


def test_a_group_gets_at_most_20_messages_a_minute_and_edits_do_not_count() -> None:
    pacer = Pacer()
    for _ in range(21):
        pacer.want(GROUP, Priority.INTERACTIVE)
    times = [at for at, _ in run(pacer, until=120.0)]
    assert times[19] == pytest.approx(19 * PER_CHAT_INTERVAL)
    assert times[20] == times[0] + GROUP_WINDOW
    edits = Pacer()
    for _ in range(21):
        edits.want(GROUP, Priority.INTERACTIVE, new_message=False)
    assert [at for at, _ in run(edits, until=120.0)][20] == pytest.approx(20 * PER_CHAT_INTERVAL)


def test_a_withdrawn_request_is_not_granted() -> None:
    pacer = Pacer()
    ticket = pacer.want(1, Priority.BULK)
    pacer.withdraw(ticket)
    assert pacer.grant(0.0) is None
    assert pacer.next_time(0.0) is None


def test_idle_pacer_sends_at_once() -> None:
    pacer = Pacer()
    pacer.want(1, Priority.BULK)
    first = pacer.grant(0.0)
    assert first is not None
    pacer.finished(first, 0.0)
    pacer.want(2, Priority.BULK)
    assert pacer.grant(10.0) is not None


def test_however_slow_the_answers_no_second_can_hold_31_messages() -> None:
    pacer = Pacer()
    for chat in range(1, 400):
        pacer.want(chat, Priority.BULK)
    spans: list[tuple[float, float]] = []  # (granted, answered): it reached Telegram between
    answers: list[tuple[float, Ticket]] = []
    now = 0.0
    while now < 10.0:
        grant_at = pacer.next_time(now)
        answer_at = min((at for at, _ in answers), default=None)
        if answer_at is not None and (grant_at is None or answer_at <= grant_at):
            now = answer_at
            done = [a for a in answers if a[0] == now]
            answers = [a for a in answers if a[0] != now]
            for at, ticket in done:
                pacer.finished(ticket, at)
            continue
        assert grant_at is not None
        now = max(now, grant_at)
        ticket = pacer.grant(now)
        assert ticket is not None
        slow = 0.6 if len(spans) % 3 == 0 else 0.02  # every third answer takes 0.6 s
        answers.append((now + slow, ticket))
        spans.append((now, now + slow))
    for tick in range(1100):
        start = tick / 100
        reachable = sum(granted < start + 1.0 and answered >= start for granted, answered in spans)
        assert reachable <= 30, start
    assert len(spans) >= 240  # slower (a slow answer counts longer), never over the limit
