"""`run` and `config`: running the Telegram bot, and the settings it runs with."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import TYPE_CHECKING, TextIO

from bot.cli.environment import settings_or_none

if TYPE_CHECKING:
    from bot.cli.environment import Commands


def register(commands: Commands) -> None:
    """Adds `run` and `config` to the command parser."""
    commands.add_parser("run", help="run the Telegram bot (long polling)").set_defaults(
        handler=cmd_run
    )
    commands.add_parser("config", help="print the effective settings").set_defaults(
        handler=cmd_config
    )


def cmd_run(args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO) -> int:
    settings = settings_or_none(environ, err, token=True)
    if settings is None:
        return 2
    from bot.cli.run import run  # imported late: the offline commands need no Telegram

    return run(settings)


def cmd_config(
    args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO
) -> int:
    settings = settings_or_none(environ, err, token=False)
    if settings is None:
        return 2
    for name, value in settings.describe().items():
        print(f"{name}={value}", file=out)
    print(f"# {settings.describe_staff()}", file=out)
    return 0
