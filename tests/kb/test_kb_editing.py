"""Teaching the bot from Telegram: YAML edited in place, checked, written whole, undone."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from bot.core.assistant import Assistant
from bot.jobs.reloader import KnowledgeHolder
from bot.kb import load_knowledge
from bot.kb.changes import Change, History, check_change, inside, write_change
from bot.kb.editing import (
    CLINIC_TOPICS_HEADER,
    EditError,
    add_question,
    append_entry,
    has_source,
    id_for,
    title_for,
    topic_entry,
    yaml_scalar,
)
from bot.kb.shape import MAX_ID_LENGTH
from tests.kb_factory import FILES, write_knowledge

NOW = datetime(2026, 11, 20, 10, tzinfo=UTC)
TOPICS = "topics/aftercare.yaml"


def questions(text: str, topic_id: str) -> list[str]:
    topics = yaml.safe_load(text)["topics"]
    topic = next(t for t in topics if t["id"] == topic_id)
    value = topic["questions"]
    return value if isinstance(value, list) else [value]


def test_a_question_joins_a_block_list_and_the_rest_of_the_file_stays_as_it_was() -> None:
    text = FILES[TOPICS].replace("topics:\n", "# staff notes stay\ntopics:\n")
    edited = add_question(text, "sun-protection", "is sunbathing ok: day 2?")
    assert questions(edited, "sun-protection") == [
        "can i go in the sun",
        "do i need sunscreen",
        "is sunbathing ok: day 2?",
    ]
    assert edited.replace("      - 'is sunbathing ok: day 2?'\n", "") == text


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("questions: [a b, c d]", ["a b", "c d", "new one"]),
        ("questions: []", ["new one"]),
        ("questions: only one", ["only one", "new one"]),
    ],
)
def test_a_question_joins_a_flow_list_or_a_single_text(written: str, expected: list[str]) -> None:
    text = f"topics:\n  - id: t\n    {written}\n    answer: x\n"
    assert questions(add_question(text, "t", "new one"), "t") == expected


def test_a_topic_that_is_not_there_is_an_edit_error() -> None:
    with pytest.raises(EditError, match="no topic 'nope'"):
        add_question(FILES[TOPICS], "nope", "question")


@pytest.mark.parametrize(
    "answer",
    [
        "Parking is free behind the clinic.",
        "Yes: #1 choice is our car park.\n\n- bring your ticket\n- {ask} at the desk 😊",
        "  'quoted' and \"double\" & <b>not bold</b>  ",
    ],
)
def test_a_new_topic_keeps_the_answer_exactly_as_staff_wrote_it(answer: str) -> None:
    entry = topic_entry("parking", "Parking", "where do I park?", answer)
    [topic] = yaml.safe_load(append_entry(None, entry, CLINIC_TOPICS_HEADER))["topics"]
    assert topic["answer"].strip() == answer.strip()
    assert (topic["questions"], topic["source"]) == (["where do I park?"], ["clinic"])


def test_titles_and_ids_come_from_the_question() -> None:
    question = "How much does parking cost near the clinic on a Saturday?"
    assert title_for(question) == "How much does parking cost near the"
    assert id_for(title_for(question), {"how-much-does-parking-cost-near-the"}) == (
        "how-much-does-parking-cost-near-the-2"
    )
    assert id_for("Парковка?", set()) == "clinic-answer"
    assert id_for("???", set()) == "clinic-answer"
    assert yaml_scalar("plain words") == "plain words"
    assert yaml.safe_load(yaml_scalar("a: b # c")) == "a: b # c"


def test_a_new_topics_id_reads_back_as_the_same_text() -> None:
    for topic_id in ("yes", "no", "null", "1e3", "2024-01-01"):
        entry = topic_entry(topic_id, "Title", "a question", "An answer.")
        [topic] = yaml.safe_load(append_entry(None, entry, CLINIC_TOPICS_HEADER))["topics"]
        assert topic["id"] == topic_id


def test_an_id_from_a_long_title_fits_the_id_length_kb_check_allows() -> None:
    title = "word " * 20
    first = id_for(title, set())
    assert len(first) == MAX_ID_LENGTH
    numbered = id_for(title, {first})
    assert (len(numbered) <= MAX_ID_LENGTH, numbered.endswith("-2")) == (True, True)


def test_has_source_reads_the_list() -> None:
    assert has_source(FILES["sources.yaml"], "doc-a")
    assert not has_source(FILES["sources.yaml"], "clinic")


def test_a_change_is_checked_on_a_copy_before_any_file_is_written(tmp_path: Path) -> None:
    folder = write_knowledge(tmp_path / "knowledge")
    broken = {TOPICS: FILES[TOPICS].replace("source: doc-a", "source: nowhere", 1)}
    checked = check_change(folder, broken)
    assert checked.kb is None
    assert next(str(p) for p in checked.problems).startswith("knowledge/topics/aftercare.yaml:")
    assert (folder / TOPICS).read_text() == FILES[TOPICS]


def test_writing_a_change_leaves_no_temporary_files(tmp_path: Path) -> None:
    folder = write_knowledge(tmp_path / "knowledge")
    write_change(folder, {"topics/new.yaml": "topics: []\n", TOPICS: None})
    assert (folder / "topics" / "new.yaml").read_text() == "topics: []\n"
    assert not (folder / TOPICS).exists()
    assert sorted(p.name for p in (folder / "topics").iterdir()) == [
        "new.yaml",
        "warning-signs.yaml",
    ]


def test_only_yaml_files_inside_the_folder_may_be_changed(tmp_path: Path) -> None:
    assert inside(tmp_path, "topics/x.yaml")
    assert not inside(tmp_path, "../x.yaml")
    assert not inside(tmp_path, "script.py")


def test_apply_then_undo_restores_every_file_and_the_answers(tmp_path: Path) -> None:
    folder = write_knowledge(tmp_path / "knowledge")
    holder = KnowledgeHolder(folder, Assistant(load_knowledge(folder)))
    history = History(tmp_path / "state" / "knowledge-history")
    new = {
        "topics/clinic-answers.yaml": append_entry(
            None, topic_entry("parking", "Parking", "where do i park", "Behind us."),
            CLINIC_TOPICS_HEADER,
        ),
        "sources.yaml": FILES["sources.yaml"] + "  - id: clinic\n    title: T\n    document: d\n",
    }  # fmt: skip
    applied = holder.apply(Change("a new answer", new), history, 900, NOW)
    assert applied.applied
    assert holder.assistant.respond("where do i park").topic == "parking"
    assert holder.apply(Change("again", new), history, 900, NOW).applied is False  # no change
    undone = holder.undo(history)
    assert undone.applied
    assert undone.version is not None
    assert undone.version.description == "a new answer"
    assert not (folder / "topics" / "clinic-answers.yaml").exists()
    assert (folder / "sources.yaml").read_text() == FILES["sources.yaml"]
    assert holder.assistant.kb.topic("parking") is None
    assert holder.undo(history).applied is False  # nothing more to undo


def test_a_refused_change_keeps_no_version_and_changes_nothing(tmp_path: Path) -> None:
    folder = write_knowledge(tmp_path / "knowledge")
    holder = KnowledgeHolder(folder, Assistant(load_knowledge(folder)))
    history = History(tmp_path / "history")
    refused = holder.apply(Change("bad", {TOPICS: "topics: [\n"}), history, None, NOW)
    assert (refused.applied, len(refused.problems)) == (False, 1)
    assert history.last() is None
    assert (folder / TOPICS).read_text() == FILES[TOPICS]


def test_history_keeps_the_newest_versions_only(tmp_path: Path) -> None:
    history = History(tmp_path, keep=2)
    for number in range(3):
        history.save({"a.yaml": str(number)}, f"change {number}", None, NOW)
    last = history.last()
    assert last is not None
    assert (last.number, last.files) == (3, {"a.yaml": "2"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["000002.json", "000003.json"]


def test_a_folder_the_bot_cannot_write_refuses_the_change_and_says_why(tmp_path: Path) -> None:
    folder = write_knowledge(tmp_path / "knowledge")
    holder = KnowledgeHolder(folder, Assistant(load_knowledge(folder)))
    (tmp_path / "history").write_text("not a folder")  # as unwritable as a read-only mount
    history = History(tmp_path / "history")
    edited = add_question(FILES[TOPICS], "sun-protection", "sunbed after needling?")
    refused = holder.apply(Change("a question", {TOPICS: edited}), history, None, NOW)
    assert refused.applied is False
    [problem] = refused.problems
    assert "must be writable by the bot" in str(problem)
    assert (folder / TOPICS).read_text() == FILES[TOPICS]
