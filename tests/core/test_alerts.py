"""When staff hear that something fails, and that it works again: ok -> failing -> told ->
recovered, on a fake clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.alerts import Alert, Failures, Say, Status, observe, told
from tests.clocks import FakeClock

GRACE = timedelta(minutes=5)
START = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


class Feed:
    """Failures seen since the last success, as the link records them, on a fake clock."""

    def __init__(self) -> None:
        self.clock = FakeClock(START)
        self.failures: Failures | None = None

    def fail(self, after: timedelta = timedelta(0)) -> Failures:
        self.clock.advance(after)
        now = self.clock.now()
        self.failures = Failures(self.failures.first if self.failures else now, now)
        return self.failures

    def succeed(self, after: timedelta = timedelta(0)) -> None:
        self.clock.advance(after)
        self.failures = None


def test_a_blip_shorter_than_the_grace_is_never_mentioned() -> None:
    feed, alert = Feed(), Alert()
    step = observe(alert, feed.fail(), GRACE)
    assert (step.alert.status, step.say) == (Status.FAILING, None)
    step = observe(step.alert, feed.fail(timedelta(minutes=2)), GRACE)
    assert step.say is None
    feed.succeed(timedelta(seconds=30))
    step = observe(step.alert, feed.failures, GRACE)
    assert (step.alert, step.say) == (Alert(), None)


def test_failing_past_the_grace_is_told_once_then_its_recovery_once() -> None:
    feed = Feed()
    step = observe(Alert(), feed.fail(), GRACE)
    step = observe(step.alert, feed.fail(timedelta(minutes=5)), GRACE)
    assert (step.say, step.since) == (Say.FAILING, START)
    alert = told(step.alert)
    for _ in range(3):  # still failing: nothing more to say
        step = observe(alert, feed.fail(timedelta(minutes=10)), GRACE)
        assert step.say is None
        alert = step.alert
    assert alert.status is Status.TOLD
    feed.succeed(timedelta(minutes=1))
    step = observe(alert, feed.failures, GRACE)
    assert (step.say, step.since, step.alert) == (Say.RECOVERED, START, Alert())
    assert observe(step.alert, None, GRACE).say is None


def test_a_message_that_could_not_be_delivered_is_asked_for_again() -> None:
    feed = Feed()
    step = observe(Alert(), feed.fail(), GRACE)
    step = observe(step.alert, feed.fail(GRACE), GRACE)
    assert step.say is Say.FAILING  # not delivered: `told` is not called
    step = observe(step.alert, feed.fail(timedelta(minutes=1)), GRACE)
    assert step.say is Say.FAILING


def test_an_outage_staff_could_not_hear_about_is_reported_when_it_ends() -> None:
    feed = Feed()
    step = observe(Alert(), feed.fail(), GRACE)
    step = observe(step.alert, feed.fail(timedelta(hours=1)), GRACE)
    assert step.say is Say.FAILING  # Telegram is down: this cannot be delivered
    feed.succeed(timedelta(seconds=10))
    step = observe(step.alert, feed.failures, GRACE)
    assert (step.say, step.since) == (Say.RECOVERED, START)


def test_with_no_grace_the_first_failure_is_told() -> None:
    feed = Feed()
    assert observe(Alert(), feed.fail(), timedelta(0)).say is Say.FAILING
