"""A client's time zone: theirs if valid, else the clinic's, else UTC; and what they may type."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from bot.core.zones import client_zone, zone_name


def test_the_clients_own_zone_comes_first_then_the_clinics_then_utc() -> None:
    assert client_zone("America/New_York", "Europe/London") == ZoneInfo("America/New_York")
    assert client_zone(None, "Europe/London") == ZoneInfo("Europe/London")
    assert client_zone("Mars/Olympus", "Europe/London") == ZoneInfo("Europe/London")
    assert client_zone("", "not a zone") == ZoneInfo("UTC")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        (" asia/tokyo ", "Asia/Tokyo"),
        ("UTC", "UTC"),
        ("CET", None),
        ("Berlin", None),
        ("../etc/passwd", None),
    ],
)
def test_a_typed_zone_is_an_area_and_city_or_utc(typed: str, expected: str | None) -> None:
    assert zone_name(typed) == expected
