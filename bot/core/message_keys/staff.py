"""The messages staff read: alerts, the inbox, teaching, broadcasts, health."""

from __future__ import annotations

from bot.core.message_keys.key import MessageKey
from bot.core.message_keys.key import key as _k

STAFF_KEYS: dict[str, MessageKey] = {
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
        "a broadcast with recipients waiting: their quiet hours, or Telegram not answering",
        "number",
        "sent",
        "total",
        "waiting",
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
    "edit_changes_nothing": _k("a staff command, reply or knowledge file was edited after sending"),
    "reply_failed": _k(
        "the staff chat: Telegram refused a reply to a client, or did not answer",
        "first_name",
        "error",
    ),
    "staff_unexpected_error": _k("the staff chat: something went wrong handling a staff message"),
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
