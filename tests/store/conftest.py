"""The store's tests: real SQLite files in tmp_path, time from a FakeClock."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store import Store
from tests.clocks import FakeClock


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "aftercare.db"


@pytest.fixture
async def store(db_path: Path, clock: FakeClock) -> AsyncIterator[Store]:
    async with Store.open_context(db_path, clock) as opened:
        yield opened


def raw(path: Path) -> sqlite3.Connection:
    """A second, plain connection that looks at the file behind the store's back."""
    return sqlite3.connect(path)


def tables(path: Path) -> set[str]:
    with raw(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {name for (name,) in rows}
