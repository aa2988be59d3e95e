"""Which treatment a message is about, and whether it comes before one."""

from __future__ import annotations

from bot.core.treatment import beforehand, elsewhere, everyday, own_course


def words(text: str) -> list[str]:
    return text.split()


def test_another_treatment_named_without_microneedling_is_elsewhere() -> None:
    assert elsewhere(words("my top lip is still puffy two days after my filler"))
    assert elsewhere(words("the back of my hand went red after the tetanus jab"))
    assert elsewhere(words("my little girl has a splinter and the skin round it is red"))


def test_microneedling_named_beside_another_treatment_is_not_elsewhere() -> None:
    assert not elsewhere(words("had botox and microneedling together and now its weeping"))
    assert not elsewhere(words("my morpheus8 session left my jaw swollen"))


def test_a_message_naming_no_treatment_is_about_microneedling() -> None:
    assert not elsewhere(words("my cheeks are burning and swollen"))


def test_asking_whether_to_have_it_is_beforehand() -> None:
    assert beforehand(words("i react to everything can i still have it"))
    assert beforehand(words("prone to cold sores what do i do before my appointment"))
    assert beforehand(words("will microneedling fade my dark patches"))


def test_a_session_already_had_is_not_beforehand() -> None:
    assert not beforehand(words("i had it done and now can i still have my facial"))
    assert not beforehand(words("blisters from the first one can i still have the second"))
    assert not beforehand(words("can i still have it"), timed=True)


def test_before_looked_back_on_is_not_beforehand() -> None:
    assert not beforehand(words("my skin is worse than before the treatment"))
    assert not beforehand(words("it was never this bumpy before my treatment"))
    assert not beforehand(words("before my session i was fine now i have hives"))


def test_asking_to_go_on_with_everyday_life_is_not_beforehand() -> None:
    assert not beforehand(words("can i still go to the gym my face is oozing"))
    assert beforehand(words("i get hives from plasters should i say at my consultation"))


def test_a_session_still_to_come_is_beforehand() -> None:
    assert beforehand(words("my first appointment is in a fortnight and i get cold sores"))
    assert beforehand(words("booked in for next tuesday im on antibiotics"))
    assert beforehand(words("my microneedlings on saturday i have a cold sore"))
    assert beforehand(words("treatment in three weeks i get cold sores in winter"))


def test_a_session_on_a_day_gone_by_is_not_beforehand() -> None:
    assert not beforehand(words("my session was on saturday now i have a cold sore"))
    assert not beforehand(words("had my appointment on saturday and theres pus"))
    assert not beforehand(words("microneedling on saturday and now its weeping"))
    assert not beforehand(words("my next session is in two weeks but its still weeping"))


def test_an_everyday_cause_is_no_procedure() -> None:
    assert everyday(words("since my tetanus jab my arm is hot"))
    assert everyday(words("my new nose piercing is crusty"))
    assert everyday(words("the lash glue made my lids puffy"))
    assert everyday(words("since my new lash extension my lids itch"))
    assert everyday(words("a wasp sting on my neck has swelled up"))
    assert everyday(words("i think i ate something that disagreed with me"))
    assert everyday(words("ive got a cold and my nose is sore"))
    assert everyday(words("my scalp itches since i dyed my hair"))


def test_a_clinic_procedure_or_a_session_is_not_an_everyday_cause() -> None:
    assert not everyday(words("there is pus where the filler went in"))
    assert not everyday(words("i had a facial and now i have a rash"))
    assert not everyday(words("had my flu jab the day after my session"))
    assert not everyday(words("my microneedling and a tattoo on the same week"))


def test_an_everyday_word_that_names_something_else_is_no_cause() -> None:
    assert not everyday(words("ive got a cold sore coming"))
    assert not everyday(words("i put a cold compress on it"))
    assert not everyday(words("it looks like a bite and its weeping"))
    assert not everyday(words("feel like ive got the flu"))
    assert not everyday(words("my face burns like a nettle rash"))


def test_another_procedures_aftercare_is_its_own_course() -> None:
    assert own_course(words("botox aftercare dos and donts"))
    assert own_course(words("how long is the downtime for laser hair removal"))
    assert own_course(words("laser hair removal aftercare"))
    assert own_course(words("can i exercise after my botox"))


def test_our_own_aftercare_or_a_combination_is_not_another_course() -> None:
    assert not own_course(words("can i have botox after microneedling"))
    assert not own_course(words("when can i have a chemicalpeel after my session"))
    assert not own_course(words("when can i wax my top lip again"))
    assert not own_course(words("is the downtime long"))


def test_a_spot_patch_is_an_everyday_product() -> None:
    assert everyday(words("my skinpatch left a red mark"))


def test_asking_what_it_would_do_for_a_mark_is_beforehand() -> None:
    assert beforehand(words("would it help the brown patches on my forehead"))
    assert beforehand(words("does it work on dark spots"))
    assert not beforehand(words("will it fade on its own there is a dark patch"))
