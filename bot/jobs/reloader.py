"""Live knowledge updates: staff save a YAML file, the running bot answers from it seconds later.

A change that fails `kb check` is not loaded: the bot keeps the last good knowledge base
and says what is wrong (file and line), once per change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.core.assistant import Assistant
from bot.kb import KnowledgeError, Problem, load_knowledge

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


class KnowledgeHolder:
    """The current Assistant, swapped for a new one when the knowledge folder changes."""

    def __init__(self, folder: Path, assistant: Assistant) -> None:
        self.folder = folder
        self.assistant = assistant
        self._seen = fingerprint(folder)

    def refresh(self, *, force: bool = False) -> Reload:
        """Load the folder again if it changed (or `force`); keep the old one on problems."""
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
