"""The command line: the offline core (ask, chat, kb) and running the bot."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from bot.core.assistant import Assistant
from bot.kb.loader import KnowledgeError, check_knowledge, load_knowledge
from bot.settings import ConfigError, Settings


def _knowledge_dir(environ: Mapping[str, str]) -> Path:
    return Path(environ.get("AFTERCARE_KNOWLEDGE_DIR", "").strip() or "knowledge")


def _settings(environ: Mapping[str, str], err: TextIO, *, token: bool) -> Settings | None:
    """The settings, or None after one line naming the setting to fix."""
    try:
        return Settings.from_environ(environ, require_token=token)
    except ConfigError as error:
        print(f"error: {error}", file=err)
        return None


def _assistant(environ: Mapping[str, str], err: TextIO) -> Assistant | None:
    try:
        return Assistant(load_knowledge(_knowledge_dir(environ)))
    except KnowledgeError as error:
        print("The knowledge base has problems; fix them and try again:", file=err)
        for problem in error.problems:
            print(f"  {problem}", file=err)
        return None


def cmd_ask(args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO) -> int:
    assistant = _assistant(environ, err)
    if assistant is None:
        return 2
    if args.jsonl:
        for number, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                text = item["text"]
                days = item.get("days_since_session")
            except (json.JSONDecodeError, KeyError, TypeError):
                print(f'line {number}: expected a JSON object like {{"text": "..."}}', file=err)
                return 2
            reply = assistant.respond(str(text), days_since_session=days)
            out.write(json.dumps(reply.as_dict(), ensure_ascii=False) + "\n")
        return 0
    if not args.text:
        print('ask needs a question, e.g.: python -m bot ask "can I wear makeup?"', file=err)
        return 2
    reply = assistant.respond(" ".join(args.text), days_since_session=args.days)
    out.write(json.dumps(reply.as_dict(), ensure_ascii=False) + "\n")
    return 0


def cmd_chat(args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO) -> int:
    assistant = _assistant(environ, err)
    if assistant is None:
        return 2
    clinic = assistant.kb.clinic
    print(
        f"{clinic.name} aftercare assistant (offline chat). Type a question; Ctrl-D quits.",
        file=out,
    )
    while True:
        try:
            text = input("you> ")
        except (EOFError, KeyboardInterrupt):
            print(file=out)
            return 0
        if not text.strip():
            continue
        reply = assistant.respond(text, days_since_session=args.days)
        print(
            f"bot [{reply.kind}{' ' + reply.topic if reply.topic else ''}]> {reply.text}\n",
            file=out,
        )


def cmd_kb_check(
    args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO
) -> int:
    folder = _knowledge_dir(environ)
    problems = check_knowledge(folder)
    if problems:
        for problem in problems:
            print(problem, file=err)
        print(f"{len(problems)} problem(s) in {folder}/", file=err)
        return 1
    kb = load_knowledge(folder)
    print(
        f"OK: {len(kb.topics)} topics, {len(kb.warning_signs)} warning signs, "
        f"{len(kb.smalltalk)} small-talk replies, {len(kb.checkins)} check-ins in {folder}/",
        file=out,
    )
    return 0


def cmd_kb_export(
    args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO
) -> int:
    try:
        kb = load_knowledge(_knowledge_dir(environ))
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


def cmd_config(
    args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO
) -> int:
    settings = _settings(environ, err, token=False)
    if settings is None:
        return 2
    for name, value in settings.describe().items():
        print(f"{name}={value}", file=out)
    return 0


def cmd_report(
    args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO
) -> int:
    """Stats, gaps and escalations from the database, as text or the gaps as CSV."""
    settings = _settings(environ, err, token=False)
    if settings is None:
        return 2
    if not settings.db_path.exists():
        print(f"error: no database at {settings.db_path} (set AFTERCARE_DB)", file=err)
        return 2
    from bot.cli.report import report  # imported late: the store pulls in aiosqlite

    out.write(asyncio.run(report(settings, csv=args.csv, days=args.days, audit=args.audit)))
    return 0


def cmd_invite(
    args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO
) -> int:
    """A start link (and its QR code image) for a client, made at the front desk."""
    settings = _settings(environ, err, token=True)
    if settings is None:
        return 2
    from bot.cli.invite import InviteError, invite  # late: needs Telegram and the store

    try:
        made = asyncio.run(invite(settings, args.name, args.session, args.qr, args.days))
    except InviteError as error:
        print(f"error: {error}", file=err)
        return 2
    print(made.link, file=out)
    print(f"QR code: {made.qr_path} (valid until {made.expires})", file=out)
    return 0


def cmd_broadcast(
    args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO
) -> int:
    """A message to a segment of clients: preview and count, confirmation, then progress lines."""
    from bot.jobs.broadcasts import fits_one_message, parse_segment  # late: Telegram and the store

    segment = parse_segment(args.segment)
    if segment is None:
        print("error: --segment should be all, recent:N (N days) or due", file=err)
        return 2
    text = args.text.strip()
    if not text or not fits_one_message(text):
        print("error: --text should be one Telegram message: 1 to 4,096 characters", file=err)
        return 2
    settings = _settings(environ, err, token=True)
    if settings is None:
        return 2
    if not settings.db_path.exists():
        print(f"error: no database at {settings.db_path} (set AFTERCARE_DB)", file=err)
        return 2
    try:  # the clinic's quiet hours and time zone, if this process sends
        clinic = load_knowledge(settings.knowledge_dir).clinic
    except KnowledgeError as error:
        print("The knowledge base has problems; fix them and try again:", file=err)
        for problem in error.problems:
            print(f"  {problem}", file=err)
        return 2
    from bot.cli.broadcast import broadcast

    os.environ.setdefault("PTB_TIMEDELTA", "1")  # RetryAfter as a timedelta, without warnings
    try:
        return asyncio.run(
            broadcast(
                settings, segment, text, clinic=clinic, yes=args.yes, answers=sys.stdin, out=out
            )
        )
    except KeyboardInterrupt:
        return 130


def cmd_run(args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO) -> int:
    settings = _settings(environ, err, token=True)
    if settings is None:
        return 2
    from bot.cli.run import run  # imported late: the offline commands need no Telegram

    return run(settings)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aftercare", description="Microneedling aftercare assistant for clinics."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ask = commands.add_parser("ask", help="answer one question as JSON (offline)")
    ask.add_argument("text", nargs="*", help="the client's message")
    ask.add_argument("--jsonl", action="store_true", help='read {"text": ...} lines from stdin')
    ask.add_argument("--days", type=float, help="days since the client's last session")
    ask.set_defaults(handler=cmd_ask)

    chat = commands.add_parser("chat", help="chat with the assistant in the terminal (offline)")
    chat.add_argument("--days", type=float, help="days since the client's last session")
    chat.set_defaults(handler=cmd_chat)

    kb = commands.add_parser("kb", help="check or export the knowledge base")
    kb_commands = kb.add_subparsers(dest="kb_command", required=True, metavar="ACTION")
    kb_commands.add_parser("check", help="validate knowledge/ and name every problem").set_defaults(
        handler=cmd_kb_check
    )
    kb_commands.add_parser("export", help="print the knowledge base as JSON").set_defaults(
        handler=cmd_kb_export
    )

    report = commands.add_parser("report", help="stats, unanswered questions, escalations")
    report.add_argument("--csv", action="store_true", help="the unanswered questions as CSV")
    report.add_argument("--days", type=int, default=7, help="escalations of the last N days")
    report.add_argument("--audit", action="store_true", help="the log of staff actions")
    report.set_defaults(handler=cmd_report)

    invite = commands.add_parser("invite", help="a start link and QR code for a client")
    invite.add_argument("--name", required=True, help="the client's first name")
    invite.add_argument(
        "--session", default="", help='treatment date and time, e.g. "2026-11-20 14:30" (now)'
    )
    invite.add_argument("--qr", type=Path, help="where to write the QR code PNG")
    invite.add_argument("--days", type=int, default=7, help="how long the link works")
    invite.set_defaults(handler=cmd_invite)

    broadcast = commands.add_parser("broadcast", help="send a message to a segment of clients")
    broadcast.add_argument(
        "--segment", required=True, help="all, recent:N (last session within N days) or due"
    )
    broadcast.add_argument("--text", required=True, help="the message, as clients will get it")
    broadcast.add_argument("--yes", action="store_true", help="send without asking first")
    broadcast.set_defaults(handler=cmd_broadcast)

    commands.add_parser("run", help="run the Telegram bot (long polling)").set_defaults(
        handler=cmd_run
    )
    commands.add_parser("config", help="print the effective settings").set_defaults(
        handler=cmd_config
    )
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
