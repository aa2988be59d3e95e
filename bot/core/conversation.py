"""While a client talks with the clinic team: what the bot still answers itself.

Warning signs are escalated as always, and a question the knowledge base answers clearly
("when can I wear makeup again?") gets the bot's answer, as at any other time; the rest
("thanks", "should I come in then?", "still a bit red") is the conversation, and goes to
the team. A reply to staff often looks a little like a topic, so only a clear match counts.
"""

from __future__ import annotations

from bot.core.reply import ANSWER, ESCALATE, Reply

# The matcher's score (0-100) a topic needs to be answered during a conversation.
CLEAR_ANSWER = 65.0


def bot_answers(reply: Reply) -> bool:
    """Whether the bot answers `reply` itself while the client talks with the team."""
    return reply.kind == ESCALATE or (reply.kind == ANSWER and reply.score >= CLEAR_ANSWER)
