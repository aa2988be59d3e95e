"""When something goes wrong while handling a message: never silence, and the alert still goes."""

from __future__ import annotations

import sqlite3

import pytest

from tests.conftest import STAFF_CHAT, RunningBot
from tests.staff_chat import in_staff_chat

ANNA = 95


async def database_locked(*_: object, **__: object) -> None:
    raise sqlite3.OperationalError("database is locked")


async def test_an_unexpected_error_gets_the_client_a_short_note_with_the_clinic(
    bot: RunningBot,
) -> None:
    bot.telegram.fail_chat(ANNA, 400, times=1, description="Bad Request: something odd")
    [note] = await bot.say(ANNA, "when can I wear makeup again?")
    assert note.text.startswith("Sorry, something went wrong on my side")
    assert "In an emergency, call" in note.text


async def test_an_unexpected_error_in_the_staff_chat_is_reported_there(
    desk: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(desk.services.store.reports, "stats", database_locked)
    [note] = await in_staff_chat(desk, "/stats")
    assert note.text.startswith("⚠️ Something went wrong while handling that")


async def test_a_warning_sign_reaches_staff_even_if_it_cannot_be_recorded(
    desk: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(desk.services.store.reports, "record_escalation", database_locked)
    [advice, alerted] = await desk.say(ANNA, "there is pus on my cheek", count=2)
    assert advice.text.startswith("⚠️")
    assert alerted.text.startswith("I've also alerted the clinic team.")
    [alert] = await desk.telegram.await_for(chat_id=STAFF_CHAT)
    assert alert.text.startswith("⚠️ Warning sign reported")


async def test_a_reply_telegram_refuses_is_reported_to_staff(desk: RunningBot) -> None:
    await desk.say(ANNA, "there is pus on my cheek", count=2, first_name="Anna")
    [alert] = await desk.telegram.await_for(chat_id=STAFF_CHAT)
    desk.telegram.fail_chat(ANNA, 400, times=1, description="Bad Request: chat not found")
    [failed] = await in_staff_chat(desk, "Can you send us a photo?", reply_to=alert)
    assert failed.text == (
        "✗ Not delivered to Anna: Chat not found. Try again in a moment, or contact them "
        "another way."
    )
