"""The staff-alert job: one message when a watch has failed past its grace, one when it works
again; nothing while staff cannot be told; a message not delivered is tried again."""

from __future__ import annotations

from datetime import timedelta

from bot.core.alerts import Failures, Status
from bot.jobs.alerts import StaffAlerts, Watch
from tests.clocks import FakeClock

GRACE = timedelta(minutes=5)


class Scene:
    def __init__(self) -> None:
        self.clock = FakeClock()
        self.failures: Failures | None = None
        self.told: list[str] = []
        self.deliver = True
        self.reachable = True
        watch = Watch(
            "sending",
            lambda: self.failures,
            GRACE,
            lambda since: f"failing since {since:%H:%M}",
            lambda since, now: f"works again after {now - since}",
        )

        async def notify(text: str) -> bool:
            if self.deliver:
                self.told.append(text)
            return self.deliver

        self.alerts = StaffAlerts([watch], self.clock, notify, lambda: self.reachable)

    def fail_for(self, span: timedelta) -> None:
        start = self.failures.first if self.failures else self.clock.now()
        self.clock.advance(span)
        self.failures = Failures(start, self.clock.now())


async def test_staff_hear_once_when_it_fails_and_once_when_it_recovers() -> None:
    scene = Scene()
    scene.fail_for(timedelta(0))
    await scene.alerts.check()
    scene.fail_for(timedelta(minutes=2))
    await scene.alerts.check()
    assert scene.told == []
    scene.fail_for(timedelta(minutes=3))
    await scene.alerts.check()
    scene.fail_for(timedelta(minutes=30))
    await scene.alerts.check()
    assert scene.told == ["failing since 10:00"]
    scene.failures = None
    await scene.alerts.check()
    await scene.alerts.check()
    assert scene.told == ["failing since 10:00", "works again after 0:35:00"]


async def test_an_undelivered_alert_is_sent_at_the_next_look() -> None:
    scene = Scene()
    scene.deliver = False
    scene.fail_for(timedelta(0))
    scene.fail_for(GRACE)
    await scene.alerts.check()
    assert scene.alerts.alerts["sending"].status is Status.FAILING
    scene.deliver = True
    await scene.alerts.check()
    assert scene.told == ["failing since 10:00"]
    assert scene.alerts.alerts["sending"].status is Status.TOLD


async def test_nothing_is_tried_while_telegram_is_unreachable_and_the_end_is_reported() -> None:
    scene = Scene()
    scene.reachable = False
    scene.fail_for(timedelta(0))
    scene.fail_for(timedelta(hours=1))
    await scene.alerts.check()
    assert scene.told == []
    scene.reachable, scene.failures = True, None
    await scene.alerts.check()
    assert scene.told == ["works again after 1:00:00"]


async def test_a_recovery_that_cannot_be_told_at_once_is_told_at_a_later_look() -> None:
    scene = Scene()
    scene.fail_for(timedelta(0))
    scene.fail_for(GRACE)
    await scene.alerts.check()
    assert scene.told == ["failing since 10:00"]
    scene.failures, scene.deliver = None, False  # it works again, the staff chat refuses
    await scene.alerts.check()
    scene.reachable = False  # then staff cannot be told for a while
    await scene.alerts.check()
    assert scene.told == ["failing since 10:00"]
    scene.deliver, scene.reachable = True, True
    await scene.alerts.check()
    await scene.alerts.check()
    assert scene.told == ["failing since 10:00", "works again after 0:05:00"]
