"""Unanswered questions grouped so staff see what to write next."""

from __future__ import annotations

from bot.core.gaps import group_gaps


def test_similar_questions_group_most_frequent_first() -> None:
    gaps = group_gaps(
        [
            "how much does it cost",
            "can i drink alcohol after",
            "How much does it cost??",
            "how much does microneedling cost",
            "can I drink alcohol tonight",
            "is there parking",
        ]
    )
    assert [(g.example, g.count) for g in gaps] == [
        ("how much does it cost", 3),
        ("can i drink alcohol after", 2),
        ("is there parking", 1),
    ]


def test_empty_and_emoji_only_questions_are_skipped() -> None:
    assert group_gaps(["", "😀😀"]) == []
