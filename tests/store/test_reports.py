"""What staff look back on: escalations, unanswered questions and the row counts."""

from __future__ import annotations

from datetime import timedelta

from bot.store import Escalation, Store
from tests.clocks import FakeClock
from tests.conftest import START

# -- escalations and unanswered questions -----------------------------------------


async def test_escalations_list_newest_first_with_name(store: Store, clock: FakeClock) -> None:
    await store.clients.upsert(1, 11, "Ana")
    await store.clients.upsert(2, 22, "Bo")
    oldest = await store.reports.record_escalation(1, "pus", "yellow crust on cheek")
    clock.advance(timedelta(hours=1))
    middle = await store.reports.record_escalation(2, "fever", "38.5 since morning")
    clock.advance(timedelta(hours=1))
    newest = await store.reports.record_escalation(1, "swelling", "eyes swollen shut")
    assert newest == Escalation(newest.id, 1, "swelling", "eyes swollen shut", clock.now(), "Ana")
    assert await store.reports.escalations() == [newest, middle, oldest]
    assert middle.first_name == "Bo"
    assert await store.reports.escalations(since=START + timedelta(minutes=30)) == [newest, middle]
    assert await store.reports.escalations(limit=1) == [newest]


async def test_unanswered_keeps_text_and_closest_topics_in_order(
    store: Store, clock: FakeClock
) -> None:
    await store.clients.upsert(1, 11, "Ana")
    first = await store.reports.record_unanswered(1, "can I fly?", ["travel", "sun, heat", "sport"])
    clock.advance(timedelta(minutes=1))
    second = await store.reports.record_unanswered(1, "wine tonight?", [])
    assert first.closest == ("travel", "sun, heat", "sport")
    assert await store.reports.unanswered() == [second, first]
    assert await store.reports.unanswered(limit=1) == [second]


async def test_stats_count_rows_of_each_kind(store: Store) -> None:
    await store.clients.upsert(1, 11, "Ana")
    await store.clients.add_session(1, START)
    await store.clients.add_session(1, START - timedelta(days=1))
    await store.reports.record_escalation(1, "fever", "hot")
    stats = await store.reports.stats(START)
    assert (stats.clients, stats.sessions, stats.escalations_7_days, stats.unanswered) == (
        1,
        2,
        1,
        0,
    )
