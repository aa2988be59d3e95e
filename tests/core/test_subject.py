"""Who a message is about: a report is acted on, a general question is answered."""

from __future__ import annotations

from bot.core.subject import ASKED, GENERAL, REPORTED, Frame


def frame(text: str, *, timed: bool = False) -> Frame:
    clauses = [part.split() for part in text.replace("?", "").split(",")]
    return Frame.of(clauses, marked="?" in text, timed=timed)


def test_client_speaking_of_their_own_skin_reports() -> None:
    assert frame("my cheek is weeping").clause(0) == REPORTED
    assert frame("i think im having a bad reaction").clause(0) == REPORTED


def test_a_specific_other_person_counts_like_the_client() -> None:
    assert frame("her face is swollen since her session").clause(0) == REPORTED
    assert frame("my daughters forehead is leaking").clause(0) == REPORTED


def test_bare_symptoms_are_a_report() -> None:
    assert frame("persistent burning sensation").clause(0) == REPORTED


def test_a_general_question_about_causes_is_general() -> None:
    assert frame("can microneedling cause scarring?").clause(0) == GENERAL
    assert frame("do acne patches trigger hives?").clause(0) == GENERAL


def test_people_in_general_are_general() -> None:
    assert frame("you may break out").clause(0) == GENERAL
    assert frame("people get lumps sometimes").clause(0) == GENERAL


def test_you_as_the_clinic_is_not_people_in_general() -> None:
    assert frame("a cold sore came up where you treated").clause(0) == REPORTED
    assert frame("can you help, its leaking").clause(1) == REPORTED


def test_hypotheticals_are_general_but_not_what_is_reported_beside_them() -> None:
    text = "what if it gets infected, its weeping a bit"
    assert frame(text).clause(0) == GENERAL
    assert frame(text).clause(1) == REPORTED
    assert frame("worried ill react to the cream").clause(0) == GENERAL


def test_if_after_know_or_normal_asks_about_the_clients_own_skin() -> None:
    assert frame("i dont know if its infected").clause(0) == REPORTED
    assert frame("is it normal if my skin is leaking?").clause(0) == REPORTED


def test_an_impersonal_question_about_a_symptom_asks() -> None:
    assert frame("is it normal to get blisters?").clause(0) == ASKED


def test_a_question_that_gives_the_day_is_the_askers_own_course() -> None:
    assert frame("is it normal to weep on day 3?", timed=True).clause(0) == REPORTED


def test_did_without_a_subject_opens_a_statement_not_a_question() -> None:
    text = "did the roller at home and now there are raw patches"
    assert frame(text).questions == (False,)
    assert frame("did something go wrong").questions == (True,)


def test_asking_how_to_treat_something_means_having_it() -> None:
    assert frame("how to treat an allergic reaction to numbing cream").clause(0) == REPORTED
    assert frame("how to soothe my blisters").clause(0) == REPORTED
    assert frame("how do i calm these hives").clause(0) == REPORTED


def test_a_how_to_heading_with_no_client_nor_treatment_is_general() -> None:
    assert frame("how to heal a cold sore in a day").clause(0) == GENERAL
    assert frame("ways to settle an itchy rash quickly").clause(0) == GENERAL
    assert frame("how to get rid of hives after microneedling").clause(0) == REPORTED


def test_asking_how_to_avoid_something_is_general() -> None:
    avoid = frame("safe techniques to avoid hyperpigmentation")
    assert (avoid.clause(0), avoid.prevention) == (GENERAL, True)


def test_look_like_asks_only_after_what_or_how() -> None:
    assert frame("what would an infection look like").clause(0) == GENERAL
    assert frame("this doesnt look like healing").clause(0) == REPORTED


def test_the_clients_history_is_not_this_treatments_course() -> None:
    assert frame("i got a rash from a face cream years ago").clause(0) == GENERAL
    assert frame("i got a rash from the aftercare cream").clause(0) == REPORTED


def test_a_condition_still_to_come_stays_hypothetical_after_is_it_bad() -> None:
    assert frame("is it bad if i get a fever?").clause(0) == GENERAL
    assert frame("is it bad if my skin is leaking?").clause(0) == REPORTED


def test_a_conditional_statement_about_the_clients_skin_is_asked_about() -> None:
    assert frame("if i push on the spot theres pus").clause(0) == ASKED
    assert frame("if it gets infected what do i do?").clause(0) == GENERAL
    assert frame("if i get a fever should i ring").clause(0) == GENERAL
    assert frame("if you see pus contact the clinic").clause(0) == GENERAL


def test_what_someone_said_about_people_in_general_is_general() -> None:
    assert frame("the nurse told me some people get an infection").clause(0) == GENERAL
    assert frame("i saw online that you can get an infection").clause(0) == GENERAL
    assert frame("the aftercare sheet says to look for pus").clause(0) == GENERAL


def test_what_someone_said_about_the_clients_skin_is_a_report() -> None:
    assert frame("the nurse said it looks infected").clause(0) == REPORTED
    assert frame("my nurse said my cheek is infected").clause(0) == REPORTED
    assert frame("i saw pus and people say its normal").clause(0) == REPORTED


def test_a_fear_of_what_might_come_is_not_a_report() -> None:
    assert frame("i was anxious about ending up with scars").clause(0) == GENERAL
    assert frame("terrified ill get an infection").clause(0) == GENERAL
    assert frame("im anxious, there is pus on my chin").clause(1) == REPORTED


def test_a_remedies_heading_is_general() -> None:
    assert frame("home remedies for a blistered lip").clause(0) == GENERAL


def test_a_report_before_a_what_if_in_one_clause_is_still_reported() -> None:
    words = "i have a fever what if it gets worse".split()
    framed = Frame.of([words])
    assert framed.clause(0, start=words.index("fever")) == REPORTED
    assert framed.clause(0, start=words.index("worse")) == GENERAL


def test_a_qualifier_after_a_report_keeps_it_history() -> None:
    words = "i had a rash last year".split()
    assert Frame.of([words]).clause(0, start=words.index("rash")) == GENERAL


def test_deliberating_in_general_is_general() -> None:
    assert frame("whether to pop a blister or leave it").clause(0) == GENERAL


def test_asking_whether_is_not_a_report() -> None:
    assert frame("she asked whether i get cold sores").clause(0) == GENERAL


def test_a_report_after_a_general_remark_in_one_clause_is_reported() -> None:
    words = "the pen can leave marks and now i have a dark mark".split()
    framed = Frame.of([words])
    assert framed.clause(0, start=words.index("dark")) == REPORTED
    assert framed.clause(0, start=words.index("marks")) == GENERAL
