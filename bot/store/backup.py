"""Copies of the database, and putting one back: SQLite's online backup API, owner-only files;
and a read of the file from another process (`health`), beside the running bot.

A copy is consistent even while the bot writes (the backup API reads one snapshot), is
checked with `PRAGMA quick_check`, and is one self-contained file named by the time it was
taken: `aftercare-20261120-030000.db` for a regular backup, with a reason after the time
for the copies kept before a migration or a restore (`...-before-restore.db`).
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.store.database import StoreError, create_owner_only

BACKUP_FOLDER = "backups"
_STAMP = "%Y%m%d-%H%M%S"
# The files SQLite keeps beside a database in WAL mode: they belong to it, and to no other.
SIDECARS = ("-wal", "-shm")


def backup_folder(db_path: Path) -> Path:
    """Where the backups of the database at `db_path` go: `backups/` beside it."""
    return db_path.parent / BACKUP_FOLDER


@dataclass(frozen=True)
class BackupFile:
    """A backup on disk: where, when it was taken, and why if it is not a regular one."""

    path: Path
    taken_at: datetime
    reason: str | None = None  # e.g. "before-migration-0006", "before-restore"


def backup_path(db_path: Path, taken_at: datetime, reason: str | None = None) -> Path:
    """The file a backup of `db_path` taken at `taken_at` (for `reason`) is written to."""
    stamp = taken_at.astimezone(UTC).strftime(_STAMP)
    return backup_folder(db_path) / f"{db_path.stem}-{stamp}{'-' + reason if reason else ''}.db"


def list_backups(db_path: Path) -> list[BackupFile]:
    """The backups of `db_path` in its backup folder, newest first."""
    pattern = re.compile(rf"{re.escape(db_path.stem)}-(\d{{8}}-\d{{6}})(?:-([a-z0-9-]+))?\.db")
    found = []
    with contextlib.suppress(FileNotFoundError):
        for path in backup_folder(db_path).iterdir():
            match = pattern.fullmatch(path.name)
            if match:
                taken = datetime.strptime(match[1], _STAMP).replace(tzinfo=UTC)
                found.append(BackupFile(path, taken, match[2]))
    return sorted(found, key=lambda backup: (backup.taken_at, backup.path.name), reverse=True)


def delete_backup(path: Path) -> None:
    """Delete a backup, and the -wal and -shm a database moved aside may have brought along."""
    for suffix in ("", *SIDECARS):
        _beside(path, suffix).unlink(missing_ok=True)


def copy_database(source: Path, target: Path) -> None:
    """A consistent, checked, owner-only copy of the database `source` at `target`.

    Written beside the target first and renamed into place, so a failed copy never
    leaves a half file under a backup's name. Raises StoreError saying what failed.
    """
    partial = target.with_name(target.name + ".partial")
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        create_owner_only(partial)
        with (
            contextlib.closing(_connect_existing(source)) as src,
            contextlib.closing(sqlite3.connect(partial)) as dst,
        ):
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
            _check(dst, target)
        os.replace(partial, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        if isinstance(exc, OSError | sqlite3.Error):
            raise StoreError(f"backing up {source} to {target} failed: {exc}") from exc
        raise


def keep_before_restore(db_path: Path, kept: Path) -> bool:
    """Keep the database a restore replaces at `kept`; True if as a checked copy.

    A database that cannot be copied (damaged, not a database at all) is what a restore is
    for: it is moved to `kept` as it is, with its -wal and -shm, and False is returned.
    """
    try:
        copy_database(db_path, kept)
        return True
    except StoreError:
        pass
    try:
        kept.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.replace(db_path, kept)
        for sidecar in SIDECARS:
            with contextlib.suppress(FileNotFoundError):
                os.replace(_beside(db_path, sidecar), _beside(kept, sidecar))
    except OSError as exc:
        raise StoreError(f"could not move {db_path} aside to {kept}: {exc}") from exc
    return False


def restore_database(backup: Path, db_path: Path, newest_schema: int) -> None:
    """Put the backup's content in place of the database at `db_path` (the bot must be stopped).

    Through the backup API too, so SQLite's -wal and -shm files stay consistent with it.
    Refuses a file that is not a sound database of this bot, or one written by newer code.
    """
    try:
        with contextlib.closing(_connect_existing(backup, read_only=True)) as src:
            _check(src, backup)
            version = schema_of(src, backup)
            if version > newest_schema:
                raise StoreError(
                    f"{backup} was written by a newer version of the bot (schema {version}; "
                    f"this one knows up to {newest_schema}): upgrade the bot first"
                )
            create_owner_only(db_path)
            with contextlib.closing(sqlite3.connect(db_path)) as dst:
                src.backup(dst)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"restoring {db_path} from {backup} failed: {exc}") from exc


def schema_of(connection: sqlite3.Connection, path: Path) -> int:
    """The newest migration a database has had; StoreError if it is not the bot's, or
    does not answer."""
    try:
        [(version,)] = connection.execute("SELECT MAX(version) FROM schema_migrations")
    except sqlite3.OperationalError as exc:
        if "no such table" not in str(exc):  # locked, cannot be opened, ...
            raise StoreError(f"{path} does not answer ({exc})") from exc
        raise StoreError(f"{path} is not a database of this bot ({exc})") from exc
    except sqlite3.Error as exc:
        raise StoreError(f"{path} is not a database of this bot ({exc})") from exc
    return int(version or 0)


def read_schema(path: Path) -> int:
    """The newest migration of the database at `path`, read without writing anything (the
    running bot may be using it); StoreError saying why not."""
    try:
        with contextlib.closing(_connect_existing(path, read_only=True)) as connection:
            return schema_of(connection, path)
    except sqlite3.Error as exc:
        raise StoreError(f"{path} does not answer ({exc})") from exc


def _beside(path: Path, sidecar: str) -> Path:
    return path.with_name(path.name + sidecar)


def _connect_existing(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection to a database file that must exist (sqlite3 would create an empty one)."""
    if not path.is_file():
        raise StoreError(f"{path}: no such file")
    mode = "ro" if read_only else "rw"
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True)


def _check(connection: sqlite3.Connection, path: Path) -> None:
    try:
        [(verdict,)] = connection.execute("PRAGMA quick_check(1)")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a readable SQLite database ({exc})") from exc
    if verdict != "ok":
        raise StoreError(f"{path} is damaged: {verdict}")
