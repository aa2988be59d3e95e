"""Live knowledge updates: staff save a YAML file, the running bot answers from it seconds later.

A change that fails `kb check` is not loaded: the bot keeps the last good knowledge base
and says what is wrong (file and line), once per change. Changes made from Telegram (a
lesson, a file sent back, /undo) go through `apply` and `undo`: checked before anything is
written, written whole, the previous version kept, then loaded.

Each knowledge base that loads is also copied into the state folder (`knowledge.last-good/`),
so a bot restarted while the folder is broken answers from that copy instead of not
starting (and staff are told). At the very first start there is no copy: the bot does not
start, and says which file and line to fix.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.core.assistant import Assistant
from bot.core.knowledge import KnowledgeBase
from bot.core.ranking import SemanticRanker
from bot.kb import KnowledgeError, Problem, load_knowledge
from bot.kb.changes import Change, History, Version, check_change, read_texts, write_change

log = logging.getLogger(__name__)

Fingerprint = tuple[tuple[str, int, int], ...]
SAVED_COPY = "knowledge.last-good"  # in the state folder


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.y*ml"))


def fingerprint(folder: Path) -> Fingerprint:
    """Every YAML file's name, modification time and size: changes when staff save a file."""
    entries = []
    for path in _yaml_files(folder):
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


def knowledge_version(folder: Path) -> str:
    """A short hash of every YAML file's name and content: which knowledge is in use."""
    digest = hashlib.sha256()
    for path in _yaml_files(folder):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:8]


def save_copy(folder: Path, target: Path, loaded: Fingerprint | None = None) -> None:
    """Replace `target` with a copy of the folder's YAML files (best effort: logs a failure).

    With `loaded` (the folder's fingerprint when its knowledge was read), nothing is replaced
    if a file was saved since: the copy could hold a change not checked yet; the reload that
    change brings makes the next copy.
    """
    staging, old = target.with_name(target.name + ".new"), target.with_name(target.name + ".old")
    try:
        shutil.rmtree(staging, ignore_errors=True)
        for path in _yaml_files(folder):
            copy = staging / path.relative_to(folder)
            copy.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            shutil.copyfile(path, copy)
        staging.mkdir(mode=0o700, exist_ok=True)
        if loaded is not None and fingerprint(folder) != loaded:
            shutil.rmtree(staging, ignore_errors=True)
            return
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    except OSError as error:
        log.warning("Could not keep a copy of the knowledge in %s: %s", target, error)


class KnowledgeHolder:
    """The current Assistant, swapped for a new one when the knowledge folder changes.

    One lock keeps a reload from reading the folder while a change is being written.
    """

    def __init__(
        self,
        folder: Path,
        assistant: Assistant,
        *,
        saved_copy: Path | None = None,
        problems: Sequence[Problem] = (),
        version: str | None = None,
    ) -> None:
        self.folder = folder
        self.assistant = assistant
        self.saved_copy = saved_copy  # where each good knowledge base is copied to, if anywhere
        # Not empty while answering from the saved copy because the folder had these.
        self.problems = tuple(problems)
        self.version = version or knowledge_version(folder)
        self._seen = fingerprint(folder)
        self._lock = threading.Lock()

    @classmethod
    def open(cls, folder: Path, saved_copy: Path | None = None) -> KnowledgeHolder:
        """The folder's knowledge (copied to `saved_copy`); if the folder has problems, the
        saved copy's. Raises the folder's KnowledgeError when there is no good copy either."""
        try:
            kb = load_knowledge(folder)
        except KnowledgeError as error:
            if saved_copy is None or not saved_copy.is_dir():
                raise
            try:
                kb = load_knowledge(saved_copy)
            except KnowledgeError:
                raise error from None
            version = knowledge_version(saved_copy)
            return cls(
                folder,
                Assistant(kb),
                saved_copy=saved_copy,
                problems=error.problems,
                version=version,
            )
        if saved_copy is not None:
            save_copy(folder, saved_copy)
        return cls(folder, Assistant(kb), saved_copy=saved_copy)

    def attach_ranker(self, ranker: SemanticRanker) -> None:
        """Answer with `ranker` from now on; it embeds the phrasings here, so call it off the
        event loop (the bot starts answering by words alone and the ranker joins seconds later).
        """
        with self._lock:
            kb, threshold = self.assistant.kb, self.assistant.threshold
            self.assistant = Assistant(kb, threshold, ranker)

    def refresh(self, *, force: bool = False) -> Reload:
        """Load the folder again if it changed (or `force`); keep the old one on problems."""
        with self._lock:
            current = fingerprint(self.folder)
            changed = current != self._seen
            if not changed and not force:
                return Reload(changed=False)
            self._seen = current
            version = knowledge_version(self.folder)  # the files as `current` saw them
            try:
                kb = load_knowledge(self.folder)
            except KnowledgeError as error:
                return Reload(changed=changed, problems=tuple(error.problems))
            # A file saved while this load ran differs from `current`: the next look loads it.
            self._use(kb, current, version)
            return Reload(changed=changed, loaded=True)

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

    def _use(
        self, kb: KnowledgeBase, seen: Fingerprint | None = None, version: str | None = None
    ) -> None:
        """Answer from `kb` from now on; the ranker re-embeds only the phrasings that changed.

        `seen` and `version`: the folder's fingerprint and version taken before `kb` was read
        (by default, now: right after a change from Telegram was written)."""
        self.assistant = Assistant(kb, self.assistant.threshold, self.assistant.ranker)
        self.problems = ()
        self._seen = seen if seen is not None else fingerprint(self.folder)
        self.version = version or knowledge_version(self.folder)
        if self.saved_copy is not None:
            save_copy(self.folder, self.saved_copy, self._seen)
