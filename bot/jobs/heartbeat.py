"""The running bot's heartbeat: a small file saying it polls Telegram, its database answers
and which knowledge it uses, rewritten every few seconds for `python -m bot health`.

`heartbeat.json` in the state folder, replaced whole (written beside it, then renamed) so a
reader never sees half of it. One small write every few seconds whatever the traffic: the
time of the last poll is kept in memory by the link and only copied here.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from bot.clock import Clock
from bot.core.health import Heartbeat
from bot.jobs.loops import forever
from bot.jobs.reloader import KnowledgeHolder
from bot.store import Store

log = logging.getLogger(__name__)

HEARTBEAT_FILE = "heartbeat.json"
PROBE_SECONDS = 5.0  # a database that takes longer to answer counts as not answering


class HeartbeatUnreadable(Exception):
    """The heartbeat file exists but is not one the bot wrote."""


def heartbeat_path(db_path: Path) -> Path:
    return db_path.parent / HEARTBEAT_FILE


def write_heartbeat(path: Path, beat: Heartbeat) -> None:
    """Replace the file with `beat`, owner-only, atomically."""
    data = {
        key: value.isoformat() if isinstance(value, datetime) else value
        for key, value in asdict(beat).items()
    }
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        json.dump(data, file)
    os.replace(partial, path)


def read_heartbeat(path: Path) -> Heartbeat | None:
    """The heartbeat in the file; None if there is none; HeartbeatUnreadable if garbled."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        times = ("started_at", "written_at", "last_poll_at")
        for key in times:
            data[key] = datetime.fromisoformat(data[key]) if data[key] else None
        return Heartbeat(**data)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError, KeyError) as error:
        raise HeartbeatUnreadable(f"{path} cannot be read: {error}") from error


class HeartbeatWriter:
    """Rewrites the heartbeat file; `run` every few seconds until cancelled."""

    def __init__(
        self,
        path: Path,
        clock: Clock,
        store: Store,
        knowledge: KnowledgeHolder,
        last_poll: Callable[[], datetime | None],
        telegram_error: Callable[[], str | None],
    ) -> None:
        self.path = path
        self._clock = clock
        self._store = store
        self._knowledge = knowledge
        self._last_poll = last_poll
        self._telegram_error = telegram_error
        self.started_at = clock.now()
        self._write_failed = False

    async def beat(self) -> Heartbeat:
        """Probe the database, then write what the bot knows about itself."""
        try:
            # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow the task's
            # own cancellation when the probe finishes at that moment, and the stop waits.
            async with asyncio.timeout(PROBE_SECONDS):
                await self._store.ping()
            database_error = None
        except TimeoutError:
            database_error = f"no answer within {PROBE_SECONDS:g} s"
        except Exception as error:  # whatever it is, the database did not answer
            database_error = str(error) or type(error).__name__
        knowledge = self._knowledge
        note = None
        if knowledge.problems:
            note = f"the saved copy: the knowledge folder has {len(knowledge.problems)} problem(s)"
        beat = Heartbeat(
            pid=os.getpid(),
            started_at=self.started_at,
            written_at=self._clock.now(),
            last_poll_at=self._last_poll(),
            telegram_error=self._telegram_error(),
            database_error=database_error,
            knowledge_version=knowledge.version,
            knowledge_note=note,
        )
        try:
            await asyncio.to_thread(write_heartbeat, self.path, beat)
        except OSError as error:
            if not self._write_failed:  # once, not every few seconds
                log.warning("Could not write the heartbeat %s: %s", self.path, error)
            self._write_failed = True
        else:
            self._write_failed = False
        return beat

    async def run(self, interval: float) -> None:
        """A beat every `interval` seconds until cancelled."""
        await forever("Writing the heartbeat", self.beat, interval)

    def remove(self) -> None:
        """At a clean stop: no heartbeat, so `health` says the bot is not running."""
        try:
            self.path.unlink(missing_ok=True)
        except OSError as error:
            log.warning("Could not remove the heartbeat %s: %s", self.path, error)
