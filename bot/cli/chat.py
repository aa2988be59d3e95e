"""`chat`: the offline terminal chat, an edge over the same core as Telegram.

Buttons become numbered choices (as a console channel shows them): under a concern,
"1. Yes  2. No  3. Not sure"; under an honest "not sure", the closest topics. Typing a
number (or the choice's words) is the tap; anything else is a new message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from bot.core.assistant import Assistant
from bot.core.reply import Reply

Prompt = Callable[[str], str]


@dataclass(frozen=True)
class Option:
    """One numbered choice under a reply, and what choosing it does."""

    label: str
    pick: Callable[[], Reply]


def options(assistant: Assistant, reply: Reply) -> list[Option]:
    """The reply's buttons as numbered choices: a concern's answers, or suggested topics."""
    if reply.choices:
        topic, sign = reply.topic, reply.sign.id if reply.sign else None
        return [
            Option(c.label, lambda c=c: assistant.concern_response(c.id, topic, sign))
            for c in reply.choices
        ]
    return [
        Option(t.title, lambda t=t: assistant.answer(t.id, score=100.0)) for t in reply.suggestions
    ]


def chosen(text: str, offered: list[Option]) -> Option | None:
    """The choice a typed line picks: its number, or its label as written."""
    typed = text.strip().rstrip(".").casefold()
    for number, option in enumerate(offered, start=1):
        if typed in (str(number), option.label.casefold()):
            return option
    return None


def show(reply: Reply, offered: list[Option], out: TextIO) -> None:
    tag = f"{reply.kind}{' ' + reply.topic if reply.topic else ''}"
    print(f"bot [{tag}]> {reply.text}", file=out)
    if offered:
        print("  " + "   ".join(f"{n}. {o.label}" for n, o in enumerate(offered, 1)), file=out)
    print(file=out)


QUIT = frozenset({"/quit", "/exit"})


def chat(assistant: Assistant, days: float | None, out: TextIO, prompt: Prompt = input) -> int:
    """Talk until /quit or the end of input; 0."""
    clinic = assistant.kb.clinic
    print(
        f"{clinic.name} aftercare assistant (offline chat). Type a question; /quit or Ctrl-D"
        " quits.",
        file=out,
    )
    offered: list[Option] = []
    while True:
        try:
            text = prompt("you> ")
        except (EOFError, KeyboardInterrupt):
            print(file=out)
            return 0
        if not text.strip():
            continue
        if text.strip().lower() in QUIT:
            return 0
        option = chosen(text, offered)
        reply = option.pick() if option else assistant.respond(text, days_since_session=days)
        offered = options(assistant, reply)
        show(reply, offered, out)
