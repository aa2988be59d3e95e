"""While a client talks with the team, the bot answers warning signs and clear matches only."""

from __future__ import annotations

from bot.core.conversation import CLEAR_ANSWER, bot_answers
from bot.core.reply import ANSWER, CONCERN, ESCALATE, FALLBACK, SMALLTALK, Reply


def test_a_warning_sign_and_a_clear_answer_are_the_bots() -> None:
    assert bot_answers(Reply(ESCALATE, "call the clinic")) is True
    assert bot_answers(Reply(ANSWER, "after 48 hours", score=CLEAR_ANSWER)) is True


def test_a_loose_match_small_talk_and_doubts_go_to_the_team() -> None:
    assert bot_answers(Reply(ANSWER, "after 48 hours", score=CLEAR_ANSWER - 1)) is False
    assert bot_answers(Reply(SMALLTALK, "you're welcome", score=100.0)) is False
    assert bot_answers(Reply(FALLBACK, "I'm not sure")) is False
    assert bot_answers(Reply(CONCERN, "is it getting worse?")) is False
