"""getUpdates on the fake: offsets and limits, long polls that wake, time out or end with it."""

from __future__ import annotations

import threading
import time
from typing import Any

from tests.fake_telegram import FakeTelegram
from tests.fake_telegram_server.conftest import CHAT, api


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
