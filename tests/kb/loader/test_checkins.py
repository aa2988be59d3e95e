"""`kb check` on the check-in plan: offsets, buttons, fixed times, their words and quiet hours."""

from __future__ import annotations

from pathlib import Path

from bot.kb.loader import load_knowledge
from tests.kb.loader.problems import problems_of
from tests.kb_factory import CHECKINS, write_knowledge


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
