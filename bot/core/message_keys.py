"""Every message the bot says in its own words: its key, when it is sent, the placeholders it takes.

Declared once here: `kb check` holds `knowledge/messages.yaml` to it, `Messages.render`
refuses values it does not declare, and the staff guide's list of messages comes from it.
The clinic's details (`COMMON`) may be used in every message.
"""

from __future__ import annotations

from dataclasses import dataclass

CONTACT = "contact"
# Filled in from clinic.yaml; `{contact}` is the `contact` message itself.
COMMON = (
    "clinic_name",
    "phone",
    "hours",
    "emergency_number",
    "address",
    "website",
    "booking",
    CONTACT,
)


@dataclass(frozen=True)
class MessageKey:
    """When a message is sent, and the placeholders it takes besides the clinic's details."""

    when: str
    placeholders: tuple[str, ...] = ()


def _k(when: str, *placeholders: str) -> MessageKey:
    return MessageKey(when, placeholders)


MESSAGE_KEYS: dict[str, MessageKey] = {
    # Answers, escalations and the honest "not sure"
    CONTACT: _k("the clinic's contact line, used as {contact} in other messages"),
    "source_line": _k("under an answer citing one document", "titles"),
    "sources_line": _k("under an answer citing several documents", "titles"),
    "escalation_emergency": _k("a warning sign of level emergency", "sign", "advice"),
    "escalation_same_day": _k("a warning sign of level same-day", "sign", "advice"),
    "escalation_contact": _k("a warning sign of level contact", "sign", "advice"),
    "fallback": _k("a question the bot is not sure about", "suggestions"),
    "fallback_suggestions": _k("heads the closest topics in {suggestions}"),
    "no_words": _k("a message with no words in it (only emoji or symbols)"),
    "concern": _k(
        "a concern: the client describes something not in the usual course", "noticed", "question"
    ),
    "concern_question": _k("a concern's question, above Yes / No / Not sure ({question})"),
    "concern_cleared": _k("No was tapped under a concern", "topic_answer"),
    "concern_escalation": _k("Yes or Not sure under a concern no warning sign names"),
    "caption_note": _k("a photo whose caption asks nothing: never a judgement of the photo"),
    "caption_lead_answer": _k("heads the answer to a question sent with a photo"),
    "caption_lead_unsure": _k("heads the 'not sure' reply to a question sent with a photo"),
    # Getting started
    "greeting": _k("{greeting} in the welcome, when the client's name is unknown"),
    "greeting_named": _k("{greeting} in the welcome, with the client's name", "first_name"),
    "welcome": _k("/start: who the bot is and the treatment-date question", "greeting"),
    "ask_for_day": _k("after 'Pick another day' was tapped"),
    "session_recorded": _k("a treatment date was noted", "day"),
    "session_in_future": _k("a treatment date typed that is still ahead", "day"),
    "session_shown": _k("/session: the last treatment", "day"),
    "no_session": _k("/session before any treatment date is known"),
    "session_unreadable": _k("/session with something that is not a date", "text"),
    "session_change_question": _k(
        "a date typed after onboarding: note it as the treatment?", "day"
    ),
    "button_change_session": _k("button: yes, note the typed date as the treatment"),
    "button_keep_session": _k("button: no, keep the treatment date"),
    "session_kept": _k("the typed date was not noted"),
    "invite_greeting": _k("a client opened a start link", "first_name", "noted"),
    "invite_session_noted": _k("{noted} in invite_greeting, with a session", "day"),
    "invite_used": _k("a start link that was already used"),
    "invite_expired": _k("a start link that expired"),
    "invite_unknown": _k("a start link the bot does not know"),
    # Commands
    "help": _k("/help, above the topic buttons"),
    "clinic_details": _k("/clinic (a line with an empty detail is left out)"),
    "unknown_command": _k("a command the bot does not have"),
    "private_only": _k("a command in a group chat, bot without a username"),
    "private_only_link": _k("a command in a group chat", "link"),
    "stale_button": _k("a tapped button that is out of date"),
    "already_answered": _k("a second tap on buttons already answered: a short note"),
    "button_chosen": _k("what a tapped button becomes, so the choice shows", "label"),
    "forget_question": _k("/forget: the question"),
    "forgotten": _k("/forget: everything was deleted"),
    "nothing_to_forget": _k("/forget: there was nothing stored"),
    "forget_cancelled": _k("/forget: 'No' was tapped"),
    # Photos and other messages that are not text
    "photo_received": _k("a photo the bot does not pass on"),
    "photo_consent_question": _k("the first photo, when the clinic takes photos"),
    "photo_forwarded": _k("a photo passed to the clinic team"),
    "not_text": _k("a voice message, sticker, file, ...", "what"),
    "not_text_voice": _k("{what} for a voice message"),
    "not_text_audio": _k("{what} for an audio file"),
    "not_text_video_note": _k("{what} for a video message"),
    "not_text_video": _k("{what} for a video"),
    "not_text_animation": _k("{what} for a GIF"),
    "not_text_sticker": _k("{what} for a sticker"),
    "not_text_document": _k("{what} for a file"),
    "not_text_location": _k("{what} for a location"),
    "not_text_contact": _k("{what} for a contact"),
    "not_text_poll": _k("{what} for a poll"),
    "not_text_dice": _k("{what} for a dice"),
    "not_text_other": _k("{what} for anything else"),
    # Check-ins and clinic news
    "checkins_question": _k("after the first treatment date: may the bot check in?"),
    "news_question": _k("after the check-in answer: clinic news?"),
    "checkins_on": _k("check-ins were agreed", "count"),
    "checkins_on_none": _k("check-ins were agreed, none left to send"),
    "checkins_declined": _k("check-ins were declined"),
    "news_yes": _k("clinic news were agreed"),
    "news_no": _k("clinic news were declined"),
    "checkins_paused": _k("/stop"),
    "checkins_resumed": _k("/resume", "count"),
    "checkins_resumed_none": _k("/resume, nothing left to send"),
    "checkin_done": _k("a check-in button was tapped: a short note on the button"),
    "greeting_morning": _k("{greeting} in a check-in read in the morning (05:00 to 12:00)"),
    "greeting_afternoon": _k("{greeting} in a check-in read in the afternoon (12:00 to 17:00)"),
    "greeting_evening": _k("{greeting} in a check-in read in the evening (17:00 to 22:00)"),
    "greeting_night": _k("{greeting} in a check-in read at night (22:00 to 05:00)"),
    "part_of_day_morning": _k("{this_part_of_day} in a check-in read in the morning"),
    "part_of_day_afternoon": _k("{this_part_of_day} in a check-in read in the afternoon"),
    "part_of_day_evening": _k("{this_part_of_day} in a check-in read in the evening"),
    "part_of_day_night": _k("{this_part_of_day} in a check-in read at night"),
    "timezone_own": _k("/timezone, the client chose a zone", "zone"),
    "timezone_clinic": _k("/timezone, the clinic's zone is used", "zone"),
    "timezone_set": _k("/timezone with a zone", "zone"),
    "timezone_unknown": _k("/timezone with a zone the bot does not know", "text"),
    # Warning signs and the clinic team
    "team_alerted": _k("after an escalation, when the staff chat was told"),
    "passed_to_team": _k("a client's message went to the team (a conversation is open)"),
    "from_clinic_team": _k("a staff member's reply, as the client gets it", "text"),
    "conversation_done": _k("/done: the team ended the conversation; the bot answers again"),
    "conversation_ended": _k("the client writes after a conversation ended by itself"),
    # Buttons
    "button_today": _k("button: the treatment was today"),
    "button_yesterday": _k("button: the treatment was yesterday"),
    "button_other_day": _k("button: the treatment was another day"),
    "button_yes_please": _k("button: yes to check-ins or clinic news"),
    "button_no_thanks": _k("button: no to check-ins, clinic news or passing on a photo"),
    "button_send_photo": _k("button: pass the photo to the team"),
    "button_forget_yes": _k("button: delete everything"),
    "button_forget_no": _k("button: keep it"),
    "button_concern_yes": _k("button: yes to a concern's question"),
    "button_concern_no": _k("button: no to a concern's question"),
    "button_concern_not_sure": _k("button: not sure, under a concern's question"),
    "button_send": _k("button under a broadcast preview (staff)", "count"),
    "button_send_one": _k("button under a broadcast preview for one client (staff)"),
    "button_cancel": _k("button under a broadcast preview (staff)"),
    # The command menu (read when the bot starts)
    "menu_start": _k("the command menu: /start"),
    "menu_help": _k("the command menu: /help"),
    "menu_session": _k("the command menu: /session"),
    "menu_clinic": _k("the command menu: /clinic"),
    "menu_stop": _k("the command menu: /stop"),
    "menu_resume": _k("the command menu: /resume"),
    "menu_timezone": _k("the command menu: /timezone"),
    "menu_forget": _k("the command menu: /forget"),
    "menu_stats": _k("the staff command menu: /stats"),
    "menu_gaps": _k("the staff command menu: /gaps"),
    "menu_escalations": _k("the staff command menu: /escalations"),
    "menu_history": _k("the staff command menu: /history"),
    "menu_done": _k("the staff command menu: /done"),
    "menu_kb": _k("the staff command menu: /kb"),
    "menu_undo": _k("the staff command menu: /undo"),
    "menu_invite": _k("the staff command menu: /invite"),
    "menu_broadcast": _k("the staff command menu: /broadcast"),
    "menu_reload": _k("the staff command menu: /reload"),
    "menu_health": _k("the staff command menu: /health"),
    # Staff
    "staff_only": _k("a staff command from someone else"),
    "staff_alert": _k(
        "the staff chat: a warning sign",
        "first_name",
        "chat_id",
        "sign",
        "level",
        "text",
        "session",
    ),
    "inbox_message": _k(
        "the staff chat: a photo, a question or a message",
        "title",
        "first_name",
        "chat_id",
        "session",
        "text",
    ),
    "inbox_title_photo": _k("{title} of inbox_message for a photo"),
    "inbox_title_unanswered": _k("{title} of inbox_message for an unanswered question"),
    "inbox_title_concern": _k("{title} of inbox_message for a concern the bot asked about"),
    "inbox_title_message": _k("{title} of inbox_message for a message"),
    "no_name": _k("{first_name} for staff when the client gave no name"),
    "no_session_recorded": _k("{session} for staff when no session is recorded"),
    "the_client": _k("{first_name} in reply_delivered when the client gave no name"),
    "reply_delivered": _k("the staff chat: a reply reached the client", "first_name"),
    "reply_not_delivered": _k("the staff chat: a reply could not be delivered", "first_name"),
    "reply_unknown_client": _k("the staff chat: a reply to a message about no client"),
    "conversation_closed": _k("/done (staff): the conversation ended", "first_name"),
    "conversation_not_open": _k("/done (staff): there was no open conversation", "first_name"),
    "done_usage": _k("/done not in reply to a message about a client"),
    "digest": _k("the staff chat: unanswered questions, gathered", "count", "questions"),
    "digest_one": _k("the staff chat: one unanswered question, in the digest", "questions"),
    "digest_line": _k("one question in a digest", "number", "first_name", "when", "text"),
    "teach_hint": _k("under an unanswered question in the staff chat: how to teach the bot"),
    "button_topic_is": _k("button under an unanswered question: it is this topic", "topic"),
    "button_teach": _k("button under a reply to a question: keep it as the bot's answer"),
    "gaps_hint": _k("/gaps (staff): under the list, how to answer a question"),
    "question_posted": _k("a question was picked from a digest or /gaps: a short note"),
    "question_gone": _k("a picked question was deleted (/forget) or already taught"),
    "no_staff_chat": _k("something that needs the staff chat, when there is none"),
    "taught_phrasing": _k("the staff chat: a question added to a topic", "text", "topic"),
    "taught_topic": _k("the staff chat: a new topic from a staff reply", "topic", "file", "text"),
    "teach_refused": _k("the staff chat: a lesson that would break kb check", "problems"),
    "kb_files": _k("/kb (staff): above the knowledge files"),
    "kb_unknown_file": _k("a file sent back that is not a knowledge file", "text", "files"),
    "kb_file_too_big": _k("a file sent back that is too big"),
    "kb_not_text": _k("a file sent back that is not plain text", "text"),
    "kb_applied": _k("a knowledge file sent back is in use", "file", "topics", "signs", "checkins"),
    "kb_refused": _k("a knowledge file sent back that fails kb check", "file", "problems"),
    "kb_unchanged": _k("a knowledge file sent back unchanged", "file"),
    "undo_done": _k("/undo (staff): the last change was taken back", "change"),
    "undo_nothing": _k("/undo (staff) with nothing to take back"),
    "undo_refused": _k("/undo (staff) that would break kb check", "change", "problems"),
    "change_phrasing": _k("{change}: a question added to a topic", "text", "topic"),
    "change_topic": _k("{change}: a new topic", "topic"),
    "change_file": _k("{change}: a knowledge file sent in the chat", "file"),
    "history": _k(
        "/history (staff)", "first_name", "chat_id", "sessions", "answers", "escalations"
    ),
    "history_answer": _k("one check-in answer in /history", "checkin", "answer"),
    "history_escalation": _k("one escalation in /history", "day", "sign", "text"),
    "history_none_recorded": _k("/history: no sessions"),
    "history_none": _k("/history: no check-in answers or escalations"),
    "knowledge_reloaded": _k(
        "the staff chat: a knowledge edit loaded", "topics", "signs", "checkins"
    ),
    "knowledge_unchanged": _k("/reload when nothing had changed"),
    "knowledge_problems": _k("the staff chat: a knowledge edit refused", "problems"),
    "knowledge_problems_more": _k("ends {problems} when there are too many", "count"),
    "invite_made": _k("/invite (staff): the link", "first_name", "link", "expires"),
    "invite_qr_caption": _k("/invite (staff): under the QR code", "first_name", "link"),
    "invite_usage": _k("/invite without a name or with a wrong date"),
    "broadcast_usage": _k("/broadcast without a segment or text"),
    "broadcast_too_long": _k("/broadcast with a text over one message"),
    "broadcast_nobody": _k("/broadcast to a segment with nobody in it", "segment"),
    "broadcast_question": _k("under a broadcast preview", "number", "segment", "count"),
    "broadcast_question_one": _k("under a broadcast preview for one client", "number", "segment"),
    "broadcast_progress": _k(
        "a broadcast under way", "number", "sent", "total", "blocked_note", "failed_note"
    ),
    "broadcast_progress_blocked": _k("{blocked_note} in broadcast_progress", "count"),
    "broadcast_progress_failed": _k("{failed_note} in broadcast_progress", "count"),
    "broadcast_resuming": _k("a broadcast a restart interrupted goes on", "number"),
    "broadcast_waiting": _k(
        "a broadcast with recipients in their quiet hours", "number", "sent", "total", "waiting"
    ),
    "broadcast_summary": _k(
        "a broadcast finished", "number", "sent", "blocked", "failed", "skipped_note"
    ),
    "broadcast_summary_skipped": _k("{skipped_note} in broadcast_summary", "count"),
    "broadcast_cancelled": _k("Cancel was tapped under a preview", "number"),
    "broadcast_expired": _k("Send was tapped on a preview over an hour old", "number"),
    "broadcast_already_handled": _k("a second tap under a preview"),
    "segment_all": _k("{segment}: everyone who wants clinic news"),
    "segment_recent": _k("{segment}: last session within some days", "days"),
    "segment_due": _k("{segment}: clients due to book"),
    # Health and alerts (staff)
    "health": _k(
        "/health (staff)",
        "uptime",
        "started",
        "last_poll",
        "due",
        "waiting",
        "broadcasts",
        "last_backup",
        "knowledge",
    ),
    "health_ago": _k("{last_poll} and {last_backup} in /health", "duration"),
    "health_never": _k("{last_poll} in /health before the first poll"),
    "health_no_backup": _k("{last_backup} in /health before the first backup"),
    "health_knowledge": _k("{knowledge} in /health", "version", "topics"),
    "health_knowledge_saved_copy": _k(
        "{knowledge} in /health while the folder has problems", "version", "topics", "count"
    ),
    "alert_telegram_failing": _k(
        "the staff chat: Telegram has not answered the bot's polls for a while", "since", "error"
    ),
    "alert_telegram_recovered": _k(
        "the staff chat: Telegram answers the bot again", "since", "lasted"
    ),
    "alert_sends_failing": _k("the staff chat: sending has failed for a while", "since", "error"),
    "alert_sends_recovered": _k("the staff chat: sending works again", "since", "lasted"),
    "alert_backup_failing": _k("the staff chat: a database backup failed", "error"),
    "alert_backup_recovered": _k("the staff chat: a backup worked again after failing"),
    "alert_knowledge_saved_copy": _k(
        "the staff chat: the bot started while the knowledge folder has problems", "problems"
    ),
}


# What each placeholder holds, for the staff guide.
PLACEHOLDERS = {
    "clinic_name": "the clinic's name (clinic.yaml)",
    "phone": "the clinic's phone (clinic.yaml)",
    "hours": "the clinic's opening hours (clinic.yaml)",
    "emergency_number": "the emergency number (clinic.yaml)",
    "address": "the clinic's address, if given (clinic.yaml)",
    "website": "the clinic's website, if given (clinic.yaml)",
    "booking": "where to book, if given (clinic.yaml)",
    CONTACT: "the `contact` message: name, phone and hours",
    "titles": "the cited documents' short names",
    "sign": "the warning sign's title (its id in /history)",
    "advice": "the warning sign's advice (warning-signs.yaml)",
    "suggestions": "the closest topics under `fallback_suggestions`; empty when none",
    "noticed": "what the concern tier noticed (concerns.yaml title, or a warning sign's)",
    "question": "the `concern_question` message",
    "topic_answer": "a topic's answer with its source line",
    "first_name": "the client's first name",
    "greeting": "`greeting` or `greeting_named`",
    "day": "a day, like Friday 20 November 2026 (today)",
    "text": "what the client (or, in from_clinic_team, the staff member) wrote",
    "noted": "`invite_session_noted` when the link has a session; else empty",
    "link": "a link to the bot, or a client's start link",
    "what": "the kind of message, from the `not_text_...` messages",
    "count": "a number",
    "zone": "a time-zone name, like Europe/Berlin",
    "chat_id": "the client's chat number",
    "level": "the warning sign's level",
    "session": "the client's last session, or `no_session_recorded`",
    "title": "one of the `inbox_title_...` messages",
    "sessions": "the client's sessions, one per line",
    "answers": "the client's check-in answers, one per line",
    "escalations": "the client's warning signs, one per line",
    "checkin": "a check-in's id",
    "answer": "the response the client tapped",
    "topics": "how many topics",
    "signs": "how many warning signs",
    "checkins": "how many check-ins",
    "problems": "what kb check found, one per line",
    "expires": "the day a start link stops working",
    "segment": "who a broadcast goes to, from the `segment_...` messages",
    "number": "the broadcast's number, or a question's in a digest",
    "sent": "how many were sent",
    "total": "how many there are in all",
    "blocked": "how many clients had blocked the bot",
    "failed": "how many could not be sent",
    "blocked_note": "`broadcast_progress_blocked` when any blocked the bot; else empty",
    "failed_note": "`broadcast_progress_failed` when any failed; else empty",
    "skipped_note": "`broadcast_summary_skipped` when any were skipped; else empty",
    "days": "a number of days",
    "uptime": "how long the bot has been running, like 3 h 5 min",
    "started": "when the bot started, like 20 Nov 10:00",
    "last_poll": "`health_ago` since Telegram last answered a poll, or `health_never`",
    "due": "how many check-ins are due and not sent yet",
    "waiting": "how many check-ins wait for a later time",
    "broadcasts": "how many broadcasts are being sent",
    "last_backup": "`health_ago` since the last backup, or `health_no_backup`",
    "knowledge": "`health_knowledge` or `health_knowledge_saved_copy`",
    "duration": "a length of time, like 12 min",
    "version": "a short code that changes with every edit of the knowledge folder",
    "since": "when a failure began, like 20 Nov 10:00",
    "lasted": "how long a failure lasted, like 1 h 5 min",
    "error": "what went wrong, as the system said it",
    "label": "the text of the button that was tapped",
    "questions": "the questions, one `digest_line` each",
    "when": "the day and time a question was asked",
    "topic": "a topic's title",
    "file": "a knowledge file, like topics/aftercare.yaml",
    "files": "the knowledge files /kb sends",
    "change": "a change made from Telegram, from the `change_...` messages",
}


def available(key: str) -> tuple[str, ...]:
    """The placeholders message `key` may use: its own and the clinic's details."""
    common = tuple(name for name in COMMON if name != key)
    return (*MESSAGE_KEYS[key].placeholders, *common)
