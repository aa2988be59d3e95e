"""Where the bot talks and what it shows: groups, commands, and buttons it no longer knows."""

from __future__ import annotations

from tests.conftest import STAFF_CHAT, RunningBot

CLIENT = 31
GROUP = -4242


async def test_plain_messages_in_a_group_are_ignored_and_commands_point_to_a_private_chat(
    bot: RunningBot,
) -> None:
    bot.telegram.send_text(GROUP, "hello everyone, I have pus", chat_type="group")
    [reply] = await bot.say(GROUP, "/start", chat_type="group")  # same chat: handled after
    assert reply.text == (
        "I only talk in private chats, to keep health questions private. "
        "Message me directly: https://t.me/aftercare_test_bot"
    )
    assert bot.telegram.messages_to(STAFF_CHAT) == []
    stats = await bot.services.store.reports.stats(bot.services.clock.now())
    assert (stats.clients, stats.sessions, stats.escalations_7_days, stats.unanswered) == (
        0,
        0,
        0,
        0,
    )


async def test_a_supergroup_is_treated_like_a_group(bot: RunningBot) -> None:
    [reply] = await bot.say(-1009999, "/help@aftercare_test_bot", chat_type="supergroup")
    assert reply.text.startswith("I only talk in private chats")


async def test_a_group_command_for_another_bot_is_ignored(bot: RunningBot) -> None:
    bot.telegram.send_text(GROUP, "/start@some_other_bot", chat_type="group")
    [reply] = await bot.say(GROUP, "/help", chat_type="group")
    assert len(bot.telegram.messages_to(GROUP)) == 1
    assert reply.text.startswith("I only talk in private chats")


async def test_the_staff_chat_gets_no_private_chat_notice(bot: RunningBot) -> None:
    bot.telegram.send_text(STAFF_CHAT, "/start", chat_type="supergroup")
    bot.telegram.send_text(STAFF_CHAT, "anyone there?", chat_type="supergroup")
    await bot.settled()
    assert bot.telegram.messages_to(STAFF_CHAT) == []
    assert await bot.services.store.clients.get(STAFF_CHAT) is None


async def test_stale_button_data_gets_a_short_note_and_the_bot_goes_on(bot: RunningBot) -> None:
    [welcome] = await bot.say(CLIENT, "/start")
    for data in ("v0:legacy-button", "topic:a-topic-that-was-removed"):
        update = bot.telegram.tap(CLIENT, welcome.message_id, data, require_button=False)
        answered = await bot.answered_query(update["callback_query"]["id"])
        assert (
            answered["text"]
            == "This button is out of date. Please type your question, or send /help."
        )
    [reply] = await bot.say(CLIENT, "hello")
    assert reply.text == bot.services.assistant.respond("hello").text


async def test_an_unknown_command_says_what_the_bot_can_do(bot: RunningBot) -> None:
    [reply] = await bot.say(CLIENT, "/price")
    assert reply.text.startswith("I don't know that command. Send /help")


async def test_help_lists_every_topic_broad_ones_first_and_a_tap_answers_it(
    bot: RunningBot,
) -> None:
    [help_message] = await bot.say(CLIENT, "/help")
    assert "When can I wear makeup again?" in help_message.text
    kb = bot.services.assistant.kb
    broad = [t.title for t in kb.topics if not t.parent]
    finer = [t.title for t in kb.topics if t.parent]
    assert [b["text"] for b in help_message.buttons] == broad + finer
    topics = kb.topics
    [answer] = await bot.tap(CLIENT, help_message, topics[0].title)
    assert answer.text == bot.services.assistant.answer(topics[0].id).text.replace("&", "&amp;")


async def test_clinic_shows_the_contact_details_and_the_emergency_number(bot: RunningBot) -> None:
    [reply] = await bot.say(CLIENT, "/clinic")
    assert reply.text == (
        "Demo Skin Clinic\n"
        "Phone: +44 20 7946 0000\n"
        "Open: Mon-Fri 9:00-18:00, Sat 10:00-14:00\n"
        "In an emergency call 999."
    )


async def test_the_client_commands_are_published_for_private_chats(bot: RunningBot) -> None:
    assert bot.telegram.commands() == []  # groups other than the staff chat see none
    assert [c["command"] for c in bot.telegram.commands("all_private_chats")] == [
        "start",
        "help",
        "session",
        "clinic",
        "stop",
        "resume",
        "timezone",
        "forget",
    ]
