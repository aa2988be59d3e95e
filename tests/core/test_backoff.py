"""Growing waits between tries to reach Telegram, within the bounds the settings give."""

from __future__ import annotations

from itertools import islice

import pytest

from bot.core.backoff import Backoff


def test_waits_double_up_to_the_maximum_and_stay_there() -> None:
    waits = list(islice(Backoff(first=1, factor=2, maximum=10).delays(), 6))
    assert waits == [1, 2, 4, 8, 10, 10]


def test_a_maximum_below_the_first_wait_caps_it_too() -> None:
    assert list(islice(Backoff(first=1, maximum=0.2).delays(), 3)) == [0.2, 0.2, 0.2]


@pytest.mark.parametrize(("first", "factor", "maximum"), [(0, 2, 1), (1, 0.5, 1), (1, 2, -1)])
def test_bounds_that_make_no_sense_are_refused(first: float, factor: float, maximum: float) -> None:
    with pytest.raises(ValueError, match="positive"):
        Backoff(first, factor, maximum)
