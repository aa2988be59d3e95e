"""How long to wait between attempts to reach a service that does not answer: growing waits.

Pure: the waits are numbers; the caller sleeps. The bounds are settings, so tests use tiny ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Backoff:
    """Waits of `first` seconds, then `factor` times longer each time, never over `maximum`."""

    first: float = 1.0
    factor: float = 2.0
    maximum: float = 60.0

    def __post_init__(self) -> None:
        if self.first <= 0 or self.maximum <= 0 or self.factor < 1:
            raise ValueError(f"a backoff needs positive waits and a factor >= 1: {self}")

    def delays(self) -> Iterator[float]:
        """The waits, one per failed attempt, without end."""
        delay = min(self.first, self.maximum)
        while True:
            yield delay
            delay = min(delay * self.factor, self.maximum)
