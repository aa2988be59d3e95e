"""`health`, `backup`, `restore`: keeping the running bot and its data safe.

Their work is imported late, so the offline commands never load the store.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.cli.environment import database_settings, settings_or_none

if TYPE_CHECKING:
    from bot.cli.environment import Commands


def register(commands: Commands) -> None:
    """Adds `health`, `backup` and `restore` to the command parser."""
    commands.add_parser(
        "health", help="exit 0 if the running bot polls Telegram, its database answers, ..."
    ).set_defaults(handler=cmd_health)
    commands.add_parser(
        "backup", help="a backup of the database now, into backups/ beside it"
    ).set_defaults(handler=cmd_backup)
    restore = commands.add_parser("restore", help="put a backup back (the bot must be stopped)")
    restore.add_argument("file", type=Path, help="the backup, e.g. state/backups/aftercare-....db")
    restore.set_defaults(handler=cmd_restore)


def cmd_health(
    args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO
) -> int:
    """0 and one line when healthy; 1 and a line per reason otherwise."""
    settings = settings_or_none(environ, err, token=False)
    if settings is None:
        return 2
    from bot.cli.health import check_health
    from bot.clock import SystemClock

    report = check_health(settings, SystemClock())
    for problem in report.problems:
        print(f"unhealthy: {problem}", file=out)
    if report.problems:
        return 1
    print(report.summary, file=out)
    return 0


def cmd_backup(
    args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO
) -> int:
    """A consistent copy now (the bot may be running), then the retention applied."""
    settings = database_settings(environ, err, token=False)
    if settings is None:
        return 2
    from bot.clock import SystemClock
    from bot.jobs.backups import back_up
    from bot.store import StoreError

    try:
        made = back_up(
            settings.db_path, SystemClock(), settings.backup_daily, settings.backup_weekly
        )
    except StoreError as error:
        print(f"error: {error}", file=err)
        return 1
    print(f"Backed up {settings.db_path} to {made.path}", file=out)
    return 0


def cmd_restore(
    args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO
) -> int:
    """The backup in place of the database, the database it replaces kept as a backup."""
    settings = settings_or_none(environ, err, token=False)
    if settings is None:
        return 2
    from bot.clock import SystemClock
    from bot.store import (
        MIGRATIONS,
        LockHeld,
        RunLock,
        StoreError,
        backup_path,
        keep_before_restore,
        restore_database,
    )

    if not args.file.is_file():
        print(f"error: no backup at {args.file}", file=err)
        return 2
    db_path = settings.db_path
    try:
        with RunLock.acquire(db_path):  # the bot cannot start while this runs
            kept, copied = None, True
            if db_path.exists():
                kept = backup_path(db_path, SystemClock().now(), "before-restore")
                copied = keep_before_restore(db_path, kept)
            restore_database(args.file, db_path, MIGRATIONS[-1].version)
    except LockHeld as error:
        who = f" (pid {error.pid})" if error.pid else ""
        print(
            f"error: the bot is running on {db_path}{who}: stop it first, then restore",
            file=err,
        )
        return 1
    except StoreError as error:
        print(f"error: {error}", file=err)
        return 1
    print(f"Restored {db_path} from {args.file}.", file=out)
    if kept is not None:
        how = "" if copied else " (it could not be read: moved there as it was)"
        print(f"The database it replaced is kept as {kept}{how}.", file=out)
    return 0
