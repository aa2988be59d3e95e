"""Reads `knowledge/` into a KnowledgeBase, or reports every problem with file and line.

Staff are not programmers, so each problem says where it is and what to change.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from yaml.constructor import SafeConstructor

from bot.core.figures import fill, placeholders
from bot.core.knowledge import (
    LEVELS,
    Checkin,
    CheckinResponse,
    Clinic,
    KnowledgeBase,
    NotCovered,
    QuietHours,
    SmallTalk,
    Source,
    Topic,
    WarningSign,
)
from bot.core.normalize import plain
from bot.core.replies import render_answer

TELEGRAM_LIMIT = 4096
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
OFFSET_PATTERN = re.compile(r"^(\d+)\s*(s|m|h|d|w)$")
_OFFSET_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_offset(text: str) -> timedelta | None:
    """'4h', '3d', '4w', '30s' as a timedelta; None when it is not one."""
    match = OFFSET_PATTERN.match(text.strip().lower())
    if not match:
        return None
    return timedelta(**{_OFFSET_UNITS[match[2]]: int(match[1])})


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the knowledge folder."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class KnowledgeError(Exception):
    """The knowledge folder cannot be loaded; `problems` says why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class _Node:
    """A YAML value with the line it starts on (1-based)."""

    __slots__ = ("line", "value")

    def __init__(self, value: Any, line: int) -> None:
        self.value = value
        self.line = line


def _located(node: yaml.Node, scalars: SafeConstructor) -> _Node:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        pairs: dict[str, _Node] = {}
        for key_node, value_node in node.value:
            pairs[str(key_node.value)] = _located(value_node, scalars)
            pairs[str(key_node.value)].line = key_node.start_mark.line + 1
        return _Node(pairs, line)
    if isinstance(node, yaml.SequenceNode):
        return _Node([_located(item, scalars) for item in node.value], line)
    return _Node(scalars.construct_object(node, deep=True), line)


class _Reader:
    """Collects problems while reading one file."""

    def __init__(self, path: Path, root: Path, problems: list[Problem]) -> None:
        self.path = path
        self.name = str(path.relative_to(root.parent)) if root.parent in path.parents else str(path)
        self.problems = problems

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.name, line, message))

    def parse(self) -> _Node | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            self.problem(1, f"cannot read the file ({error})")
            return None
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = mark.line + 1 if mark else 1
            what = error.problem or "YAML syntax error"
            self.problem(line, f"YAML syntax: {what} (check indentation, colons and quotes)")
            return None
        except yaml.YAMLError as error:
            self.problem(1, f"YAML syntax: {error}")
            return None
        if node is None:
            self.problem(1, "the file is empty")
            return None
        return _located(node, SafeConstructor())

    def mapping(
        self, node: _Node, what: str, required: set[str], optional: set[str]
    ) -> dict[str, _Node] | None:
        if not isinstance(node.value, dict):
            self.problem(node.line, f"{what} should be a set of 'name: value' lines")
            return None
        fields: dict[str, _Node] = node.value
        allowed = required | optional
        for key, value in fields.items():
            if key not in allowed:
                self.problem(
                    value.line,
                    f"{what}: unknown field '{key}' (allowed: {', '.join(sorted(allowed))})",
                )
        for key in sorted(required - fields.keys()):
            self.problem(node.line, f"{what}: missing field '{key}'")
        return fields

    def text(self, fields: dict[str, _Node], key: str, what: str, default: str = "") -> str:
        node = fields.get(key)
        if node is None:
            return default
        if node.value is None or (isinstance(node.value, str) and not node.value.strip()):
            self.problem(node.line, f"{what}: '{key}' is empty")
            return default
        if not isinstance(node.value, str | int | float) or isinstance(node.value, bool):
            self.problem(node.line, f"{what}: '{key}' should be text")
            return default
        return str(node.value).strip()

    def texts(self, fields: dict[str, _Node], key: str, what: str) -> list[tuple[str, int]]:
        """A list of texts (a single text is accepted as a list of one), with their lines."""
        node = fields.get(key)
        if node is None:
            return []
        items = node.value if isinstance(node.value, list) else [node]
        result: list[tuple[str, int]] = []
        for item in items:
            if isinstance(item.value, str | int | float) and not isinstance(item.value, bool):
                value = str(item.value).strip()
                if value:
                    result.append((value, item.line))
                    continue
            self.problem(item.line, f"{what}: every entry of '{key}' should be non-empty text")
        if not result and items:
            self.problem(node.line, f"{what}: '{key}' has no entries")
        return result

    def entries(self, root: _Node, key: str) -> list[_Node]:
        fields = self.mapping(root, self.name, {key}, set())
        if fields is None or key not in fields:
            return []
        node = fields[key]
        if not isinstance(node.value, list):
            self.problem(node.line, f"'{key}' should be a list of entries, each starting with '- '")
            return []
        return node.value


def _name(entry: _Node, kind: str) -> str:
    """How problems name an entry: its kind and, when readable, its id."""
    if isinstance(entry.value, dict) and isinstance(entry.value.get("id"), _Node):
        return f"{kind} '{entry.value['id'].value}'"
    return kind


# Telegram's button data is at most 64 bytes, and a topic button adds "topic:".
MAX_ID_LENGTH = 58


def _check_id(reader: _Reader, fields: dict[str, _Node], what: str) -> str:
    value = reader.text(fields, "id", what)
    if value and not ID_PATTERN.match(value):
        reader.problem(
            fields["id"].line,
            f"{what}: id '{value}' should use lowercase letters, digits and dashes only",
        )
    elif len(value) > MAX_ID_LENGTH:
        reader.problem(
            fields["id"].line,
            f"{what}: id '{value}' is longer than {MAX_ID_LENGTH} characters; shorten it",
        )
    return value


def _read_sources(reader: _Reader, root: _Node) -> list[Source]:
    result = []
    for entry in reader.entries(root, "sources"):
        fields = reader.mapping(entry, "source", {"id", "title", "document"}, {"short"})
        if fields is None:
            continue
        result.append(
            Source(
                id=_check_id(reader, fields, "source"),
                title=reader.text(fields, "title", "source"),
                document=reader.text(fields, "document", "source"),
                short=reader.text(fields, "short", "source"),
            )
        )
    return result


def _parse_time(reader: _Reader, node: _Node | None, what: str, default: time) -> time:
    if node is None:
        return default
    raw = node.value
    if isinstance(raw, int):  # YAML 1.1 reads 21:00 as a sexagesimal number
        raw = f"{raw // 60:02d}:{raw % 60:02d}"
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", str(raw).strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        reader.problem(node.line, f"{what} should be a time like \"21:00\", not '{raw}'")
        return default
    return time(int(match[1]), int(match[2]))


def _read_clinic(reader: _Reader, root: _Node) -> Clinic | None:
    what = "clinic"
    fields = reader.mapping(
        root,
        what,
        {"name", "phone", "hours", "emergency_number"},
        {"timezone", "quiet_hours", "address", "website", "booking", "forward_photos", "rules"},
    )
    if fields is None:
        return None
    timezone = reader.text(fields, "timezone", what, "UTC")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        reader.problem(
            fields["timezone"].line,
            f"clinic: unknown timezone '{timezone}' (use a name like Europe/London)",
        )
        timezone = "UTC"
    quiet = QuietHours(time(21), time(9))
    if "quiet_hours" in fields:
        quiet_fields = reader.mapping(fields["quiet_hours"], "quiet_hours", {"start", "end"}, set())
        if quiet_fields is not None:
            quiet = QuietHours(
                _parse_time(reader, quiet_fields.get("start"), "quiet_hours start", quiet.start),
                _parse_time(reader, quiet_fields.get("end"), "quiet_hours end", quiet.end),
            )
    forward_photos = False
    if "forward_photos" in fields:
        node = fields["forward_photos"]
        if isinstance(node.value, bool):
            forward_photos = node.value
        else:
            reader.problem(node.line, "clinic: forward_photos should be true or false")
    return Clinic(
        forward_photos=forward_photos,
        name=reader.text(fields, "name", what),
        phone=reader.text(fields, "phone", what),
        hours=reader.text(fields, "hours", what),
        emergency_number=reader.text(fields, "emergency_number", what),
        timezone=timezone,
        quiet_hours=quiet,
        address=reader.text(fields, "address", what),
        website=reader.text(fields, "website", what),
        booking=reader.text(fields, "booking", what),
    )


RULE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def _read_rules(reader: _Reader, root: _Node) -> dict[str, str]:
    """clinic.yaml's `rules:`: the clinic's figures, which answers and check-ins name."""
    node = root.value.get("rules") if isinstance(root.value, dict) else None
    if node is None:
        return {}
    if not isinstance(node.value, dict):
        reader.problem(node.line, "'rules' should be lines like 'makeup_after_hours: 48'")
        return {}
    rules: dict[str, str] = {}
    for name, value in node.value.items():
        if not RULE_NAME.match(name):
            reader.problem(
                value.line,
                f"rule '{name}': use lowercase letters, digits and underscores",
            )
        elif isinstance(value.value, bool) or not isinstance(value.value, str | int | float):
            reader.problem(value.line, f"rule '{name}' should be a number or a short text")
        elif not str(value.value).strip():
            reader.problem(value.line, f"rule '{name}' is empty")
        else:
            rules[name] = str(value.value).strip()
    return rules


def _filled(
    reader: _Reader, fields: dict[str, _Node], key: str, what: str, figures: dict[str, str]
) -> str:
    """A text field with the clinic's figures put in; an unknown {name} is a problem."""
    text = reader.text(fields, key, what)
    node = fields.get(key)
    if node is None or not text:
        return text
    raw = str(node.value)
    # A block (`answer: |`) starts on the line after its key; leading blank lines shift it.
    first = node.line + 1 + raw.count("\n", 0, raw.find(text)) if "\n" in raw else node.line
    for name, offset in placeholders(text):
        if name not in figures:
            known = ", ".join(sorted(figures)) or "none yet"
            reader.problem(
                first + offset,
                f"{what}: unknown figure {{{name}}} (clinic.yaml rules: {known})",
            )
    return fill(text, figures)


def _whole_number(
    reader: _Reader, fields: dict[str, _Node], key: str, what: str, figures: dict[str, str]
) -> int | None:
    """A number of days, written as a number or as a figure: "{redness_check_day}"."""
    node = fields.get(key)
    if node is None:
        return None
    value = node.value
    if isinstance(value, str):
        value = _filled(reader, fields, key, what, figures)
        value = int(value) if value.isdigit() else value
    if isinstance(value, bool) or not isinstance(value, int):
        reader.problem(node.line, f"{what}: {key} should be a number")
        return None
    return value


def _read_not_covered(reader: _Reader, root: _Node) -> list[NotCovered]:
    """not-covered.yaml: questions the bot must not answer from a topic."""
    fields = reader.mapping(root, reader.name, {"not_covered"}, set())
    if fields is None or "not_covered" not in fields:
        return []
    return [
        NotCovered(text, reader.name, line)
        for text, line in reader.texts(fields, "not_covered", "not_covered")
    ]


def _check_parents(topics: list[Topic], reader_for: Callable[[str], _Reader]) -> None:
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


def _read_sources_field(
    reader: _Reader, fields: dict[str, _Node], what: str, known: set[str]
) -> tuple[str, ...]:
    found = reader.texts(fields, "source", what)
    if not found and "source" in fields:
        return ()
    if "source" not in fields:
        return ()
    for source_id, line in found:
        if source_id not in known:
            reader.problem(
                line,
                f"{what}: unknown source '{source_id}' "
                f"(known: {', '.join(sorted(known))}; see sources.yaml)",
            )
    return tuple(s for s, _ in found)


def _read_topics(
    reader: _Reader, root: _Node, known_sources: set[str], figures: dict[str, str]
) -> list[Topic]:
    result = []
    for entry in reader.entries(root, "topics"):
        what = _name(entry, "topic")
        fields = reader.mapping(
            entry, what, {"id", "title", "questions", "answer", "source"}, {"keywords", "parent"}
        )
        if fields is None:
            continue
        topic_id = _check_id(reader, fields, "topic")
        questions = reader.texts(fields, "questions", what)
        result.append(
            Topic(
                id=topic_id,
                title=reader.text(fields, "title", what),
                questions=tuple(q for q, _ in questions),
                answer=_filled(reader, fields, "answer", what, figures),
                sources=_read_sources_field(reader, fields, what, known_sources),
                keywords=tuple(k for k, _ in reader.texts(fields, "keywords", what)),
                file=reader.name,
                line=entry.line,
                parent=reader.text(fields, "parent", what),
            )
        )
    return result


def _read_signs(reader: _Reader, root: _Node, known_sources: set[str]) -> list[WarningSign]:
    result = []
    for entry in reader.entries(root, "warning_signs"):
        what = _name(entry, "warning sign")
        fields = reader.mapping(
            entry, what, {"id", "title", "level", "phrases", "advice", "source"}, {"after_days"}
        )
        if fields is None:
            continue
        sign_id = _check_id(reader, fields, "warning sign")
        level = reader.text(fields, "level", what)
        if level and level not in LEVELS:
            reader.problem(
                fields["level"].line,
                f"{what}: level '{level}' should be one of {', '.join(LEVELS)}",
            )
        after_days = None
        if "after_days" in fields:
            raw = fields["after_days"].value
            if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0:
                after_days = raw
            else:
                reader.problem(fields["after_days"].line, f"{what}: after_days should be a number")
        result.append(
            WarningSign(
                id=sign_id,
                title=reader.text(fields, "title", what),
                level=level,
                phrases=tuple(p for p, _ in reader.texts(fields, "phrases", what)),
                advice=reader.text(fields, "advice", what),
                sources=_read_sources_field(reader, fields, what, known_sources),
                after_days=after_days,
                file=reader.name,
                line=entry.line,
            )
        )
    return result


def _read_smalltalk(reader: _Reader, root: _Node) -> list[SmallTalk]:
    result = []
    for entry in reader.entries(root, "smalltalk"):
        what = _name(entry, "small talk")
        fields = reader.mapping(entry, what, {"id", "phrases", "reply"}, set())
        if fields is None:
            continue
        talk_id = _check_id(reader, fields, "small talk")
        result.append(
            SmallTalk(
                id=talk_id,
                phrases=tuple(p for p, _ in reader.texts(fields, "phrases", what)),
                reply=reader.text(fields, "reply", what),
            )
        )
    return result


def _read_words(reader: _Reader, root: _Node) -> list[tuple[str, str]]:
    fields = reader.mapping(root, reader.name, {"replace"}, set())
    if fields is None or "replace" not in fields:
        return []
    node = fields["replace"]
    if not isinstance(node.value, dict):
        reader.problem(node.line, "'replace' should be lines like 'sunblock: sunscreen'")
        return []
    pairs = []
    for typed, canonical in node.value.items():
        if not isinstance(canonical.value, str) or not canonical.value.strip():
            reader.problem(canonical.line, f"replace '{typed}': the word to use is missing")
            continue
        pairs.append((plain(typed), plain(canonical.value)))
    return pairs


def _read_checkins(
    reader: _Reader, root: _Node, known: dict[str, set[str]], figures: dict[str, str]
) -> tuple[list[Checkin], list[CheckinResponse]]:
    """The check-in plan; `known` holds the ids of sources, topics and signs it may name."""
    fields = reader.mapping(root, reader.name, {"checkins"}, {"responses"})
    if fields is None:
        return [], []
    responses: list[CheckinResponse] = []
    response_lines: dict[str, int] = {}
    if "responses" in fields:
        node = fields["responses"]
        if not isinstance(node.value, dict):
            reader.problem(node.line, "'responses' should be a set of named responses")
        else:
            for response_id, entry in node.value.items():
                what = f"response '{response_id}'"
                values = reader.mapping(
                    entry, what, {"label"}, {"reply", "answer", "sign", "escalate_after_days"}
                )
                if values is None:
                    continue
                after = _whole_number(reader, values, "escalate_after_days", what, figures)
                response = CheckinResponse(
                    id=str(response_id),
                    label=reader.text(values, "label", what),
                    reply=_filled(reader, values, "reply", what, figures),
                    answer=reader.text(values, "answer", what),
                    sign=reader.text(values, "sign", what),
                    escalate_after_days=after,
                )
                if not (response.reply or response.answer or response.sign):
                    reader.problem(entry.line, f"{what}: needs a reply, an answer or a sign")
                if response.answer and response.answer not in known["topics"]:
                    reader.problem(
                        values["answer"].line, f"{what}: unknown topic '{response.answer}'"
                    )
                if response.sign and response.sign not in known["signs"]:
                    reader.problem(
                        values["sign"].line, f"{what}: unknown warning sign '{response.sign}'"
                    )
                responses.append(response)
                response_lines[response.id] = entry.line
    checkins = []
    node = fields.get("checkins")
    entries = node.value if node is not None and isinstance(node.value, list) else []
    if node is not None and not isinstance(node.value, list):
        reader.problem(node.line, "'checkins' should be a list of entries, each starting with '- '")
    for entry in entries:
        what = _name(entry, "check-in")
        values = reader.mapping(entry, what, {"id", "after", "message"}, {"buttons", "source"})
        if values is None:
            continue
        after_text = _filled(reader, values, "after", what, figures)
        after = parse_offset(after_text) if after_text else None
        if after_text and after is None:
            reader.problem(
                values["after"].line,
                f"{what}: after '{after_text}' should be a number and a unit, like 4h, 3d or 4w",
            )
        buttons = reader.texts(values, "buttons", what)
        for button, line in buttons:
            if button not in response_lines:
                reader.problem(line, f"{what}: unknown button '{button}' (see responses:)")
        message = _filled(reader, values, "message", what, figures)
        if len(message) > TELEGRAM_LIMIT:
            reader.problem(entry.line, f"{what}: the message is over {TELEGRAM_LIMIT} characters")
        checkins.append(
            Checkin(
                id=_check_id(reader, values, "check-in"),
                after=after or timedelta(0),
                message=message,
                buttons=tuple(b for b, _ in buttons),
                sources=_read_sources_field(reader, values, what, known["sources"]),
                line=entry.line,
            )
        )
    return checkins, responses


def _duplicates(
    reader_for: Callable[[str], _Reader], items: list[tuple[str, str, int]], what: str
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


def load_knowledge(folder: str | Path) -> KnowledgeBase:
    """Loads and validates the knowledge folder; raises KnowledgeError listing every problem."""
    root = Path(folder)
    problems: list[Problem] = []
    if not root.is_dir():
        raise KnowledgeError([Problem(str(root), 0, "knowledge folder not found")])
    readers: dict[str, _Reader] = {}

    def read(path: Path) -> tuple[_Reader, _Node | None]:
        reader = _Reader(path, root, problems)
        readers[reader.name] = reader
        return reader, reader.parse()

    def required_file(name: str) -> tuple[_Reader, _Node | None]:
        path = root / name
        if not path.is_file():
            problems.append(Problem(str(path), 0, f"missing file {name}"))
            return _Reader(path, root, problems), None
        return read(path)

    reader, node = required_file("sources.yaml")
    sources = _read_sources(reader, node) if node else []
    known_sources = {s.id for s in sources if s.id}

    reader, node = required_file("clinic.yaml")
    clinic = _read_clinic(reader, node) if node else None
    figures = _read_rules(reader, node) if node else {}

    topics: list[Topic] = []
    topic_files = sorted((root / "topics").glob("*.yaml")) + sorted((root / "topics").glob("*.yml"))
    if not topic_files:
        problems.append(Problem(str(root / "topics"), 0, "no topic files (topics/*.yaml)"))
    for path in topic_files:
        reader, node = read(path)
        if node:
            topics.extend(_read_topics(reader, node, known_sources, figures))

    reader, node = required_file("warning-signs.yaml")
    signs = _read_signs(reader, node, known_sources) if node else []

    smalltalk: list[SmallTalk] = []
    if (root / "smalltalk.yaml").is_file():
        reader, node = read(root / "smalltalk.yaml")
        smalltalk = _read_smalltalk(reader, node) if node else []

    replacements: list[tuple[str, str]] = []
    if (root / "words.yaml").is_file():
        reader, node = read(root / "words.yaml")
        replacements = _read_words(reader, node) if node else []

    checkins: list[Checkin] = []
    responses: list[CheckinResponse] = []
    checkin_reader: _Reader | None = None
    if (root / "checkins.yaml").is_file():
        checkin_reader, node = read(root / "checkins.yaml")
        if node:
            known = {
                "sources": known_sources,
                "topics": {t.id for t in topics},
                "signs": {s.id for s in signs},
            }
            checkins, responses = _read_checkins(checkin_reader, node, known, figures)

    not_covered: list[NotCovered] = []
    if (root / "not-covered.yaml").is_file():
        reader, node = read(root / "not-covered.yaml")
        not_covered = _read_not_covered(reader, node) if node else []

    def reader_for(name: str) -> _Reader:
        return readers.get(name) or _Reader(Path(name), root, problems)

    _check_parents(topics, reader_for)

    _duplicates(reader_for, [(t.id, t.file, t.line) for t in topics], "topic id")
    _duplicates(reader_for, [(s.id, s.file, s.line) for s in signs], "warning sign id")
    phrasings = [(plain(q), t.file, t.line) for t in topics for q in t.questions]
    phrasings += [(plain(n.text), n.file, n.line) for n in not_covered]
    _duplicates(reader_for, phrasings, "the question")

    for topic in topics:
        what = f"topic '{topic.id}'"
        if not topic.sources:
            reader_for(topic.file).problem(topic.line, f"{what}: has no source (add 'source:')")
        if topic.answer and clinic is not None:
            length = len(render_answer(topic, sources))
            if length > TELEGRAM_LIMIT:
                reader_for(topic.file).problem(
                    topic.line,
                    f"{what}: the answer is {length} characters with its source line; "
                    f"Telegram allows {TELEGRAM_LIMIT}. Shorten it or split the topic.",
                )
    for sign in signs:
        if not sign.sources:
            reader_for(sign.file).problem(
                sign.line, f"warning sign '{sign.id}': has no source (add 'source:')"
            )

    if checkin_reader is not None:
        items = [(c.id, checkin_reader.name, c.line) for c in checkins]
        _duplicates(reader_for, items, "check-in id")

    if problems or clinic is None:
        raise KnowledgeError(problems)
    return KnowledgeBase(
        clinic=clinic,
        sources=tuple(sources),
        topics=tuple(topics),
        warning_signs=tuple(signs),
        smalltalk=tuple(smalltalk),
        replacements=tuple(replacements),
        checkins=tuple(checkins),
        responses=tuple(responses),
        not_covered=tuple(not_covered),
        figures=tuple(sorted(figures.items())),
    )


def check_knowledge(folder: str | Path) -> list[Problem]:
    """Every problem in the knowledge folder; empty when it loads."""
    try:
        load_knowledge(folder)
    except KnowledgeError as error:
        return error.problems
    return []
