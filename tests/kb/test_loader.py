"""`kb check`: every problem a staff member can make is named with its file and line."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.core.knowledge import Clinic
from bot.kb.loader import KnowledgeError, check_knowledge, load_knowledge, read_knowledge
from tests.kb_factory import CHECKINS, FILES, write_knowledge

TOPICS = "topics/aftercare.yaml"


def problems_of(folder: Path) -> list[str]:
    return [str(p) for p in check_knowledge(folder)]


def test_valid_folder_loads_every_part(tmp_path: Path) -> None:
    kb = load_knowledge(write_knowledge(tmp_path))
    assert [t.id for t in kb.topics] == ["sun-protection", "makeup-and-skincare", "warning-signs"]
    assert kb.topic("sun-protection").sources == ("doc-a",)
    assert kb.clinic.phone == "+44 1"
    assert kb.warning_signs[0].phrases == ("pus", "yellow crust")
    assert kb.replacements == (("sunblock", "sunscreen"),)


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    broken = FILES[TOPICS].replace("    title: Makeup", "    title: Makeup: [oops")
    write_knowledge(tmp_path, **{"topics__aftercare.yaml": broken})
    [problem] = problems_of(tmp_path)
    assert problem.startswith(f"{tmp_path.name}/{TOPICS}:10: YAML syntax")


def test_unknown_field_is_named_with_its_line(tmp_path: Path) -> None:
    typo = FILES[TOPICS].replace("    answer: Wait", "    anwser: Wait")
    write_knowledge(tmp_path, **{"topics__aftercare.yaml": typo})
    assert problems_of(tmp_path) == [
        f"{tmp_path.name}/{TOPICS}:9: topic 'makeup-and-skincare': missing field 'answer'",
        f"{tmp_path.name}/{TOPICS}:13: topic 'makeup-and-skincare': unknown field 'anwser' "
        "(allowed: answer, id, keywords, parent, questions, source, title)",
    ]


def test_duplicate_topic_id_points_to_the_first(tmp_path: Path) -> None:
    dup = FILES[TOPICS].replace("id: makeup-and-skincare", "id: sun-protection")
    write_knowledge(tmp_path, **{"topics__aftercare.yaml": dup})
    [problem] = problems_of(tmp_path)
    assert problem == (
        f"{tmp_path.name}/{TOPICS}:9: topic id 'sun-protection' is already used at "
        f"{tmp_path.name}/{TOPICS}:2"
    )


def test_same_question_under_two_topics_is_refused(tmp_path: Path) -> None:
    dup = FILES[TOPICS].replace("when can i wear makeup", "Do I need SUNSCREEN?")
    write_knowledge(tmp_path, **{"topics__aftercare.yaml": dup})
    [problem] = problems_of(tmp_path)
    assert "the question 'do i need sunscreen' is already used" in problem


def test_answer_longer_than_telegram_allows_is_refused(tmp_path: Path) -> None:
    long = FILES[TOPICS].replace("Wait at least 48 hours before makeup.", "word " * 900)
    write_knowledge(tmp_path, **{"topics__aftercare.yaml": long})
    [problem] = problems_of(tmp_path)
    assert ":9: topic 'makeup-and-skincare': the answer is" in problem
    assert "Telegram allows 4096" in problem


def test_topic_without_source_is_refused(tmp_path: Path) -> None:
    unsourced = FILES[TOPICS].replace("    source: doc-a\n", "", 1)
    write_knowledge(tmp_path, **{"topics__aftercare.yaml": unsourced})
    problems = problems_of(tmp_path)
    assert any(":2: topic 'sun-protection': missing field 'source'" in p for p in problems)
    assert any("has no source" in p for p in problems)


def test_unknown_source_lists_the_known_ones(tmp_path: Path) -> None:
    wrong = FILES[TOPICS].replace("source: doc-a", "source: doc-b", 1)
    write_knowledge(tmp_path, **{"topics__aftercare.yaml": wrong})
    [problem] = problems_of(tmp_path)
    assert "unknown source 'doc-b' (known: doc-a; see sources.yaml)" in problem


def test_empty_answer_is_refused(tmp_path: Path) -> None:
    empty = FILES[TOPICS].replace("Wait at least 48 hours before makeup.", '""')
    write_knowledge(tmp_path, **{"topics__aftercare.yaml": empty})
    [problem] = problems_of(tmp_path)
    assert problem.endswith(":13: topic 'makeup-and-skincare': 'answer' is empty")


def test_bad_warning_level_and_timezone_are_named(tmp_path: Path) -> None:
    write_knowledge(
        tmp_path,
        **{
            "warning-signs.yaml": FILES["warning-signs.yaml"].replace("same-day", "urgent"),
            "clinic.yaml": FILES["clinic.yaml"].replace("Europe/London", "Mars/Olympus"),
        },
    )
    problems = problems_of(tmp_path)
    assert any(
        "level 'urgent' should be one of emergency, same-day, contact" in p for p in problems
    )
    assert any("clinic.yaml:5: clinic: unknown timezone 'Mars/Olympus'" in p for p in problems)


def test_missing_file_is_named(tmp_path: Path) -> None:
    write_knowledge(tmp_path)
    (tmp_path / "clinic.yaml").unlink()
    assert any("missing file clinic.yaml" in p for p in problems_of(tmp_path))


def test_load_raises_with_every_problem(tmp_path: Path) -> None:
    broken = FILES[TOPICS].replace("source: doc-a", "source: nope")
    write_knowledge(tmp_path, **{"topics__aftercare.yaml": broken})
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(tmp_path)
    assert len(caught.value.problems) == 2


def test_checkin_plan_loads_with_offsets_and_buttons(tmp_path: Path) -> None:
    write_knowledge(tmp_path, **{"checkins.yaml": CHECKINS})
    kb = load_knowledge(tmp_path)
    assert [(c.id, c.after.total_seconds(), c.buttons) for c in kb.checkins] == [
        ("evening", 4 * 3600.0, ("better",))
    ]
    assert kb.response("better").reply == "Good to hear."


def test_checkin_with_bad_offset_says_how_to_write_it(tmp_path: Path) -> None:
    write_knowledge(tmp_path, **{"checkins.yaml": CHECKINS.replace("after: 4h", "after: soon")})
    [problem] = problems_of(tmp_path)
    assert problem == (
        f"{tmp_path.name}/checkins.yaml:3: check-in 'evening': after 'soon' should be "
        "a number and a unit, like 4h, 3d or 4w"
    )


def test_checkin_button_must_be_a_known_response(tmp_path: Path) -> None:
    text = CHECKINS.replace("buttons: [better]", "buttons: [better, maybe]")
    write_knowledge(tmp_path, **{"checkins.yaml": text})
    [problem] = problems_of(tmp_path)
    assert problem.endswith(":5: check-in 'evening': unknown button 'maybe' (see responses:)")


def test_an_id_too_long_for_a_telegram_button_is_refused(tmp_path: Path) -> None:
    long_id = "sun-" + "x" * 60
    write_knowledge(
        tmp_path, **{"topics__aftercare.yaml": FILES[TOPICS].replace("sun-protection", long_id)}
    )
    [problem] = problems_of(tmp_path)
    assert problem.endswith(f":2: topic: id '{long_id}' is longer than 58 characters; shorten it")


def test_a_checkin_with_fixed_evening_words_must_follow_the_hour_or_give_a_time(
    tmp_path: Path,
) -> None:
    fixed = CHECKINS.replace("{this_part_of_day}", "this evening")
    write_knowledge(tmp_path, **{"checkins.yaml": fixed})
    [problem] = problems_of(tmp_path)
    assert problem.startswith(
        f"{tmp_path.name}/checkins.yaml:4: check-in 'evening': 'this evening' fits only some hours"
    )
    write_knowledge(
        tmp_path, **{"checkins.yaml": fixed.replace("after: 4h", 'after: 1h\n    at: "19:00"')}
    )
    assert problems_of(tmp_path) == []
    morning = fixed.replace("after: 4h", 'after: 1h\n    at: "10:00"')
    write_knowledge(tmp_path, **{"checkins.yaml": morning})
    assert problems_of(tmp_path) == [
        f"{tmp_path.name}/checkins.yaml:5: check-in 'evening': says 'this evening' but goes at "
        "10:00 (morning): change the words or the time"
    ]


def test_a_checkin_time_in_quiet_hours_and_an_unknown_placeholder_are_refused(
    tmp_path: Path,
) -> None:
    text = CHECKINS.replace("after: 4h", 'after: 4h\n    at: "22:30"').replace(
        "{this_part_of_day}", "{this_part_of_the_day}"
    )
    write_knowledge(tmp_path, **{"checkins.yaml": text})
    assert problems_of(tmp_path) == [
        f"{tmp_path.name}/checkins.yaml:2: check-in 'evening': at 22:30 is in the clinic's "
        "quiet hours (clinic.yaml), so it would wait for the morning: choose another time",
        f"{tmp_path.name}/checkins.yaml:5: unknown figure {{this_part_of_the_day}} "
        "(clinic.yaml rules: none yet)",
    ]


def test_clinic_descriptions_digest_and_conversation_end_are_read_and_checked(
    tmp_path: Path,
) -> None:
    clinic = FILES["clinic.yaml"] + (
        'description: "Aftercare answers."\n'
        "short_description: " + "x" * 121 + "\n"
        'digest: {at: ["09:30", "16:00"], count: 0}\n'
        "conversation_ends_after: 2h\n"
    )
    write_knowledge(tmp_path, **{"clinic.yaml": clinic})
    assert problems_of(tmp_path) == [
        f"{tmp_path.name}/clinic.yaml:8: clinic: short_description is 121 characters; "
        "Telegram allows 120",
        f"{tmp_path.name}/clinic.yaml:9: digest: count should be a whole number, 1 or more",
    ]
    write_knowledge(
        tmp_path,
        **{"clinic.yaml": clinic.replace("x" * 121, "Short").replace("count: 0", "count: 3")},
    )
    clinic_read = load_knowledge(tmp_path).clinic
    assert (clinic_read.description, clinic_read.short_description) == (
        "Aftercare answers.",
        "Short",
    )
    assert [t.strftime("%H:%M") for t in clinic_read.digest.times] == ["09:30", "16:00"]
    assert clinic_read.digest.count == 3
    assert clinic_read.conversation_ends_after.total_seconds() == 7200


CONCERNS = """\
escalate_to: infection
risk_words: [risks]
concerns:
  - id: not-normal
    title: Not normal healing
    phrases: [weeping, leaking]
  - id: numb-lasting
    title: Numbness
    after_days: 1
    unless: [cream]
    phrases: [numb]
  - id: came-back
    title: Swelling or redness back
    phrases: [back again]
"""


def test_concern_tier_loads_with_its_days_and_escalation(tmp_path: Path) -> None:
    kb = load_knowledge(write_knowledge(tmp_path, **{"concerns.yaml": CONCERNS}))
    assert kb.concerns.escalate_to == "infection"
    assert kb.concerns.risk_words == ("risks",)
    assert [c.id for c in kb.concerns.concerns] == ["not-normal", "numb-lasting", "came-back"]
    assert kb.concerns.concerns[1].after_days == 1
    assert kb.concerns.concerns[1].unless == ("cream",)


def test_concern_escalating_to_an_unknown_sign_is_named(tmp_path: Path) -> None:
    bad = CONCERNS.replace("escalate_to: infection", "escalate_to: infektion")
    write_knowledge(tmp_path, **{"concerns.yaml": bad})
    assert problems_of(tmp_path) == [
        f"{tmp_path.name}/concerns.yaml:1: escalate_to: unknown warning sign 'infektion'"
    ]


def test_concern_with_bad_days_and_unknown_field_is_named(tmp_path: Path) -> None:
    bad = CONCERNS.replace("after_days: 1", "after_days: soon").replace("    unless:", "    unles:")
    write_knowledge(tmp_path, **{"concerns.yaml": bad})
    where = f"{tmp_path.name}/concerns.yaml"
    assert problems_of(tmp_path) == [
        f"{where}:9: concern 'numb-lasting': after_days should be a number",
        f"{where}:10: concern 'numb-lasting': unknown field 'unles' (allowed: after_days, "
        "any_treatment, id, normal_for_days, phrases, title, unless, when_asked)",
    ]


def test_warning_sign_unless_words_load(tmp_path: Path) -> None:
    signs = FILES["warning-signs.yaml"].replace("    phrases:", "    unless: [acne]\n    phrases:")
    kb = load_knowledge(write_knowledge(tmp_path, **{"warning-signs.yaml": signs}))
    assert kb.warning_signs[0].unless == ("acne",)


def test_any_treatment_marks_a_red_flag_after_any_procedure(tmp_path: Path) -> None:
    signs = FILES["warning-signs.yaml"].replace(
        "    phrases:", "    any_treatment: true\n    phrases:", 1
    )
    kb = load_knowledge(write_knowledge(tmp_path, **{"warning-signs.yaml": signs}))
    assert kb.warning_signs[0].any_treatment
    plain = load_knowledge(write_knowledge(tmp_path / "plain"))
    assert not plain.warning_signs[0].any_treatment


def test_a_topic_names_a_known_parent(tmp_path: Path) -> None:
    topics = FILES[TOPICS].replace(
        "    title: Makeup\n", "    title: Makeup\n    parent: sun-protection\n"
    )
    kb = load_knowledge(write_knowledge(tmp_path, **{"topics__aftercare.yaml": topics}))
    assert kb.topic("makeup-and-skincare").parent == "sun-protection"
    assert kb.topic("sun-protection").parent == ""


def test_an_unknown_parent_is_named_with_its_topic(tmp_path: Path) -> None:
    topics = FILES[TOPICS].replace(
        "    title: Makeup\n", "    title: Makeup\n    parent: skincare\n"
    )
    write_knowledge(tmp_path, **{"topics__aftercare.yaml": topics})
    assert problems_of(tmp_path) == [
        f"{tmp_path.name}/{TOPICS}:9: topic 'makeup-and-skincare': unknown parent 'skincare'"
    ]


def test_parents_that_lead_back_round_are_refused(tmp_path: Path) -> None:
    topics = (
        FILES[TOPICS]
        .replace("    title: Makeup\n", "    title: Makeup\n    parent: sun-protection\n")
        .replace(
            "    title: Sun protection\n",
            "    title: Sun protection\n    parent: makeup-and-skincare\n",
        )
    )
    write_knowledge(tmp_path, **{"topics__aftercare.yaml": topics})
    assert len(problems_of(tmp_path)) == 2
    assert all("its parents lead back to" in p for p in problems_of(tmp_path))


def test_a_source_has_a_short_name_for_the_source_line(tmp_path: Path) -> None:
    sources = FILES["sources.yaml"].replace(
        '    title: "Document A"\n', '    title: "Document A"\n    short: Doc A\n'
    )
    kb = load_knowledge(write_knowledge(tmp_path, **{"sources.yaml": sources}))
    assert (kb.sources[0].short, kb.sources[0].name) == ("Doc A", "Doc A")


RULES = "rules:\n  makeup_after_hours: 72\n"
FIGURE_CHECKINS = """\
checkins:
  - id: makeup
    after: "{makeup_after_hours}h"
    message: |
      It's been {makeup_after_hours} hours: makeup can go back on.
"""


def test_one_figure_fills_the_answer_and_the_checkin_alike(tmp_path: Path) -> None:
    topics = FILES[TOPICS].replace(
        "answer: Wait at least 48 hours before makeup.",
        "answer: Wait {makeup_after_hours} hours before makeup.",
    )
    folder = write_knowledge(
        tmp_path,
        **{
            "clinic.yaml": FILES["clinic.yaml"] + RULES,
            "topics__aftercare.yaml": topics,
            "checkins.yaml": FIGURE_CHECKINS,
        },
    )
    kb = load_knowledge(folder)
    assert kb.topic("makeup-and-skincare").answer == "Wait 72 hours before makeup."
    [checkin] = kb.checkins
    assert checkin.after == timedelta(hours=72)
    assert checkin.message == "It's been 72 hours: makeup can go back on."
    assert kb.figures == (("makeup_after_hours", "72"),)


def test_an_unknown_figure_is_named_with_its_file_and_line(tmp_path: Path) -> None:
    write_knowledge(
        tmp_path,
        **{"clinic.yaml": FILES["clinic.yaml"] + RULES, "checkins.yaml": FIGURE_CHECKINS},
    )
    typo = FIGURE_CHECKINS.replace("It's been {makeup_after_hours}", "It's been {makeup_hours}")
    (tmp_path / "checkins.yaml").write_text(typo, encoding="utf-8")
    assert problems_of(tmp_path) == [
        f"{tmp_path.name}/checkins.yaml:5: unknown figure {{makeup_hours}} "
        "(clinic.yaml rules: makeup_after_hours)"
    ]


def test_a_rule_must_be_a_number_or_short_text(tmp_path: Path) -> None:
    clinic = FILES["clinic.yaml"] + "rules:\n  makeup_after_hours: [48]\n"
    write_knowledge(tmp_path, **{"clinic.yaml": clinic})
    assert problems_of(tmp_path) == [
        f"{tmp_path.name}/clinic.yaml:8: rule 'makeup_after_hours' should be a number "
        "or a short text"
    ]


def test_not_covered_questions_are_read_and_may_not_repeat_a_topic(tmp_path: Path) -> None:
    folder = write_knowledge(
        tmp_path, **{"not-covered.yaml": "not_covered:\n  - can i fly next week\n"}
    )
    assert [n.text for n in load_knowledge(folder).not_covered] == ["can i fly next week"]
    (tmp_path / "not-covered.yaml").write_text(
        "not_covered:\n  - can i fly next week\n  - Do I need sunscreen?\n", encoding="utf-8"
    )
    [problem] = problems_of(tmp_path)
    assert problem.startswith(f"{tmp_path.name}/not-covered.yaml:3: the question")


def test_the_warning_signs_topic_the_core_answers_with_is_required(tmp_path: Path) -> None:
    renamed = FILES["topics/warning-signs.yaml"].replace("id: warning-signs", "id: red-flags")
    write_knowledge(tmp_path, **{"topics/warning-signs.yaml": renamed})
    assert problems_of(tmp_path) == [
        f"{tmp_path}/topics: no topic 'warning-signs': the bot answers general questions "
        "about what can go wrong with it (and 'No' to a concern's question); add it back"
    ]


def test_the_came_back_concern_the_core_raises_is_required(tmp_path: Path) -> None:
    renamed = CONCERNS.replace("id: came-back", "id: returned")
    write_knowledge(tmp_path, **{"concerns.yaml": renamed})
    assert problems_of(tmp_path) == [
        f"{tmp_path.name}/concerns.yaml:3: no concern 'came-back': the bot raises it when "
        "swelling, redness or warmth comes back or lingers; add it back"
    ]


def test_a_key_written_twice_is_named_with_both_lines(tmp_path: Path) -> None:
    signs = FILES["warning-signs.yaml"].replace(
        "    phrases: [pus, yellow crust]\n",
        "    phrases: [pus, yellow crust]\n    phrases: [oozing]\n",
    )
    write_knowledge(tmp_path, **{"warning-signs.yaml": signs})
    assert problems_of(tmp_path) == [
        f"{tmp_path.name}/warning-signs.yaml:6: 'phrases' is written twice (also at line 5): "
        "the second would replace the first; keep one"
    ]


def test_a_clinic_without_optional_fields_gets_the_cores_defaults(tmp_path: Path) -> None:
    plain = 'name: Test Clinic\nphone: "+44 1"\nhours: "Mon-Fri 9-17"\nemergency_number: "999"\n'
    kb = load_knowledge(write_knowledge(tmp_path, **{"clinic.yaml": plain}))
    assert kb.clinic == Clinic("Test Clinic", "+44 1", "Mon-Fri 9-17", "999")


def test_a_topic_title_longer_than_a_button_shows_is_a_warning(tmp_path: Path) -> None:
    long = FILES[TOPICS].replace(
        "title: Makeup", "title: Makeup, skincare and everything on your face"
    )
    checked = read_knowledge(write_knowledge(tmp_path, **{TOPICS: long}))
    assert checked.kb is not None
    assert [str(w) for w in checked.warnings] == [
        f"{tmp_path.name}/topics/aftercare.yaml:10: warning: topic 'makeup-and-skincare': the "
        "title is 44 characters; buttons show 40 at most, so shorten it"
    ]
