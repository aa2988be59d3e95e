"""The wording of the Telegram layer's own messages: plain text, escaped when sent.

The answers themselves come from the core (`bot.replies`); these are the welcome,
commands, prompts and notices around them.
"""

from __future__ import annotations

from bot.core.knowledge import Clinic
from bot.core.replies import clinic_contact

DATE_EXAMPLES = "for example “20 Nov”, “20/11” or “3 days ago”"
NOT_TEXT_NAMES = {
    "voice": "voice message",
    "audio": "audio file",
    "video_note": "video message",
    "video": "video",
    "animation": "GIF",
    "sticker": "sticker",
    "document": "file",
    "location": "location",
    "contact": "contact",
    "poll": "poll",
    "dice": "dice",
}


def welcome(clinic: Clinic, first_name: str | None) -> str:
    greeting = f"Hello, {first_name}!" if first_name else "Hello!"
    return (
        f"{greeting} I'm the aftercare assistant of {clinic.name}. I answer questions about "
        "your microneedling aftercare from the clinic's own information: what is normal, "
        "what to avoid, and when to expect results.\n\n"
        "I'm not a doctor and I can't examine you. If something worries you, contact the "
        f"clinic: {clinic_contact(clinic)}. In an emergency, such as trouble breathing or "
        f"fast swelling of the face or throat, call {clinic.emergency_number} now.\n\n"
        f"When was your last treatment? Tap a button or type the date, {DATE_EXAMPLES}."
    )


def ask_for_day() -> str:
    return f"Please type the date of your last treatment, {DATE_EXAMPLES}."


def session_recorded(day: str) -> str:
    return (
        f"Thanks, noted: your last treatment was on {day}. Ask me anything about your "
        "aftercare, or send /help to see the topics."
    )


def session_in_future(day: str) -> str:
    return (
        f"{day} hasn't happened yet, so I can't record it as your last treatment. "
        f"When was your most recent treatment? Type the date, {DATE_EXAMPLES}."
    )


def session_shown(day: str) -> str:
    return (
        f"Your last treatment: {day}.\n"
        "To record a newer one, send /session with the date, e.g. /session 20 Nov."
    )


def no_session() -> str:
    return "I don't have a treatment date for you yet. When was your last treatment?"


def session_unreadable(text: str) -> str:
    return (
        f"I couldn't read “{text}” as a date. Try /session 20 Nov, /session 20/11 "
        "or /session 3 days ago."
    )


def help_text() -> str:
    return (
        "Ask me about your aftercare in your own words, for example:\n"
        "• “Is it normal that my face is red?”\n"
        "• “When can I wear makeup again?”\n"
        "• “When will I see results?”\n\n"
        "/session: your treatment date\n"
        "/clinic: how to reach the clinic\n"
        "/stop and /resume: pause or restart my check-in messages\n"
        "/timezone: the time zone I send check-ins in\n"
        "/forget: delete everything I know about you\n\n"
        "Or tap a topic:"
    )


def clinic_details(clinic: Clinic) -> str:
    lines = [clinic.name, f"Phone: {clinic.phone}", f"Open: {clinic.hours}"]
    if clinic.address:
        lines.append(f"Address: {clinic.address}")
    if clinic.website:
        lines.append(f"Website: {clinic.website}")
    if clinic.booking:
        lines.append(f"Booking: {clinic.booking}")
    lines.append(f"In an emergency call {clinic.emergency_number}.")
    return "\n".join(lines)


def forget_question() -> str:
    return (
        "Delete everything I know about you: your name, your treatment dates and what you "
        "told me about symptoms? This cannot be undone."
    )


def forgotten() -> str:
    return "Done: everything I knew about you is deleted. If you write again, I'll start afresh."


def nothing_to_forget() -> str:
    return "There was nothing stored about you, so there is nothing to delete."


def forget_cancelled() -> str:
    return "OK, nothing was deleted."


def photo_received(clinic: Clinic) -> str:
    return (
        "I can't look at photos, so I can't tell whether what you see is normal. If you're "
        f"worried about your skin, please contact the clinic: {clinic_contact(clinic)}. "
        f"In an emergency call {clinic.emergency_number}."
    )


def not_text_received(kind: str) -> str:
    name = NOT_TEXT_NAMES.get(kind, "message")
    return (
        f"Thanks for the {name}, but I can only read text. "
        "Please type your question in words, and I'll do my best to help."
    )


def unknown_command() -> str:
    return "I don't know that command. Send /help to see what I can do, or just type your question."


def private_only(bot_username: str | None) -> str:
    where = f": https://t.me/{bot_username}" if bot_username else "."
    return (
        "I only talk in private chats, to keep health questions private. "
        f"Message me directly{where}"
    )


def stale_button() -> str:
    return "This button is out of date. Please type your question, or send /help."


def team_alerted(clinic: Clinic) -> str:
    return (
        "I've also alerted the clinic team. Don't wait for them to get in touch if it gets "
        f"worse: call the clinic, or {clinic.emergency_number} in an emergency."
    )


def staff_alert(
    *, first_name: str | None, chat_id: int, sign: str, level: str, text: str, session: str | None
) -> str:
    """What the staff chat is told when a client reports a warning sign."""
    return (
        f"⚠️ Warning sign reported ({level}): {sign}\n"
        f"Client: {first_name or 'no name'} (chat {chat_id})\n"
        f"Message: “{text}”\n"
        f"Last session: {session or 'no session recorded'}\n"
        "Reply to this message to answer the client."
    )


def ask_checkins_consent() -> str:
    return (
        "May I check in with you over the coming days and weeks? I'd send a few short "
        "messages: how your skin is doing, sun protection, when makeup is fine again, and when "
        "to book your next session. You can stop them any time with /stop."
    )


def ask_news_consent(clinic: Clinic) -> str:
    return (
        f"And would you like occasional reminders and news from {clinic.name}? "
        "This is separate from the check-ins."
    )


def checkins_on(count: int) -> str:
    if count == 0:
        return "Check-ins are on. There's nothing left to send for this treatment."
    return (
        f"Check-ins are on: I'll message you {count} times after this treatment. /stop pauses them."
    )


def checkins_declined() -> str:
    return "No problem, I won't send check-ins. You can still ask me anything, any time."


def news_answered(given: bool) -> str:
    if given:
        return "Thanks! I'll pass on the clinic's reminders and news now and then."
    return "Understood, no clinic news. You can still ask me anything."


def checkins_paused(cancelled: int) -> str:
    return (
        "Check-ins and clinic news are paused: I won't message you unless you write to me. "
        "Send /resume to start them again."
    )


def checkins_resumed(count: int) -> str:
    if count:
        return (
            f"Welcome back: check-ins are on again, {count} still to come for your last treatment."
        )
    return "Check-ins are on again. I'll follow up after your next recorded treatment."


def timezone_shown(zone: str, own: bool) -> str:
    whose = "your own" if own else "the clinic's"
    return (
        f"I send check-ins in {whose} time zone: {zone}. To change it, send /timezone with a "
        "zone name, e.g. /timezone Europe/Berlin or /timezone America/New_York."
    )


def timezone_set(zone: str) -> str:
    return f"Done: I'll use {zone} for your check-ins, and keep quiet at night there."


def timezone_unknown(text: str) -> str:
    return (
        f"I don't know the time zone “{text}”. Use a name like Europe/London, "
        "Europe/Berlin, America/New_York or Asia/Tokyo."
    )


def checkin_done() -> str:
    return "Thanks, noted."


def staff_only() -> str:
    return "This command is for clinic staff."


def knowledge_reloaded(topics: int, signs: int, checkins: int) -> str:
    return (
        f"✅ Knowledge updated: {topics} topics, {signs} warning signs, {checkins} check-ins. "
        "Clients get the new answers from now on."
    )


def knowledge_unchanged() -> str:
    return "The knowledge folder loads fine; nothing had changed."


MAX_PROBLEMS_SHOWN = 20


def knowledge_problems(problems: list[str]) -> str:
    shown = problems[:MAX_PROBLEMS_SHOWN]
    more = len(problems) - len(shown)
    lines = [
        "❌ The knowledge folder has problems, so the change was NOT loaded. "
        "Clients still get the previous answers. Fix these and save again:",
        *(f"• {line}" for line in shown),
    ]
    if more:
        lines.append(f"… and {more} more (run: python -m bot kb check)")
    return "\n".join(lines)


def invite_greeting(first_name: str, clinic: Clinic, day: str | None) -> str:
    noted = f" Your treatment on {day} is already noted." if day else ""
    return (
        f"Hello, {first_name}! {clinic.name} set me up for you: I'm their aftercare assistant. "
        f"I answer questions about your microneedling aftercare from the clinic's own "
        f"information.{noted}\n\n"
        "I'm not a doctor. If something worries you, contact the clinic: "
        f"{clinic_contact(clinic)}. In an emergency call {clinic.emergency_number}."
    )


def invite_problem(status: str) -> str:
    reason = {
        "used": "This start link has already been used",
        "expired": "This start link has expired",
    }.get(status, "I don't recognise this start link")
    return f"{reason}, but no problem: we can set things up here in a moment."


def invite_made(first_name: str, link: str, expires: str) -> str:
    return (
        f"Start link for {first_name} (single use, valid until {expires}):\n{link}\n"
        "Let the client scan the QR code with their phone camera before they leave."
    )


def invite_usage() -> str:
    return (
        "Usage: /invite NAME [DATE TIME], e.g. /invite Anna or /invite Anna 2026-11-20 14:30 "
        "(without a date, the session is now)."
    )


def inbox_header(kind: str, first_name: str | None, chat_id: int, session: str | None) -> str:
    title = {
        "photo": "📷 Photo from a client",
        "unanswered": "❓ A question the bot could not answer",
        "message": "💬 Message from a client",
    }.get(kind, "💬 Message from a client")
    return (
        f"{title}\nClient: {first_name or 'no name'} (chat {chat_id})\n"
        f"Last session: {session or 'no session recorded'}\n"
        "Reply to this message to answer the client."
    )


def from_clinic_team(text: str) -> str:
    return f"💬 From the clinic team:\n{text}"


def passed_to_team() -> str:
    return "✓ Passed on to the clinic team."


def reply_delivered(first_name: str | None) -> str:
    return f"✓ Sent to {first_name or 'the client'}."


def reply_not_delivered(first_name: str | None) -> str:
    return f"✗ Not delivered: {first_name or 'the client'} has blocked the bot or left the chat."


def reply_unknown_client() -> str:
    return (
        "I can't tell which client that message is about. Reply to a client's message "
        "(an alert, a photo or a question) to answer them."
    )


def ask_photo_consent() -> str:
    return (
        "I can't judge photos myself, but I can pass this photo to the clinic team so a "
        "person can look at it. May I send it to them? (I'll ask only once.)"
    )


def photo_forwarded() -> str:
    return (
        "Thanks: your photo is with the clinic team, and a person will look at it. "
        "This bot does not judge photos itself. If things get worse in the meantime, "
        "call the clinic."
    )


def history_of(
    first_name: str | None,
    chat_id: int,
    sessions: list[str],
    answers: list[str],
    escalations: list[str],
) -> str:
    lines = [f"History of {first_name or 'no name'} (chat {chat_id})", "Sessions:"]
    lines += [f"• {s}" for s in sessions] or ["• none recorded"]
    lines.append("Check-in answers:")
    lines += [f"• {a}" for a in answers] or ["• none"]
    lines.append("Recent escalations:")
    lines += [f"• {e}" for e in escalations] or ["• none"]
    return "\n".join(lines)


def broadcast_usage() -> str:
    return (
        "Send a message to clients who want clinic news:\n"
        "/broadcast all <text>: everyone who agreed to clinic news\n"
        "/broadcast recent 30 <text>: clients whose last session was within 30 days\n"
        "/broadcast due <text>: clients due to book their next session\n"
        "You'll see a preview and the number of recipients before anything is sent."
    )


def broadcast_too_long() -> str:
    return "That message is too long for one Telegram message (4,096 characters). Shorten it."


def broadcast_nobody(segment: str) -> str:
    return f"Nobody is in that group right now ({segment}), so there is nothing to send."


def broadcast_question(broadcast_id: int, segment: str, recipients: int) -> str:
    return (
        f"Broadcast #{broadcast_id}: the message above goes to {recipients:,} "
        f"client{'s' if recipients != 1 else ''} ({segment}). Send it?"
    )


def broadcast_progress(broadcast_id: int, total: int, sent: int, blocked: int, failed: int) -> str:
    text = f"Broadcast #{broadcast_id}: {sent:,} of {total:,} sent"
    if blocked:
        text += f", {blocked:,} blocked the bot"
    if failed:
        text += f", {failed:,} failed"
    return text + "."


def broadcast_waiting(broadcast_id: int, total: int, sent: int, waiting: int) -> str:
    return (
        f"Broadcast #{broadcast_id}: {sent:,} of {total:,} sent; {waiting:,} wait for their "
        "quiet hours to end and get it then."
    )


def broadcast_resuming(broadcast_id: int) -> str:
    return f"Broadcast #{broadcast_id} was interrupted by a restart; sending the rest now."


def broadcast_summary(broadcast_id: int, sent: int, blocked: int, failed: int, skipped: int) -> str:
    text = (
        f"✅ Broadcast #{broadcast_id} finished: {sent:,} sent, {blocked:,} blocked the bot, "
        f"{failed:,} failed"
    )
    if skipped:
        text += f", {skipped:,} skipped (they stopped clinic news meanwhile)"
    return text + "."


def broadcast_cancelled(broadcast_id: int) -> str:
    return f"Broadcast #{broadcast_id} cancelled: nothing was sent."


def broadcast_expired(broadcast_id: int) -> str:
    return (
        f"Broadcast #{broadcast_id} was not sent: its preview is more than an hour old. "
        "Send /broadcast again to see an up-to-date preview."
    )


def broadcast_already_handled() -> str:
    return "This broadcast was already sent or cancelled."
