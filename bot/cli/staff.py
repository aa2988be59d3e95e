"""`report`, `invite`, `broadcast`: the staff's commands, on the database (and Telegram).

Their work is imported late, so the offline commands never load Telegram or the store.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.cli.environment import database_settings, knowledge_or_none, settings_or_none
from bot.cli.failure import SetupError, fail
from bot.logs import setup_logging

if TYPE_CHECKING:
    from bot.cli.environment import Commands


def register(commands: Commands) -> None:
    """Adds `report`, `invite` and `broadcast` to the command parser."""
    report = commands.add_parser("report", help="stats, unanswered questions, escalations")
    report.add_argument("--csv", action="store_true", help="the unanswered questions as CSV")
    report.add_argument("--days", type=int, default=7, help="escalations of the last N days")
    report.add_argument("--audit", action="store_true", help="the log of staff actions")
    report.set_defaults(handler=cmd_report)

    invite = commands.add_parser("invite", help="a start link and QR code for a client")
    invite.add_argument("--name", required=True, help="the client's first name")
    invite.add_argument(
        "--session", default="", help='treatment date and time, e.g. "2026-11-20 14:30" (now)'
    )
    invite.add_argument(
        "--qr", help="where to write the QR code PNG (- for standard output; state/invites/)"
    )
    invite.add_argument("--days", type=int, default=7, help="how long the link works")
    invite.set_defaults(handler=cmd_invite)

    broadcast = commands.add_parser("broadcast", help="send a message to a segment of clients")
    broadcast.add_argument(
        "--segment", required=True, help="all, recent:N (last session within N days) or due"
    )
    broadcast.add_argument("--text", required=True, help="the message, as clients will get it")
    broadcast.add_argument("--yes", action="store_true", help="send without asking first")
    broadcast.set_defaults(handler=cmd_broadcast)


def cmd_report(
    args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO
) -> int:
    """Stats, gaps and escalations from the database, as text or the gaps as CSV."""
    settings = database_settings(environ, err, token=False)
    if settings is None:
        return 2
    from bot.cli.report import report  # imported late: the store pulls in aiosqlite
    from bot.store import StoreError

    try:
        out.write(asyncio.run(report(settings, csv=args.csv, days=args.days, audit=args.audit)))
    except StoreError as error:  # a newer bot's database, a damaged file
        return fail(err, str(error))
    return 0


def cmd_invite(
    args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO
) -> int:
    """A start link (and its QR code image) for a client, made at the front desk."""
    settings = settings_or_none(environ, err, token=True)
    if settings is None:
        return 2
    setup_logging(settings.log_level, settings.token, err, settings.log_format)
    from bot.cli.invite import default_qr_path, invite, write_qr  # late: Telegram
    from bot.store import StoreError

    try:
        made = asyncio.run(invite(settings, args.name, args.session, args.days))
    except (SetupError, StoreError) as error:
        return fail(err, str(error), token=settings.token)
    if args.qr == "-":  # the image on standard output, the words beside it
        getattr(out, "buffer", out).write(made.qr_png)
        print(f"{made.link}\n(valid until {made.expires})", file=err)
        return 0
    path = Path(args.qr) if args.qr else default_qr_path(settings, made)
    print(made.link, file=out)
    try:
        write_qr(path, made.qr_png)
    except OSError as error:
        return fail(
            err,
            f"could not write the QR code to {path} ({error.strerror}): "
            "give --qr a writable place, or --qr - for standard output",
        )
    print(f"QR code: {path} (valid until {made.expires})", file=out)
    return 0


def cmd_broadcast(
    args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO
) -> int:
    """A message to a segment of clients: preview and count, confirmation, then progress lines."""
    from bot.jobs.broadcasts import fits_one_message, parse_segment  # late: Telegram and the store

    segment = parse_segment(args.segment)
    if segment is None:
        print("error: --segment should be all, recent:N (N days) or due", file=err)
        return 2
    text = args.text.strip()
    if not text or not fits_one_message(text):
        print("error: --text should be one Telegram message: 1 to 4,096 characters", file=err)
        return 2
    settings = database_settings(environ, err, token=True)
    if settings is None:
        return 2
    kb = knowledge_or_none(settings.knowledge_dir, err)  # the words staff read in Telegram too
    if kb is None:
        return 2
    setup_logging(settings.log_level, settings.token, err, settings.log_format)
    from telegram.error import TelegramError

    from bot.cli.broadcast import broadcast
    from bot.store import StoreError

    os.environ.setdefault("PTB_TIMEDELTA", "1")  # RetryAfter as a timedelta, without warnings
    try:
        return asyncio.run(
            broadcast(
                settings,
                kb.messages,
                segment,
                text,
                clinic=kb.clinic,  # its quiet hours, if this process sends
                yes=args.yes,
                answers=sys.stdin,
                out=out,
            )
        )
    except (SetupError, StoreError) as error:
        return fail(err, str(error), token=settings.token)
    except TelegramError as error:  # while sending: the rest stays queued, for the bot
        return fail(
            err,
            f"Telegram stopped the sending ({error}): the bot sends the rest when it next runs",
            token=settings.token,
        )
    except KeyboardInterrupt:
        return 130
