"""`kb check` on warning signs and the concern tier: levels, exceptions and what the core needs."""

from __future__ import annotations

from pathlib import Path

from bot.kb.loader import load_knowledge
from tests.kb.loader.problems import problems_of
from tests.kb_factory import FILES, write_knowledge


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


def test_the_came_back_concern_the_core_raises_is_required(tmp_path: Path) -> None:
    renamed = CONCERNS.replace("id: came-back", "id: returned")
    write_knowledge(tmp_path, **{"concerns.yaml": renamed})
    assert problems_of(tmp_path) == [
        f"{tmp_path.name}/concerns.yaml:3: no concern 'came-back': the bot raises it when "
        "swelling, redness or warmth comes back or lingers; add it back"
    ]
