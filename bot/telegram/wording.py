"""Choosing and filling in the Telegram layer's own messages (the words: knowledge/messages.yaml).

Most handlers render a message by its key; what needs a choice (a name or none, one client
or many, a list) is decided here. Plain text, escaped when sent.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.messages import Messages

# Kinds of message that are not text (see handlers/media.py) with a word of their own.
NOT_TEXT_KINDS = frozenset(
    "voice audio video_note video animation sticker document location contact poll dice".split()
)
MAX_PROBLEMS_SHOWN = 20
INVITE_PROBLEMS = {"used": "invite_used", "expired": "invite_expired"}
INBOX_TITLES = {
    "photo": "inbox_title_photo",
    "unanswered": "inbox_title_unanswered",
    "concern": "inbox_title_concern",
}


def number(value: int) -> str:
    """A count as staff and clients read it: 1,200."""
    return f"{value:,}"


def bullets(items: Sequence[str]) -> str:
    return "\n".join(f"• {item}" for item in items)


def welcome(messages: Messages, first_name: str | None) -> str:
    greeting = (
        messages.render("greeting_named", first_name=first_name)
        if first_name
        else messages.render("greeting")
    )
    return messages.render("welcome", greeting=greeting)


def not_text_received(messages: Messages, kind: str) -> str:
    what = messages.render(f"not_text_{kind}" if kind in NOT_TEXT_KINDS else "not_text_other")
    return messages.render("not_text", what=what)


def private_only(messages: Messages, bot_username: str | None) -> str:
    if bot_username:
        return messages.render("private_only_link", link=f"https://t.me/{bot_username}")
    return messages.render("private_only")


def staff_alert(
    messages: Messages,
    *,
    first_name: str | None,
    chat_id: int,
    sign: str,
    level: str,
    text: str,
    session: str | None,
) -> str:
    """What the staff chat is told when a client reports a warning sign."""
    return messages.render(
        "staff_alert",
        first_name=first_name or messages.render("no_name"),
        chat_id=chat_id,
        sign=sign,
        level=level,
        text=text,
        session=session or messages.render("no_session_recorded"),
    )


def inbox_message(
    messages: Messages,
    kind: str,
    first_name: str | None,
    chat_id: int,
    session: str | None,
    text: str,
) -> str:
    """A client's photo, question or message in the staff chat, ready to be replied to."""
    return messages.render(
        "inbox_message",
        title=messages.render(INBOX_TITLES.get(kind, "inbox_title_message")),
        first_name=first_name or messages.render("no_name"),
        chat_id=chat_id,
        session=session or messages.render("no_session_recorded"),
        text=text,
    )


def checkins_on(messages: Messages, count: int) -> str:
    if count == 0:
        return messages.render("checkins_on_none")
    return messages.render("checkins_on", count=count)


def checkins_resumed(messages: Messages, count: int) -> str:
    if count:
        return messages.render("checkins_resumed", count=count)
    return messages.render("checkins_resumed_none")


def news_answered(messages: Messages, given: bool) -> str:
    return messages.render("news_yes" if given else "news_no")


def timezone_shown(messages: Messages, zone: str, own: bool) -> str:
    return messages.render("timezone_own" if own else "timezone_clinic", zone=zone)


def problem_list(messages: Messages, problems: Sequence[str]) -> str:
    """What kb check found, one bullet each, the first MAX_PROBLEMS_SHOWN of them."""
    shown = problems[:MAX_PROBLEMS_SHOWN]
    listed = bullets(shown)
    if len(problems) > len(shown):
        more = messages.render("knowledge_problems_more", count=len(problems) - len(shown))
        listed += f"\n{more}"
    return listed


def knowledge_problems(
    messages: Messages, problems: list[str], key: str = "knowledge_problems"
) -> str:
    """The message `key` with the problems as a list, cut short when there are many."""
    return messages.render(key, problems=problem_list(messages, problems))


def question_card(
    messages: Messages, first_name: str | None, chat_id: int, session: str | None, text: str
) -> str:
    """An unanswered question in the staff chat: reply to answer the client, or teach the bot."""
    card = inbox_message(messages, "unanswered", first_name, chat_id, session, text)
    return f"{card}\n\n{messages.render('teach_hint')}"


def digest(messages: Messages, lines: Sequence[str]) -> str:
    """Unanswered questions gathered for the staff chat, numbered like their buttons."""
    questions = "\n".join(lines)
    if len(lines) == 1:
        return messages.render("digest_one", questions=questions)
    return messages.render("digest", count=len(lines), questions=questions)


def digest_line(
    messages: Messages, number: int, first_name: str | None, when: str, text: str
) -> str:
    return messages.render(
        "digest_line",
        number=number,
        first_name=first_name or messages.render("no_name"),
        when=when,
        text=text,
    )


def invite_greeting(messages: Messages, first_name: str, day: str | None) -> str:
    noted = " " + messages.render("invite_session_noted", day=day) if day else ""
    return messages.render("invite_greeting", first_name=first_name, noted=noted)


def invite_problem(messages: Messages, status: str) -> str:
    return messages.render(INVITE_PROBLEMS.get(status, "invite_unknown"))


def reply_delivered(messages: Messages, first_name: str | None, delivered: bool) -> str:
    name = first_name or messages.render("the_client")
    return messages.render(
        "reply_delivered" if delivered else "reply_not_delivered", first_name=name
    )


def history_of(
    messages: Messages,
    first_name: str | None,
    chat_id: int,
    sessions: list[str],
    answers: list[str],
    escalations: list[str],
) -> str:
    none = messages.render("history_none")
    return messages.render(
        "history",
        first_name=first_name or messages.render("no_name"),
        chat_id=chat_id,
        sessions=bullets(sessions or [messages.render("history_none_recorded")]),
        answers=bullets(answers or [none]),
        escalations=bullets(escalations or [none]),
    )


def broadcast_question(messages: Messages, broadcast_id: int, segment: str, recipients: int) -> str:
    if recipients == 1:
        return messages.render("broadcast_question_one", number=broadcast_id, segment=segment)
    return messages.render(
        "broadcast_question", number=broadcast_id, segment=segment, count=number(recipients)
    )


def broadcast_progress(
    messages: Messages, broadcast_id: int, total: int, sent: int, blocked: int, failed: int
) -> str:
    return messages.render(
        "broadcast_progress",
        number=broadcast_id,
        sent=number(sent),
        total=number(total),
        blocked_note=_part(messages, "broadcast_progress_blocked", blocked),
        failed_note=_part(messages, "broadcast_progress_failed", failed),
    )


def broadcast_waiting(
    messages: Messages, broadcast_id: int, total: int, sent: int, waiting: int
) -> str:
    return messages.render(
        "broadcast_waiting",
        number=broadcast_id,
        sent=number(sent),
        total=number(total),
        waiting=number(waiting),
    )


def broadcast_summary(
    messages: Messages, broadcast_id: int, sent: int, blocked: int, failed: int, skipped: int
) -> str:
    return messages.render(
        "broadcast_summary",
        number=broadcast_id,
        sent=number(sent),
        blocked=number(blocked),
        failed=number(failed),
        skipped_note=_part(messages, "broadcast_summary_skipped", skipped),
    )


def _part(messages: Messages, key: str, count: int) -> str:
    """An optional piece of a message, only when its count is not zero."""
    return messages.render(key, count=number(count)) if count else ""
