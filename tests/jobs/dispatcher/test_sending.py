"""Check-ins go out when due, once each, in the client's hour; not in quiet hours or after /stop."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.jobs.dispatcher.conftest import Outbox, dispatcher, onboard


async def test_evening_checkin_goes_out_when_due_with_its_buttons(store, clock, kb) -> None:
    outbox = Outbox()
    await onboard(store, kb, 1, clock)
    run = dispatcher(store, clock, kb, outbox)
    assert (await run.dispatch_due()).sent == 0
    clock.advance(timedelta(hours=4))
    result = await run.dispatch_due()
    assert result.sent == 1
    [(chat, text, labels)] = outbox.sent
    assert chat == 1
    assert "How is your skin" in text  # its words follow the hour when sent (bot.telegram)
    assert labels == ["Getting better", "Still red or swollen", "Something worries me"]
    assert (await run.dispatch_due()).sent == 0  # not twice


async def test_the_words_follow_the_hour_in_the_clients_own_zone(store, clock, kb) -> None:
    outbox = Outbox()
    await onboard(store, kb, 1, clock)
    await onboard(store, kb, 2, clock)
    await store.clients.set_timezone(2, "America/New_York")
    clock.advance(timedelta(hours=5))  # 15:00 in London, 10:00 in New York
    assert (await dispatcher(store, clock, kb, outbox).dispatch_due()).sent == 2
    words = {chat: text for chat, text, _ in outbox.sent}
    assert "How is your skin this afternoon?" in words[1]
    assert "How is your skin this morning?" in words[2]


async def test_whole_plan_goes_out_once_each_in_order(store, clock, kb) -> None:
    outbox = Outbox()
    await onboard(store, kb, 1, clock)
    run = dispatcher(store, clock, kb, outbox)
    for _ in range(24 * 50):
        clock.advance(timedelta(hours=1))
        await run.dispatch_due()
    assert len(outbox.sent) == len(kb.checkins)
    assert [c.state for c in await store.checkins.of_client(1)] == ["sent"] * len(kb.checkins)


async def test_checkin_due_during_quiet_hours_waits_for_the_morning(store, clock, kb) -> None:
    outbox = Outbox()
    await onboard(store, kb, 1, clock)
    run = dispatcher(store, clock, kb, outbox)
    clock.set(datetime(2026, 11, 20, 22, 30, tzinfo=UTC))  # the bot was down until 22:30
    result = await run.dispatch_due()
    assert (result.sent, result.postponed) == (0, 1)
    clock.set(datetime(2026, 11, 21, 9, 0, tzinfo=UTC))
    assert (await run.dispatch_due()).sent == 1
    assert "How is your skin" in outbox.sent[0][1]


async def test_stop_during_a_pass_stops_the_rest_of_that_clients_checkins(store, clock, kb) -> None:
    outbox = Outbox()
    await onboard(store, kb, 1, clock)
    await onboard(store, kb, 2, clock)
    clock.advance(timedelta(days=2, hours=1))  # evening, day 1 and day 2 are all due
    sent_to_1 = 0
    send = outbox.send

    async def stop_after_the_first(chat_id: int, text: str, buttons, turn) -> int:
        nonlocal sent_to_1
        message_id = await send(chat_id, text, buttons, turn)
        if chat_id == 1:
            sent_to_1 += 1
            await store.clients.set_paused(1, True)  # the client sends /stop meanwhile
        return message_id

    outbox.send = stop_after_the_first
    result = await dispatcher(store, clock, kb, outbox, at_once=1).dispatch_due()
    assert [chat for chat, _, _ in outbox.sent].count(1) == 1
    assert [chat for chat, _, _ in outbox.sent].count(2) == 3
    assert (result.sent, result.cancelled) == (4, 2)  # found by the pass, stopped before their turn
    states = [c.state for c in await store.checkins.of_client(1)]
    assert states == ["sent"]  # of_client leaves out the cancelled ones


async def test_a_pass_that_runs_into_quiet_hours_stops_sending_at_them(store, clock, kb) -> None:
    outbox = Outbox()
    for chat in range(1, 11):
        await onboard(store, kb, chat, clock)
    clock.set(datetime(2026, 11, 20, 20, 56, tzinfo=UTC))  # 20:56 in London: due since 14:00
    send = outbox.send

    async def a_minute_each(chat_id: int, text: str, buttons, turn) -> int:
        clock.advance(timedelta(minutes=1))  # a slow pass: 21:00 comes in the middle of it
        return await send(chat_id, text, buttons, turn)

    outbox.send = a_minute_each
    run = dispatcher(store, clock, kb, outbox, at_once=1)  # one after another, as paced
    result = await run.dispatch_due()
    assert (result.sent, result.postponed) == (4, 6)  # 20:56, 20:57, 20:58, 20:59
    morning = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    waiting = [c for chat in range(5, 11) for c in await store.checkins.of_client(chat)]
    assert {c.due_at for c in waiting if c.checkin_id == "same-evening"} == {morning}
    clock.set(morning)
    assert (await run.dispatch_due()).sent == 6
    assert sorted(chat for chat, _, _ in outbox.sent) == list(range(1, 11))
