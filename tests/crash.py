"""Crash-and-restart runs of the real bot process, shared by the restart-safety tests."""

from __future__ import annotations

import signal
from collections import Counter
from collections.abc import Callable, Iterable

from tests.fake_telegram import FakeTelegram, SentMessage
from tests.test_runner import start_bot


def kill_midway_then_finish(
    environ: dict[str, str],
    server: FakeTelegram,
    delivered: Callable[[], Counter[int]],
    total: int,
    finished: Callable[[list[SentMessage]], bool] | None = None,
) -> None:
    """SIGKILL the bot once a quarter of `total` is out, restart it, wait until all are out.

    `delivered` counts the messages of interest per chat; `finished`, if given, is also
    waited for (e.g. a summary) before the second process is stopped with SIGTERM.
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
        second.communicate(timeout=10)
    finally:
        if second.poll() is None:
            second.kill()


def assert_each_once_but_one(counts: Counter[int], chats: Iterable[int]) -> None:
    """Nobody skipped, and at most one (the message in flight at the kill) twice."""
    assert set(counts) == set(chats)
    twice = [chat for chat, n in counts.items() if n > 1]
    assert len(twice) <= 1, twice
    assert max(counts.values()) <= 2
