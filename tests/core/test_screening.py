"""Both tiers read together: what generalises beyond the words of any one list."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.assistant import Assistant
from bot.core.reply import ANSWER, CONCERN, ESCALATE, FALLBACK
from bot.kb.loader import load_knowledge

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def assistant() -> Assistant:
    return Assistant(load_knowledge(ROOT / "knowledge"))


def kind(assistant: Assistant, text: str, days: float | None = None) -> str:
    return assistant.respond(text, days_since_session=days).kind


def test_lasting_redness_counts_the_days_between_weekdays(assistant: Assistant) -> None:
    reply = assistant.respond("had my session on tuesday, its saturday now and still red")
    assert (reply.kind, reply.sign.id) == (ESCALATE, "redness-not-settling")
    assert kind(assistant, "had my session on tuesday, its wednesday now and still red") not in (
        ESCALATE,
        CONCERN,
    )


def test_looking_sunburnt_past_the_usual_days_is_lasting_redness(assistant: Assistant) -> None:
    assert kind(assistant, "a week on and i still look sunburnt") == ESCALATE
    assert kind(assistant, "the next day and i still look sunburnt") == ANSWER


def test_hives_in_lay_words_about_another_person_escalate(assistant: Assistant) -> None:
    reply = assistant.respond("after her session my mum came up blotchy and raised on her neck")
    assert (reply.kind, reply.sign.id) == (ESCALATE, "allergic-reaction")


def test_new_dark_spots_are_not_a_breakout(assistant: Assistant) -> None:
    reply = assistant.respond("some dark spots have appeared since the treatment")
    assert (reply.kind, reply.sign.id) == (ESCALATE, "dark-patches")


def test_swelling_back_after_a_calm_start_raises_a_concern(assistant: Assistant) -> None:
    text = "day 1 and 2 were easy and it all calmed down. today my jaw is swollen and tender"
    reply = assistant.respond(text)
    assert (reply.kind, reply.concern.id) == (CONCERN, "came-back")


def test_asking_what_is_not_normal_gets_the_warning_signs(assistant: Assistant) -> None:
    reply = assistant.respond("which side effects are not normal after the treatment?")
    assert (reply.kind, reply.topic) == (ANSWER, "warning-signs")
    reply = assistant.respond("when should i go to the doctor after microneedling?")
    assert (reply.kind, assistant.kb.topic(reply.topic).parent or reply.topic) == (
        ANSWER,
        "warning-signs",
    )


def test_one_side_redder_than_the_other_is_not_getting_worse(assistant: Assistant) -> None:
    assert kind(assistant, "my left cheek is redder than the right tonight") != ESCALATE
    assert kind(assistant, "im redder than after my first session") != ESCALATE
    assert kind(assistant, "my cheeks are redder than yesterday") == ESCALATE


def test_looking_like_someone_with_a_reaction_asks_instead_of_escalating(
    assistant: Assistant,
) -> None:
    assert kind(assistant, "i look like ive had an allergic reaction haha") == CONCERN
    assert kind(assistant, "it looks like an allergic reaction") == ESCALATE


def test_cold_sores_before_the_treatment_are_answered(assistant: Assistant) -> None:
    text = "i get cold sores quite often, is there anything to do before my appointment?"
    assert kind(assistant, text) == ANSWER


def test_cold_sores_before_the_next_session_escalate_when_the_last_was_recent(
    assistant: Assistant,
) -> None:
    text = "i have a cold sore, can i still have my treatment?"
    assert kind(assistant, text) == ANSWER
    assert kind(assistant, text, days=4) == ESCALATE


def test_another_treatment_is_not_judged_by_microneedlings_course(assistant: Assistant) -> None:
    assert kind(assistant, "my lips are swollen the morning after filler, normal?") == FALLBACK
    assert kind(assistant, "tiny red bumps on my legs after laser hair removal") != ESCALATE


def test_red_flags_after_any_treatment_still_escalate(assistant: Assistant) -> None:
    assert kind(assistant, "there is pus where the filler went in") == ESCALATE
    assert kind(assistant, "since my botox i have a fever and chills") == ESCALATE
    assert kind(assistant, "my lip went white after filler") == CONCERN


def test_worrying_one_ruined_the_results_is_not_a_concern(assistant: Assistant) -> None:
    assert kind(assistant, "i washed with a scrub on day 3, have i ruined it?") != CONCERN
    assert kind(assistant, "the treatment ruined my skin") == CONCERN


def test_acne_elsewhere_in_the_sentence_leaves_worsening_swelling(assistant: Assistant) -> None:
    text = "the swelling keeps getting worse, and there's a bit of acne on my chin too"
    assert kind(assistant, text) == ESCALATE
    assert kind(assistant, "my acne is getting worse since the session") != ESCALATE


def test_a_good_start_does_not_cancel_a_reaction_later(assistant: Assistant) -> None:
    text = "all was fine for two days, today it looks like some kind of reaction"
    assert kind(assistant, text) == CONCERN
    assert kind(assistant, "my skin reacted really well to it") not in (ESCALATE, CONCERN)


def test_another_treatment_does_not_excuse_a_recent_session(assistant: Assistant) -> None:
    text = "my face is still red, i got my flu jab on monday"
    assert kind(assistant, text, days=5) == ESCALATE


def test_another_treatment_in_another_sentence_asks_about_the_sign(assistant: Assistant) -> None:
    text = "the swelling keeps getting worse every day. i also had botox 2 months ago"
    reply = assistant.respond(text)
    assert (reply.kind, reply.sign.id) == (CONCERN, "redness-swelling-worse")
    assert kind(assistant, "my lips are swollen the morning after filler, normal?") == FALLBACK


def test_pus_when_the_client_presses_is_asked_about(assistant: Assistant) -> None:
    assert kind(assistant, "if i push on the spot yellow pus comes out") == CONCERN
    assert kind(assistant, "if i get a fever do i call you?") not in (ESCALATE, CONCERN)


def test_a_session_the_message_dates_today_outweighs_an_old_one(assistant: Assistant) -> None:
    text = "got microneedled this morning and my face is still red"
    assert kind(assistant, text, days=60) not in (ESCALATE, CONCERN)
    assert kind(assistant, "had my second session today, still numb", days=60) != CONCERN
    assert kind(assistant, "had it done 2 days ago and my cheeks are still red", days=60) == ANSWER


def test_days_of_a_symptom_leave_the_sessions_days_on_record(assistant: Assistant) -> None:
    assert kind(assistant, "my cheeks are still red, 2 days of it now", days=10) == ESCALATE


def test_a_negated_list_with_commas_does_not_escalate(assistant: Assistant) -> None:
    assert kind(assistant, "no fever, pus or swelling") != ESCALATE
    assert kind(assistant, "there isnt any pus, fever or swelling, it is just pink") != ESCALATE
    assert kind(assistant, "no fever, but pus or swelling") == ESCALATE


def test_an_article_or_a_duration_in_a_question_does_not_make_it_a_report(
    assistant: Assistant,
) -> None:
    assert kind(assistant, "is it normal to get blisters after a day at the beach?") != ESCALATE
    assert kind(assistant, "is it normal to have blisters for a week?") != ESCALATE
    assert kind(assistant, "is it normal to still have blisters a week later?") == ESCALATE


def test_hearsay_about_people_in_general_does_not_escalate(assistant: Assistant) -> None:
    assert kind(assistant, "the nurse told me some people get an infection") != ESCALATE
    assert kind(assistant, "i saw online that you can get an infection from it") != ESCALATE
    assert kind(assistant, "the aftercare sheet says to look for pus") != ESCALATE
    assert kind(assistant, "the nurse said it looks infected") == ESCALATE


def test_feeling_better_again_is_not_a_relapse(assistant: Assistant) -> None:
    text = "the redness has gone down and my appetite is back"
    assert kind(assistant, text) != CONCERN
    assert kind(assistant, "the redness had gone down but now its back") == CONCERN


def test_a_condition_told_before_a_session_to_come_is_not_a_complication(
    assistant: Assistant,
) -> None:
    text = "my first appointment is in three weeks and i get cold sores most winters"
    assert kind(assistant, text) in (ANSWER, FALLBACK)
    text = "booked in for next wednesday, on antibiotics for a chest infection at the moment"
    assert kind(assistant, text) in (ANSWER, FALLBACK)
    assert kind(assistant, "my session was last wednesday and now i have a cold sore") == ESCALATE


def test_a_red_flag_from_an_everyday_cause_gets_the_honest_not_sure(assistant: Assistant) -> None:
    assert kind(assistant, "after my covid booster i have a fever and feel shivery") == FALLBACK
    assert kind(assistant, "my belly button piercing is oozing yellow stuff") == FALLBACK
    assert kind(assistant, "the new washing powder has brought me out in hives") == FALLBACK
    assert kind(assistant, "had a facial on monday and there is pus on my chin") == ESCALATE


def test_an_emergency_escalates_whatever_the_cause(assistant: Assistant) -> None:
    reply = assistant.respond("i ate some peanuts and now i cant breathe")
    assert (reply.kind, reply.level) == (ESCALATE, "emergency")
    reply = assistant.respond("a bee stung my lip and its swelling up fast")
    assert (reply.kind, reply.level) == (ESCALATE, "emergency")


def test_a_red_flag_in_another_sentence_than_the_everyday_cause_is_asked_about(
    assistant: Assistant,
) -> None:
    assert kind(assistant, "i had my ears pierced on friday. theres pus today") == CONCERN
    assert kind(assistant, "my flu jab was on friday. since my session i have a fever") == ESCALATE


def test_a_general_how_to_heading_is_answered_not_escalated(assistant: Assistant) -> None:
    assert kind(assistant, "How To Heal A Cold Sore In A Day") in (ANSWER, FALLBACK)
    assert kind(assistant, "ways to settle an itchy rash quickly") in (ANSWER, FALLBACK)
    assert kind(assistant, "how to heal the cold sore i got after my session") == ESCALATE


def test_a_heading_that_names_another_cause_is_not_a_complication(assistant: Assistant) -> None:
    assert kind(assistant, "Pink eye: why are my lids puffy and weeping?") == FALLBACK
    assert kind(assistant, "Day 4: why are my lids puffy and weeping?") == ESCALATE


def test_a_sign_after_another_cause_gets_no_microneedling_answer(assistant: Assistant) -> None:
    reply = assistant.respond("since my lash lift my eyes have been swollen and sore")
    assert (reply.kind, reply.topic) == (FALLBACK, None)
