"""What every command reads from the environment: the settings and the knowledge folder.

A set-up error is one line naming what to fix (the caller exits with code 2), never a traceback.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.core.knowledge import KnowledgeBase
from bot.kb import KnowledgeError, load_knowledge
from bot.settings import ConfigError, Settings

if TYPE_CHECKING:  # what `add_subparsers` returns: each command module adds its own to it
    Commands = argparse._SubParsersAction[argparse.ArgumentParser]


def settings_or_none(environ: Mapping[str, str], err: TextIO, *, token: bool) -> Settings | None:
    """The settings, or None after one line naming the setting to fix."""
    try:
        return Settings.from_environ(environ, require_token=token)
    except ConfigError as error:
        print(f"error: {error}", file=err)
        return None


def database_settings(environ: Mapping[str, str], err: TextIO, *, token: bool) -> Settings | None:
    """The settings of a command that reads the database, or None if it is not there."""
    settings = settings_or_none(environ, err, token=token)
    if settings is not None and not settings.db_path.exists():
        print(f"error: no database at {settings.db_path} (set AFTERCARE_DB)", file=err)
        return None
    return settings


def knowledge_or_none(folder: Path, err: TextIO) -> KnowledgeBase | None:
    """The knowledge base, or None after listing its problems."""
    try:
        return load_knowledge(folder)
    except KnowledgeError as error:
        print("The knowledge base has problems; fix them and try again:", file=err)
        for problem in error.problems:
            print(f"  {problem}", file=err)
        return None


def knowledge_line(error: KnowledgeError, folder: Path) -> str:
    """The knowledge folder's problems in one line: the first, and how to see them all."""
    first = error.problems[0] if error.problems else f"{folder}: cannot be loaded"
    if len(error.problems) <= 1:
        return f"{first} (fix it in {folder}/)"
    return (
        f"{first} (and {len(error.problems) - 1} more problem(s) in {folder}/: "
        "see them all with python -m bot kb check)"
    )
