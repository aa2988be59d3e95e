"""Crash-and-restart runs of the real bot process, shared by the restart-safety tests."""

from __future__ import annotations

import re
import signal
from collections import Counter
from collections.abc import Callable, Iterable

from bot.jobs.pacing import MAX_IN_FLIGHT
from tests.cli.test_runner import start_bot
from tests.fake_telegram import FakeTelegram, SentMessage

# What the restarted bot logs when it takes the send lease (bot.telegram.app.start_sending).
IN_FLIGHT = re.compile(r"(\d+) message\(s\) in flight at the last stop were put back")


def kill_midway_then_finish(
    environ: dict[str, str],
    server: FakeTelegram,
    delivered: Callable[[], Counter[int]],
    total: int,
    finished: Callable[[list[SentMessage]], bool] | None = None,
) -> int:
    """SIGKILL the bot once a quarter of `total` is out, restart it, wait until all are out.

    `delivered` counts the messages of interest per chat; `finished`, if given, is also
    waited for (e.g. a summary) before the second process is stopped with SIGTERM. Returns
    how many messages the second process found in flight (taken, not marked) at the kill.
    """
    first = start_bot(environ)
    try:
        server.wait_for(lambda _: sum(delivered().values()) >= total // 4, timeout=30)
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    assert sum(delivered().values()) < total, "the kill came too late to test anything"

    second = start_bot(environ)
    try:
        server.wait_for(lambda _: len(delivered()) == total, timeout=30)
        if finished is not None:
            server.wait_for(finished, timeout=10)
        second.send_signal(signal.SIGTERM)
        _, log = second.communicate(timeout=10)
    finally:
        if second.poll() is None:
            second.kill()
    found = IN_FLIGHT.search(log)
    return int(found[1]) if found else 0


def assert_each_once_but_those_in_flight(
    counts: Counter[int], chats: Iterable[int], in_flight: int
) -> None:
    """Nobody skipped; only messages in flight at the kill (at most one per chat, at most
    MAX_IN_FLIGHT in all; on loopback at 29 a second, hardly ever more than one) twice."""
    assert set(counts) == set(chats)
    twice = [chat for chat, n in counts.items() if n > 1]
    assert max(counts.values()) <= 2
    assert len(twice) <= in_flight <= MAX_IN_FLIGHT, (twice, in_flight)
