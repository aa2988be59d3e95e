"""`kb check` on clinic.yaml: descriptions, digest, defaults, rules whose figures fill texts."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.core.knowledge import Clinic
from bot.kb.loader import load_knowledge
from tests.kb.loader.problems import TOPICS, problems_of
from tests.kb_factory import FILES, write_knowledge


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


def test_a_clinic_without_optional_fields_gets_the_cores_defaults(tmp_path: Path) -> None:
    plain = 'name: Test Clinic\nphone: "+44 1"\nhours: "Mon-Fri 9-17"\nemergency_number: "999"\n'
    kb = load_knowledge(write_knowledge(tmp_path, **{"clinic.yaml": plain}))
    assert kb.clinic == Clinic("Test Clinic", "+44 1", "Mon-Fri 9-17", "999")


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
