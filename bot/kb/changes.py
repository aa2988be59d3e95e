"""Changing the knowledge folder safely: checked first, written whole, the old version kept.

A change is the new text of one or more files. It is checked with everything `kb check`
checks, on a copy of the folder with the change in it, before any real file is touched; a
change that fails is refused with its problems and nothing is written. Each file is written
to a temporary file and renamed over the old one, so a reader never sees half a file; if a
later file of the same change cannot be written, the earlier ones are put back. The previous
text of every file a change touches is kept in a history folder (in `state/`), so the last
change can be undone.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bot.kb.loader import Checked, read_knowledge

# A file's new text, or None to delete it (undoing a change that created it).
Texts = Mapping[str, str | None]


@dataclass(frozen=True)
class Change:
    """New texts for files of the knowledge folder (paths relative to it), and what it is."""

    description: str
    files: Texts


@dataclass(frozen=True)
class Version:
    """What the files of one change held before it, to undo it."""

    number: int
    description: str
    actor: int | None
    at: str
    files: dict[str, str | None] = field(default_factory=dict)


def read_texts(folder: Path, names: list[str] | Mapping[str, object]) -> dict[str, str | None]:
    """The current text of each named file (None if it does not exist)."""
    texts: dict[str, str | None] = {}
    for name in names:
        path = folder / name
        texts[name] = path.read_text(encoding="utf-8") if path.is_file() else None
    return texts


def check_change(folder: Path, change: Texts) -> Checked:
    """The knowledge folder as it would be with `change`, checked as `kb check` does.

    The copy has the folder's own name, so problems name files as they are known.
    """
    with tempfile.TemporaryDirectory(prefix="aftercare-check-") as temporary:
        candidate = Path(temporary) / folder.name
        shutil.copytree(folder, candidate, ignore=shutil.ignore_patterns(".*"))
        for name, text in change.items():
            _put(candidate / name, text)
        return read_knowledge(candidate)


def write_change(folder: Path, change: Texts) -> None:
    """Write every file of `change` atomically; on a failure, put back those already written."""
    before = read_texts(folder, list(change))
    written: list[str] = []
    try:
        for name, text in change.items():
            _put(folder / name, text)
            written.append(name)
    except OSError:
        for name in reversed(written):
            with contextlib.suppress(OSError):
                _put(folder / name, before[name])
        raise


def inside(folder: Path, name: str) -> bool:
    """Whether `name` is a YAML file path that stays inside the knowledge folder."""
    path = (folder / name).resolve()
    return folder.resolve() in path.parents and path.suffix in {".yaml", ".yml"}


def _put(path: Path, text: str | None) -> None:
    """Replace (or, for None, delete) one file so that no reader sees half of it."""
    if text is None:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


class History:
    """Previous versions of changed files, one JSON file per change, newest highest."""

    def __init__(self, folder: Path, keep: int = 100) -> None:
        self.folder = folder
        self.keep = keep

    def _numbers(self) -> list[int]:
        if not self.folder.is_dir():
            return []
        return sorted(int(p.stem) for p in self.folder.glob("*.json") if p.stem.isdigit())

    def save(
        self, before: Mapping[str, str | None], description: str, actor: int | None, at: datetime
    ) -> int:
        """Keep what the files held before a change; returns the version's number."""
        numbers = self._numbers()
        number = (numbers[-1] if numbers else 0) + 1
        record = {
            "description": description,
            "actor": actor,
            "at": at.isoformat(),
            "files": dict(before),
        }
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        _put(self.folder / f"{number:06d}.json", json.dumps(record, ensure_ascii=False, indent=1))
        for old in numbers[: max(0, len(numbers) + 1 - self.keep)]:
            (self.folder / f"{old:06d}.json").unlink(missing_ok=True)
        return number

    def last(self) -> Version | None:
        """The newest kept version, or None."""
        numbers = self._numbers()
        if not numbers:
            return None
        data = json.loads((self.folder / f"{numbers[-1]:06d}.json").read_text(encoding="utf-8"))
        return Version(numbers[-1], data["description"], data["actor"], data["at"], data["files"])

    def drop(self, number: int) -> None:
        """Forget a version once it has been restored."""
        (self.folder / f"{number:06d}.json").unlink(missing_ok=True)
