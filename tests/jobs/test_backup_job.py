"""Scheduled backups on a fake clock: due from the files on disk, retention applied, failures
remembered for the staff alert and cleared by the next good backup."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.jobs.backups import BackupJob
from bot.store import Store, backup_path, list_backups
from tests.clocks import FakeClock
from tests.conftest import START

DAY = timedelta(days=1)


def job(db_path: Path, clock: FakeClock, daily: int = 7, weekly: int = 4) -> BackupJob:
    return BackupJob(db_path, clock, DAY, daily, weekly)


async def test_the_first_look_backs_up_then_not_again_until_a_day_later(
    store: Store, tmp_path: Path, clock: FakeClock
) -> None:
    db_path = tmp_path / "state" / "aftercare.db"
    backups = job(db_path, clock)
    made = await backups.run_once()
    assert made is not None
    assert made.taken_at == START
    clock.advance(timedelta(hours=23))
    assert await backups.run_once() is None
    clock.advance(timedelta(hours=1))
    assert (await backups.run_once()) is not None
    assert len(list_backups(db_path)) == 2


async def test_a_restarted_bot_reads_the_schedule_from_the_files(
    store: Store, tmp_path: Path, clock: FakeClock
) -> None:
    db_path = tmp_path / "state" / "aftercare.db"
    await job(db_path, clock).run_once()
    clock.advance(timedelta(hours=3))
    assert job(db_path, clock).due() is False  # a new job, as after a restart


async def test_old_backups_are_pruned_but_not_the_copies_kept_before_a_migration(
    store: Store, tmp_path: Path, clock: FakeClock
) -> None:
    db_path = tmp_path / "state" / "aftercare.db"
    folder = db_path.parent / "backups"
    folder.mkdir()
    kept_before = folder / "aftercare-20261120-000000-before-migration-0006.db"
    kept_before.write_bytes(b"")
    backups = job(db_path, clock, daily=3, weekly=0)
    for _ in range(10):
        await backups.run_once()
        clock.advance(DAY)
    regular = [b.taken_at for b in list_backups(db_path) if b.reason is None]
    assert regular == [START + 9 * DAY, START + 8 * DAY, START + 7 * DAY]
    assert kept_before.exists()


async def test_a_failed_backup_is_remembered_until_one_works(
    store: Store, tmp_path: Path, clock: FakeClock
) -> None:
    db_path = tmp_path / "state" / "aftercare.db"
    (db_path.parent / "backups").write_text("a file where the folder should be")
    backups = job(db_path, clock)
    assert await backups.run_once() is None
    assert backups.failures is not None
    assert backups.failures.first == START
    assert "Not a directory" in (backups.last_error or "")
    clock.advance(timedelta(minutes=5))
    await backups.run_once()
    assert backups.failures.first == START
    assert backups.failures.last == START + timedelta(minutes=5)
    (db_path.parent / "backups").unlink()
    assert await backups.run_once() is not None
    assert (backups.failures, backups.last_error) == (None, None)


async def test_copies_made_before_a_migration_or_a_restore_go_after_30_days(
    store: Store, tmp_path: Path, clock: FakeClock
) -> None:
    db_path = tmp_path / "state" / "aftercare.db"
    recent = backup_path(db_path, START - 29 * DAY, "before-migration-0006")
    old = backup_path(db_path, START - 31 * DAY, "before-restore")
    old_wal = old.with_name(old.name + "-wal")  # a damaged database moved aside with its WAL
    recent.parent.mkdir()
    for path in (recent, old, old_wal):
        path.write_bytes(b"")
    await job(db_path, clock).run_once()
    assert [recent.exists(), old.exists(), old_wal.exists()] == [True, False, False]
