"""`kb check`, `kb export`, `kb guide`: the knowledge folder, checked, exported or described."""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, TextIO

from bot.kb import KnowledgeError, load_knowledge, read_knowledge
from bot.kb.messages import messages_guide
from bot.kb.review import answer_warnings, not_covered_answered
from bot.kb.schema import fields_guide
from bot.settings import knowledge_dir

if TYPE_CHECKING:
    from bot.cli.environment import Commands


def register(commands: Commands) -> None:
    """Adds `kb` and its actions to the command parser."""
    kb = commands.add_parser("kb", help="check or export the knowledge base")
    actions = kb.add_subparsers(dest="kb_command", required=True, metavar="ACTION")
    actions.add_parser("check", help="validate knowledge/ and name every problem").set_defaults(
        handler=cmd_kb_check
    )
    actions.add_parser("export", help="print the knowledge base as JSON").set_defaults(
        handler=cmd_kb_export
    )
    actions.add_parser(
        "guide", help="print the fields and messages reference of knowledge/README.md"
    ).set_defaults(handler=cmd_kb_guide)


def cmd_kb_check(
    args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO
) -> int:
    """Every problem as file:line: what to fix (exit code 1 if any), then the warnings."""
    folder = knowledge_dir(environ)
    checked = read_knowledge(folder)
    for problem in (*checked.problems, *checked.warnings):
        print(problem, file=err)
    if checked.kb is None:
        print(f"{len(checked.problems)} problem(s) in {folder}/", file=err)
        return 1
    kb = checked.kb
    warnings = [*checked.warnings, *answer_warnings(kb)]
    for warning in warnings[len(checked.warnings) :]:
        print(warning, file=err)
    answered = not_covered_answered(kb)
    if answered:
        for problem in answered:
            print(problem, file=err)
        print(f"{len(answered)} problem(s) in {folder}/", file=err)
        return 1
    warned = f" ({len(warnings)} warning(s))" if warnings else ""
    print(
        f"OK: {len(kb.topics)} topics, {len(kb.warning_signs)} warning signs, "
        f"{len(kb.smalltalk)} small-talk replies, {len(kb.checkins)} check-ins in {folder}/"
        f"{warned}",
        file=out,
    )
    return 0


def cmd_kb_export(
    args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO
) -> int:
    try:
        kb = load_knowledge(knowledge_dir(environ))
    except KnowledgeError as error:
        print(error, file=err)
        return 1
    titles = {s.id: s.title for s in kb.sources}
    data = {
        "topics": [
            {
                "id": t.id,
                "title": t.title,
                "questions": list(t.questions),
                "answer": t.answer,
                "source": [titles[s] for s in t.sources],
                "source_ids": list(t.sources),
                "parent": t.parent or None,
                "file": t.file,
            }
            for t in kb.topics
        ],
        "warning_signs": [
            {"id": s.id, "title": s.title, "level": s.level, "phrases": list(s.phrases)}
            for s in kb.warning_signs
        ],
    }
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return 0


def cmd_kb_guide(
    args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO
) -> int:
    """The generated part of the staff guide: every field and every message."""
    out.write(fields_guide() + "\n" + messages_guide())
    return 0
