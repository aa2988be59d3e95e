"""Which backups to keep: the newest of each of the last days, and of each of the last weeks.

Counted over days and weeks that have a backup, not the calendar, so a bot that was off
for a month still keeps its last backups. Days and ISO weeks are in UTC. Pure.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from datetime import UTC, datetime


def backups_to_keep(taken: Iterable[datetime], daily: int, weekly: int) -> set[datetime]:
    """Of the times backups were taken, those to keep: the newest of each of the `daily`
    most recent days with a backup, and of each of the `weekly` most recent ISO weeks."""
    newest_first = sorted(set(taken), reverse=True)

    def newest_per(period: Callable[[datetime], Hashable], count: int) -> set[datetime]:
        kept: dict[Hashable, datetime] = {}
        for moment in newest_first:
            key = period(moment.astimezone(UTC))
            if key not in kept:
                if len(kept) == count:
                    break
                kept[key] = moment
        return set(kept.values())

    return newest_per(lambda m: m.date(), daily) | newest_per(lambda m: m.isocalendar()[:2], weekly)
