"""The command line: parse the arguments, run the command's handler, return its exit code.

Each group of commands lives in its module, with its arguments: `offline` (ask, chat),
`knowledge` (kb), `staff` (report, invite, broadcast) and `service` (run, config).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from typing import TextIO

from bot.cli import knowledge, offline, service, staff


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aftercare", description="Microneedling aftercare assistant for clinics."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in (offline, knowledge, staff, service):
        group.register(commands)
    return parser


def main(
    argv: Sequence[str] | None = None,
    environ: Mapping[str, str] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Runs one command; returns the exit code."""
    args = build_parser().parse_args(argv)
    return int(
        args.handler(
            args,
            os.environ if environ is None else environ,
            out or sys.stdout,
            err or sys.stderr,
        )
    )
