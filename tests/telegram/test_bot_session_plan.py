"""A treatment date and the check-ins planned for it are stored together, before the bot
says anything: a send that fails in between (or a crash) never leaves a session unplanned."""

from __future__ import annotations

from datetime import timedelta

from tests.clocks import FakeClock
from tests.conftest import RunningBot
from tests.telegram.test_bot_checkins import ANNA, onboard


async def test_a_new_session_is_planned_even_when_its_confirmation_cannot_be_sent(
    bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(bot)
    clock.advance(timedelta(days=2, hours=1))
    bot.telegram.fail_chat(ANNA, 400, times=1)  # the confirmation: the handler stops there
    bot.telegram.send_text(ANNA, "/session today")
    await bot.settled()
    last = await bot.services.store.clients.last_session(ANNA)
    assert last is not None
    assert last.at == clock.now()
    waiting = [c for c in await bot.services.store.checkins.of_client(ANNA) if c.state == "pending"]
    assert len(waiting) == 8
    assert min(c.due_at for c in waiting) == clock.now() + timedelta(hours=4)
