"""/forget over real HTTP: Yes deletes every row about the client, No keeps everything."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.conftest import RunningBot

ZOE = 51
OTHER = 52
WARNING = "I have pus coming out and a fever"
FILLED = ("clients", "treatment_sessions", "escalations", "unanswered", "checkins")


def rows_about(db_path: Path, chat_id: int) -> dict[str, int]:
    """Row counts per table with a chat_id column, read behind the bot's back."""
    with sqlite3.connect(db_path) as conn:
        tables = [
            name
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if any(
                column[1] == "chat_id" for column in conn.execute(f'PRAGMA table_info("{name}")')
            )
        ]
        return {
            table: conn.execute(
                f'SELECT COUNT(*) FROM "{table}" WHERE chat_id = ?', (chat_id,)
            ).fetchone()[0]
            for table in tables
        }


async def fill_history(bot: RunningBot, chat_id: int) -> None:
    """A session with check-ins, an escalation and an unanswered question for `chat_id`."""
    _, consent = await bot.say(chat_id, "/session yesterday", count=2)
    _, news = await bot.tap(chat_id, consent, "Yes, please", count=2)
    await bot.tap(chat_id, news, "Yes, please")
    await bot.say(chat_id, WARNING, count=2)
    await bot.say(chat_id, "how much does it cost")


async def test_forget_yes_deletes_everything_about_the_client_and_nobody_else(
    bot: RunningBot,
) -> None:
    await fill_history(bot, ZOE)
    await fill_history(bot, OTHER)
    db_path = bot.services.settings.db_path
    assert all(rows_about(db_path, ZOE)[table] for table in FILLED)

    [question] = await bot.say(ZOE, "/forget")
    assert question.text.startswith("Delete everything I know about you")
    [done] = await bot.tap(ZOE, question, "Yes, delete everything")
    assert done.method == "editMessageText"
    assert done.message_id == question.message_id
    assert done.text.startswith("Done: everything I knew about you is deleted.")
    assert done.buttons == []

    left = rows_about(db_path, ZOE)
    assert set(FILLED) <= left.keys()
    assert left == dict.fromkeys(left, 0)  # every table with a chat_id, later ones included
    assert all(rows_about(db_path, OTHER)[table] for table in FILLED)


async def test_forget_no_keeps_everything(bot: RunningBot) -> None:
    await fill_history(bot, ZOE)
    [question] = await bot.say(ZOE, "/forget")
    [kept] = await bot.tap(ZOE, question, "No, keep it")
    assert kept.text == "OK, nothing was deleted."
    assert all(rows_about(bot.services.settings.db_path, ZOE)[table] for table in FILLED)


async def test_a_second_tap_on_the_question_changes_nothing_and_says_so_kindly(
    bot: RunningBot,
) -> None:
    [question] = await bot.say(ZOE, "/forget")
    data = next(b["callback_data"] for b in question.buttons if b["text"].startswith("Yes"))
    [done] = await bot.after(ZOE, lambda: bot.telegram.tap(ZOE, question.message_id, data))
    assert done.text.startswith("Done: everything I knew about you is deleted.")
    update = bot.telegram.tap(ZOE, question.message_id, data, require_button=False)
    answer = await bot.answered_query(update["callback_query"]["id"])
    assert answer["text"].startswith("You've already answered this one, thank you.")
    assert bot.replies_to(ZOE)[-1] == done  # nothing more was sent or edited
    assert await bot.services.store.clients.get(ZOE) is None  # and nothing was stored again


async def test_no_then_yes_on_the_same_question_keeps_everything(bot: RunningBot) -> None:
    [question] = await bot.say(ZOE, "/forget")
    data = {b["text"]: b["callback_data"] for b in question.buttons}
    await bot.after(ZOE, lambda: bot.telegram.tap(ZOE, question.message_id, data["No, keep it"]))
    update = bot.telegram.tap(
        ZOE, question.message_id, data["Yes, delete everything"], require_button=False
    )
    answer = await bot.answered_query(update["callback_query"]["id"])
    assert answer["text"].startswith("You've already answered this one")
    assert await bot.services.store.clients.get(ZOE) is not None
