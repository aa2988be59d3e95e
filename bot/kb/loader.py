"""Reads `knowledge/` into a KnowledgeBase, or reports every problem with file and line.

Each kind of file has its module (`clinic`, `messages`, `sources`, `topics`, ...); this one
reads them in order (sources first: the others name them) and checks what ties files together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.core.knowledge import (
    Checkin,
    CheckinResponse,
    Concerns,
    KnowledgeBase,
    NotCovered,
    SmallTalk,
    Topic,
)
from bot.core.limits import MAX_MESSAGE_LENGTH
from bot.core.normalize import plain
from bot.core.replies import render_answer
from bot.core.schedule import CHECKIN_PLACEHOLDERS
from bot.core.screening import WARNING_SIGNS_TOPIC
from bot.kb.checkins import read_checkins
from bot.kb.clinic import read_clinic
from bot.kb.concerns import read_concerns
from bot.kb.english import english_words
from bot.kb.figures import fill_figures, read_figures
from bot.kb.messages import read_messages
from bot.kb.not_covered import read_not_covered
from bot.kb.reading import KnowledgeError, Node, Problem, Reader
from bot.kb.smalltalk import read_smalltalk
from bot.kb.sources import read_sources
from bot.kb.topics import read_topics
from bot.kb.warning_signs import read_warning_signs
from bot.kb.words import read_words


@dataclass(frozen=True)
class Checked:
    """What reading the folder found: the knowledge base (None on problems), and warnings."""

    kb: KnowledgeBase | None
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...] = ()


class _Folder:
    """The knowledge folder's files, each read once, their problems collected."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []
        self.readers: dict[str, Reader] = {}

    def read(self, path: Path) -> tuple[Reader, Node | None]:
        reader = Reader(path, self.root, self.problems)
        self.readers[reader.name] = reader
        return reader, reader.parse()

    def required(self, name: str) -> tuple[Reader, Node | None]:
        path = self.root / name
        if not path.is_file():
            self.problems.append(Problem(str(path), 0, f"missing file {name}"))
            return Reader(path, self.root, self.problems), None
        return self.read(path)

    def optional(self, name: str) -> tuple[Reader, Node | None]:
        path = self.root / name
        if not path.is_file():
            return Reader(path, self.root, self.problems), None
        return self.read(path)

    def reader_for(self, name: str) -> Reader:
        return self.readers.get(name) or Reader(Path(name), self.root, self.problems)


def read_knowledge(folder: str | Path) -> Checked:
    """Reads and checks the whole folder; never raises for what staff wrote."""
    root = Path(folder)
    if not root.is_dir():
        return Checked(None, (Problem(str(root), 0, "knowledge folder not found"),))
    files = _Folder(root)

    reader, node = files.required("sources.yaml")
    sources = read_sources(reader, node) if node else []
    known_sources = {s.id for s in sources if s.id}

    reader, node = files.required("clinic.yaml")
    clinic = read_clinic(reader, node) if node else None
    rules = node.value.get("rules") if node and isinstance(node.value, dict) else None
    figures = read_figures(reader, rules)
    messages = read_messages(root, files.read, files.problems, clinic)

    topics: list[Topic] = []
    topic_files = sorted((root / "topics").glob("*.yaml")) + sorted((root / "topics").glob("*.yml"))
    if not topic_files:
        files.problems.append(Problem(str(root / "topics"), 0, "no topic files (topics/*.yaml)"))
    before = len(files.problems)
    for path in topic_files:
        reader, node = files.read(path)
        if node:
            fill_figures(reader, node, figures)
            topics.extend(read_topics(reader, node, known_sources))
    read_well = not any(not p.warning for p in files.problems[before:])
    if topic_files and read_well and not any(t.id == WARNING_SIGNS_TOPIC for t in topics):
        message = (
            f"no topic '{WARNING_SIGNS_TOPIC}': the bot answers general questions about what "
            "can go wrong with it (and 'No' to a concern's question); add it back"
        )
        files.problems.append(Problem(str(root / "topics"), 0, message))

    reader, node = files.required("warning-signs.yaml")
    signs = read_warning_signs(reader, node, known_sources) if node else []

    reader, node = files.optional("concerns.yaml")
    concerns = read_concerns(reader, node, {s.id for s in signs}) if node else Concerns()

    reader, node = files.optional("smalltalk.yaml")
    smalltalk: list[SmallTalk] = read_smalltalk(reader, node) if node else []

    reader, node = files.optional("words.yaml")
    replacements = read_words(reader, node) if node else []

    checkins: list[Checkin] = []
    responses: list[CheckinResponse] = []
    checkin_reader, node = files.optional("checkins.yaml")
    if node:
        fill_figures(checkin_reader, node, figures, later=CHECKIN_PLACEHOLDERS)
        known = {
            "sources": known_sources,
            "topics": {t.id for t in topics},
            "signs": {s.id for s in signs},
        }
        checkins, responses = read_checkins(checkin_reader, node, known)

    for checkin in checkins:
        if (
            checkin.at is not None
            and clinic is not None
            and clinic.quiet_hours.contains(checkin.at)
        ):
            checkin_reader.problem(
                checkin.line,
                f"check-in '{checkin.id}': at {checkin.at:%H:%M} is in the clinic's quiet hours "
                "(clinic.yaml), so it would wait for the morning: choose another time",
            )

    reader, node = files.optional("not-covered.yaml")
    not_covered: list[NotCovered] = read_not_covered(reader, node) if node else []

    _check_parents(topics, files.reader_for)
    _duplicates(files.reader_for, [(t.id, t.file, t.line) for t in topics], "topic id")
    _duplicates(files.reader_for, [(s.id, s.file, s.line) for s in signs], "warning sign id")
    phrasings = [(plain(q), t.file, t.line) for t in topics for q in t.questions]
    phrasings += [(plain(n.text), n.file, n.line) for n in not_covered]
    _duplicates(files.reader_for, phrasings, "the question")
    items = [(c.id, checkin_reader.name, c.line) for c in checkins]
    _duplicates(files.reader_for, items, "check-in id")

    for topic in topics:
        what = f"topic '{topic.id}'"
        if not topic.sources:
            files.reader_for(topic.file).problem(
                topic.line, f"{what}: has no source (add 'source:')"
            )
        if topic.answer and messages is not None:
            length = len(render_answer(topic, sources, messages))
            if length > MAX_MESSAGE_LENGTH:
                files.reader_for(topic.file).problem(
                    topic.line,
                    f"{what}: the answer is {length} characters with its source line; "
                    f"Telegram allows {MAX_MESSAGE_LENGTH}. Shorten it or split the topic.",
                )
    for sign in signs:
        if not sign.sources:
            files.reader_for(sign.file).problem(
                sign.line, f"warning sign '{sign.id}': has no source (add 'source:')"
            )

    errors = tuple(sorted(p for p in files.problems if not p.warning))
    warnings = tuple(sorted(p for p in files.problems if p.warning))
    if errors or clinic is None or messages is None:
        return Checked(None, errors, warnings)
    kb = KnowledgeBase(
        clinic=clinic,
        sources=tuple(sources),
        topics=tuple(topics),
        warning_signs=tuple(signs),
        smalltalk=tuple(smalltalk),
        replacements=tuple(replacements),
        checkins=tuple(checkins),
        responses=tuple(responses),
        messages=messages,
        concerns=concerns,
        dictionary=english_words(),
        not_covered=tuple(not_covered),
        figures=tuple(sorted(figures.items())),
    )
    return Checked(kb, (), warnings)


def _duplicates(
    reader_for: Callable[[str], Reader], items: list[tuple[str, str, int]], what: str
) -> None:
    """Reports ids (or phrasings) that appear twice: (value, file, line) triples."""
    first: dict[str, tuple[str, int]] = {}
    for value, file, line in items:
        if not value:
            continue
        if value in first:
            where = f"{first[value][0]}:{first[value][1]}"
            reader_for(file).problem(line, f"{what} '{value}' is already used at {where}")
        else:
            first[value] = (file, line)


def _check_parents(topics: list[Topic], reader_for: Callable[[str], Reader]) -> None:
    """A topic's `parent` is another topic, and following parents never comes back round."""
    parents = {t.id: t.parent for t in topics}
    for topic in topics:
        if not topic.parent:
            continue
        problem = reader_for(topic.file).problem
        if topic.parent not in parents:
            problem(topic.line, f"topic '{topic.id}': unknown parent '{topic.parent}'")
            continue
        seen, at = {topic.id}, topic.parent
        while at:
            if at in seen:
                problem(topic.line, f"topic '{topic.id}': its parents lead back to '{at}'")
                break
            seen.add(at)
            at = parents.get(at, "")


def load_knowledge(folder: str | Path) -> KnowledgeBase:
    """Loads and validates the knowledge folder; raises KnowledgeError listing every problem."""
    checked = read_knowledge(folder)
    if checked.kb is None:
        raise KnowledgeError(list(checked.problems))
    return checked.kb


def check_knowledge(folder: str | Path) -> list[Problem]:
    """Every problem in the knowledge folder; empty when it loads."""
    return list(read_knowledge(folder).problems)
