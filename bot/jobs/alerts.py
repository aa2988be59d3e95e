"""Telling the staff chat when something has been failing, once, and again when it recovers.

Each `Watch` is one thing (reaching Telegram, sending, backups, the knowledge folder): where
its failures come from, how long they may last before staff hear of it, and the words. The
decisions are the core's (`bot.core.alerts`); this job looks every few seconds and sends.
A message that could not be delivered (Telegram unreachable), "works again" included, is
tried again at the next look.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.core.alerts import Alert, Failures, Say, observe, told
from bot.jobs.loops import forever

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Watch:
    """One thing staff are told about."""

    name: str
    failures: Callable[[], Failures | None]  # since the last success; None: it works
    grace: timedelta  # failures lasting less are never mentioned
    failing: Callable[[datetime], str]  # the message, given when the failures began
    recovered: Callable[[datetime, datetime], str] | None = None  # (began, ended); None: silent


class StaffAlerts:
    """The state of every watch, and the messages its changes call for."""

    def __init__(
        self,
        watches: Sequence[Watch],
        clock: Clock,
        notify: Callable[[str], Awaitable[bool]],
        can_tell: Callable[[], bool] = lambda: True,
    ) -> None:
        self._watches = tuple(watches)
        self._clock = clock
        self._notify = notify
        self._can_tell = can_tell
        self.alerts = {watch.name: Alert() for watch in self._watches}
        self._recoveries: dict[str, str] = {}  # "works again" messages not delivered yet

    async def check(self) -> None:
        """One look at every watch; tells staff what changed. A message that could not be
        delivered (or not tried: staff cannot be told now) is tried again at the next look;
        a recovery not told yet goes before anything newer about the same watch."""
        for watch in self._watches:
            step = observe(self.alerts[watch.name], watch.failures(), watch.grace)
            self.alerts[watch.name] = step.alert
            if step.say is Say.RECOVERED and step.since is not None and watch.recovered:
                self._recoveries[watch.name] = watch.recovered(step.since, self._clock.now())
            if not self._can_tell():
                continue
            recovery = self._recoveries.get(watch.name)
            if recovery is not None:
                if not await self._notify(recovery):
                    continue
                del self._recoveries[watch.name]
                log.info("Told the staff chat: %s works again", watch.name)
            if step.say is not Say.FAILING or step.since is None:
                continue
            if await self._notify(watch.failing(step.since)):
                self.alerts[watch.name] = told(step.alert)
                log.info("Told the staff chat: %s is failing", watch.name)

    async def run(self, interval: float) -> None:
        """A look every `interval` seconds until cancelled."""
        await forever("Checking what to tell the staff chat", self.check, interval)
