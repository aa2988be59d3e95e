"""The command line: parse the arguments, run the command's handler, return its exit code.

Each group of commands lives in its module, with its arguments: `offline` (ask, chat),
`knowledge` (kb), `staff` (report, invite, broadcast), `service` (run, config) and
`operations` (health, backup, restore).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import TextIO

from bot.cli import knowledge, offline, operations, service, staff

PACKAGE = "aftercare-bot"


def package_version() -> str:
    """The installed package's version (pyproject.toml), or "unknown" if not installed."""
    try:
        return version(PACKAGE)
    except PackageNotFoundError:
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aftercare", description="Microneedling aftercare assistant for clinics."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in (offline, knowledge, staff, service, operations):
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
