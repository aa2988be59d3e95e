"""Scheduled backups of the database into `backups/` beside it, and the retention of old ones.

Due when the newest regular backup is older than the interval (or there is none), so the
schedule survives restarts: it is read from the files, not kept in memory. After each
backup, regular backups that `backups_to_keep` does not keep are deleted, and so are the
copies made before a migration or a restore once SPECIAL_COPY_DAYS old: every backup holds
clients who have since asked the bot to forget them, so none is kept for ever.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from pathlib import Path

from bot.clock import Clock
from bot.core.alerts import Failures
from bot.core.retention import backups_to_keep
from bot.jobs.loops import forever
from bot.store import (
    BackupFile,
    StoreError,
    backup_path,
    copy_database,
    delete_backup,
    list_backups,
)

log = logging.getLogger(__name__)

SPECIAL_COPY_DAYS = 30  # how long a copy made before a migration or a restore is kept


def prune_backups(db_path: Path, daily: int, weekly: int, *, now: datetime) -> list[Path]:
    """Delete the regular backups the retention does not keep, and the copies made before a
    migration or a restore older than SPECIAL_COPY_DAYS; the deleted files."""
    backups = list_backups(db_path)
    regular = [backup for backup in backups if backup.reason is None]
    keep = backups_to_keep((backup.taken_at for backup in regular), daily, weekly)
    expired = now - timedelta(days=SPECIAL_COPY_DAYS)
    deleted = []
    for backup in backups:
        special = backup.reason is not None
        if (special and backup.taken_at < expired) or (not special and backup.taken_at not in keep):
            delete_backup(backup.path)
            deleted.append(backup.path)
    return deleted


def back_up(db_path: Path, clock: Clock, daily: int, weekly: int) -> BackupFile:
    """A backup now, then the retention applied; raises StoreError if the copy failed."""
    taken_at = clock.now().replace(microsecond=0)
    target = backup_path(db_path, taken_at)
    copy_database(db_path, target)
    try:
        prune_backups(db_path, daily, weekly, now=taken_at)
    except OSError as error:
        log.warning("Could not delete old backups: %s", error)
    return BackupFile(target, taken_at)


class BackupJob:
    """Backs the database up every `every`; remembers failures for the staff alert."""

    def __init__(
        self, db_path: Path, clock: Clock, every: timedelta, daily: int, weekly: int
    ) -> None:
        self.db_path = db_path
        self._clock = clock
        self._every = every
        self._daily = daily
        self._weekly = weekly
        self.failures: Failures | None = None  # since the last good backup
        self.last_error: str | None = None

    def last_backup(self) -> BackupFile | None:
        regular = [b for b in list_backups(self.db_path) if b.reason is None]
        return regular[0] if regular else None

    def due(self) -> bool:
        last = self.last_backup()
        return last is None or self._clock.now() - last.taken_at >= self._every

    async def run_once(self) -> BackupFile | None:
        """A backup if one is due; None if none was due or it failed (logged, remembered)."""
        now = self._clock.now()
        try:
            if not self.due():
                return None
            made = await asyncio.to_thread(
                back_up, self.db_path, self._clock, self._daily, self._weekly
            )
        except (StoreError, OSError) as error:
            first = self.failures.first if self.failures else now
            self.failures, self.last_error = Failures(first, now), str(error)
            log.warning("Backup failed: %s", error)
            return None
        self.failures = self.last_error = None
        log.info("Backed up the database to %s", made.path)
        return made

    async def run(self, check_seconds: float) -> None:
        """A look every `check_seconds`, the first after one wait (not at every start, which
        a bot restarting in a loop would repeat): a backup when one is due."""
        await forever("The backup job", self.run_once, check_seconds, wait_first=True)
