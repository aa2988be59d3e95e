"""Live knowledge updates: staff save a YAML file, the running bot answers from it seconds later.

A change that fails `kb check` is not loaded: the bot keeps the last good knowledge base
and says what is wrong (file and line), once per change. Changes made from Telegram (a
lesson, a file sent back, /undo) go through `apply` and `undo`: checked before anything is
written, written whole, the previous version kept, then loaded.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.core.assistant import Assistant
from bot.core.knowledge import KnowledgeBase
from bot.kb import KnowledgeError, Problem, load_knowledge
from bot.kb.changes import Change, History, Version, check_change, read_texts, write_change

Fingerprint = tuple[tuple[str, int, int], ...]


def fingerprint(folder: Path) -> Fingerprint:
    """Every YAML file's name, modification time and size: changes when staff save a file."""
    entries = []
    for path in sorted(folder.rglob("*.y*ml")):
        try:
            stat = path.stat()
        except OSError:  # deleted while we looked
            continue
        entries.append((str(path.relative_to(folder)), stat.st_mtime_ns, stat.st_size))
    return tuple(entries)


@dataclass(frozen=True)
class Reload:
    """What a check found: nothing new, a new knowledge base, or problems."""

    changed: bool
    loaded: bool = False
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Applied:
    """What a change from Telegram did: applied, refused with problems, or nothing to do."""

    applied: bool
    problems: tuple[Problem, ...] = ()
    version: Version | None = None  # for undo: the version restored


class KnowledgeHolder:
    """The current Assistant, swapped for a new one when the knowledge folder changes.

    One lock keeps a reload from reading the folder while a change is being written.
    """

    def __init__(self, folder: Path, assistant: Assistant) -> None:
        self.folder = folder
        self.assistant = assistant
        self._seen = fingerprint(folder)
        self._lock = threading.Lock()

    def refresh(self, *, force: bool = False) -> Reload:
        """Load the folder again if it changed (or `force`); keep the old one on problems."""
        with self._lock:
            return self._refresh(force)

    def apply(self, change: Change, history: History, actor: int | None, at: datetime) -> Applied:
        """Write `change` if the folder passes every check with it; keep what it replaces."""
        with self._lock:
            before = read_texts(self.folder, list(change.files))
            if before == dict(change.files):
                return Applied(False)
            checked = check_change(self.folder, change.files)
            if checked.kb is None:
                return Applied(False, checked.problems)
            try:
                history.save(before, change.description, actor, at)
                write_change(self.folder, change.files)
            except OSError as error:
                return Applied(False, (self._unwritable(error),))
            self._use(checked.kb)
            return Applied(True)

    def undo(self, history: History) -> Applied:
        """Put back the files as they were before the last change made through `apply`."""
        with self._lock:
            version = history.last()
            if version is None:
                return Applied(False)
            checked = check_change(self.folder, version.files)
            if checked.kb is None:
                return Applied(False, checked.problems, version)
            try:
                write_change(self.folder, version.files)
                history.drop(version.number)
            except OSError as error:
                return Applied(False, (self._unwritable(error),), version)
            self._use(checked.kb)
            return Applied(True, version=version)

    def _unwritable(self, error: OSError) -> Problem:
        """A folder the bot may not write to (mounted read-only): the set-up to fix."""
        where = error.filename or self.folder
        return Problem(
            str(where),
            0,
            f"cannot be written ({error.strerror or error}): the knowledge folder and state/ "
            "must be writable by the bot (see README: Running the bot)",
        )

    def _use(self, kb: KnowledgeBase) -> None:
        self.assistant = Assistant(kb, self.assistant.threshold)
        self._seen = fingerprint(self.folder)

    def _refresh(self, force: bool) -> Reload:
        current = fingerprint(self.folder)
        changed = current != self._seen
        if not changed and not force:
            return Reload(changed=False)
        self._seen = current
        try:
            kb = load_knowledge(self.folder)
            # The ranker re-embeds only the phrasings that changed.
            assistant = Assistant(kb, self.assistant.threshold, self.assistant.ranker)
        except KnowledgeError as error:
            return Reload(changed=changed, problems=tuple(error.problems))
        self.assistant = assistant
        return Reload(changed=changed, loaded=True)
