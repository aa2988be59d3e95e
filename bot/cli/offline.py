"""`ask` and `chat`: the answering core on the command line, offline (no token, no database)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, TextIO

from bot.cli.chat import chat
from bot.cli.environment import knowledge_or_none
from bot.cli.ranker import load_semantic_ranker
from bot.core.assistant import Assistant
from bot.settings import ConfigError, db_path, knowledge_dir, ranker_enabled

if TYPE_CHECKING:
    from bot.cli.environment import Commands


def register(commands: Commands) -> None:
    """Adds `ask` and `chat` to the command parser."""
    ask = commands.add_parser("ask", help="answer one question as JSON (offline)")
    ask.add_argument("text", nargs="*", help="the client's message")
    ask.add_argument("--jsonl", action="store_true", help='read {"text": ...} lines from stdin')
    ask.add_argument("--days", type=float, help="days since the client's last session")
    ask.set_defaults(handler=cmd_ask)

    chat = commands.add_parser("chat", help="chat with the assistant in the terminal (offline)")
    chat.add_argument("--days", type=float, help="days since the client's last session")
    chat.set_defaults(handler=cmd_chat)


def _assistant(environ: Mapping[str, str], err: TextIO) -> Assistant | None:
    kb = knowledge_or_none(knowledge_dir(environ), err)
    if kb is None:
        return None
    try:
        ranker = load_semantic_ranker(db_path(environ).parent) if ranker_enabled(environ) else None
    except ConfigError as error:
        print(f"error: {error}", file=err)
        return None
    return Assistant(kb, ranker=ranker)


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
    return chat(assistant, args.days, out)
