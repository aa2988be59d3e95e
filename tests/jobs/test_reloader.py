"""Live knowledge updates: a good edit is picked up, a broken one is refused with file and line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.core.assistant import Assistant
from bot.core.knowledge import KnowledgeBase
from bot.jobs import reloader
from bot.jobs.reloader import KnowledgeHolder
from bot.kb import KnowledgeError
from bot.kb.loader import load_knowledge
from bot.semantic.cache import PhrasingCache
from bot.semantic.ranker import MiniLMRanker
from tests.kb_factory import FILES, write_knowledge

TOPICS = "topics/aftercare.yaml"


def touch_later(path: Path) -> None:
    """Move the file's time forward: two saves within one clock tick must still count."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def holder_for(folder: Path) -> KnowledgeHolder:
    return KnowledgeHolder(folder, Assistant(load_knowledge(folder)))


def test_nothing_changed_means_nothing_reloaded(tmp_path: Path) -> None:
    holder = holder_for(write_knowledge(tmp_path))
    before = holder.assistant
    assert holder.refresh().changed is False
    assert holder.assistant is before


def test_an_edited_answer_is_picked_up(tmp_path: Path) -> None:
    holder = holder_for(write_knowledge(tmp_path))
    path = tmp_path / TOPICS
    path.write_text(FILES[TOPICS].replace("at least 48 hours", "at least two days"))
    touch_later(path)
    result = holder.refresh()
    assert (result.changed, result.loaded) == (True, True)
    assert "two days" in holder.assistant.answer("makeup-and-skincare").text


def test_a_broken_edit_keeps_the_last_good_knowledge(tmp_path: Path) -> None:
    holder = holder_for(write_knowledge(tmp_path))
    before = holder.assistant
    path = tmp_path / TOPICS
    path.write_text(FILES[TOPICS].replace("    title: Makeup", "    title: Makeup: [oops"))
    touch_later(path)
    result = holder.refresh()
    assert (result.changed, result.loaded) == (True, False)
    assert str(result.problems[0]).startswith(f"{tmp_path.name}/{TOPICS}:10:")
    assert holder.assistant is before
    assert holder.refresh().changed is False  # reported once, not every few seconds


def test_a_new_file_counts_as_a_change(tmp_path: Path) -> None:
    holder = holder_for(write_knowledge(tmp_path))
    (tmp_path / "topics" / "extra.yaml").write_text(
        "topics:\n  - id: parking\n    title: Parking\n    questions: [where can i park]\n"
        "    answer: Behind the clinic.\n    source: doc-a\n"
    )
    assert holder.refresh().loaded is True
    assert holder.assistant.respond("where can i park").topic == "parking"


def test_a_reload_keeps_the_ranker_and_embeds_only_the_new_phrasing(
    tmp_path: Path, semantic_ranker: MiniLMRanker
) -> None:
    embedder = semantic_ranker.embedder
    ranker = MiniLMRanker(embedder, PhrasingCache(embedder))
    folder = write_knowledge(tmp_path)
    holder = KnowledgeHolder(folder, Assistant(load_knowledge(folder), ranker=ranker))
    before = embedder.texts_embedded
    path = tmp_path / TOPICS
    path.write_text(
        FILES[TOPICS].replace(
            "- do i need sunscreen", "- do i need sunscreen\n      - is shade enough"
        )
    )
    touch_later(path)
    assert holder.refresh().loaded is True
    assert holder.assistant.ranker is not None
    assert embedder.texts_embedded - before == 1


def test_a_ranker_attached_after_start_joins_the_answers_and_stays_after_a_reload(
    tmp_path: Path, semantic_ranker: MiniLMRanker
) -> None:
    embedder = semantic_ranker.embedder
    folder = write_knowledge(tmp_path)
    holder = holder_for(folder)  # as the bot starts: words alone
    assert holder.assistant.ranker is None
    holder.attach_ranker(MiniLMRanker(embedder, PhrasingCache(embedder)))
    assert holder.assistant.ranker is not None
    assert holder.assistant.kb.topics == load_knowledge(folder).topics
    touch_later(tmp_path / TOPICS)
    assert holder.refresh().loaded is True
    assert holder.assistant.ranker is not None


def test_a_file_saved_while_a_reload_runs_is_loaded_at_the_next_look(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, saved = write_knowledge(tmp_path / "knowledge"), tmp_path / "state" / "saved"
    holder = KnowledgeHolder.open(folder, saved)
    path = folder / TOPICS
    two_days = FILES[TOPICS].replace("at least 48 hours", "at least two days")
    path.write_text(two_days)
    touch_later(path)
    loaded_version = holder_for(folder).version

    def load_then_staff_save_again(where: Path) -> KnowledgeBase:
        kb = load_knowledge(where)
        path.write_text(two_days.replace("two days", "three days"))  # saved during the load
        touch_later(path)
        return kb

    monkeypatch.setattr(reloader, "load_knowledge", load_then_staff_save_again)
    assert holder.refresh().loaded is True
    assert "two days" in holder.assistant.answer("makeup-and-skincare").text
    assert holder.version == loaded_version  # the version of what was loaded
    assert "48 hours" in (saved / TOPICS).read_text()  # no copy of a change not checked yet
    monkeypatch.setattr(reloader, "load_knowledge", load_knowledge)
    result = holder.refresh()
    assert (result.changed, result.loaded) == (True, True)
    assert "three days" in holder.assistant.answer("makeup-and-skincare").text
    assert "three days" in (saved / TOPICS).read_text()


# -- the saved copy: a restart while the folder is broken --------------------------


def test_a_good_folder_is_copied_and_its_version_is_a_short_hash(tmp_path: Path) -> None:
    folder, saved = write_knowledge(tmp_path / "knowledge"), tmp_path / "state" / "saved"
    holder = KnowledgeHolder.open(folder, saved)
    assert holder.problems == ()
    assert (saved / TOPICS).read_text() == (folder / TOPICS).read_text()
    assert len(holder.version) == 8


def test_a_restart_with_a_broken_folder_answers_from_the_saved_copy(tmp_path: Path) -> None:
    folder, saved = write_knowledge(tmp_path / "knowledge"), tmp_path / "state" / "saved"
    good = KnowledgeHolder.open(folder, saved)
    (folder / TOPICS).write_text("topics: [unclosed")
    restarted = KnowledgeHolder.open(folder, saved)
    assert restarted.problems
    assert "aftercare.yaml" in str(restarted.problems[0])
    assert restarted.version == good.version
    assert "48 hours" in restarted.assistant.answer("makeup-and-skincare").text
    (folder / TOPICS).write_text(FILES[TOPICS].replace("at least 48 hours", "at least two days"))
    touch_later(folder / TOPICS)
    assert restarted.refresh().loaded is True  # fixed: from the folder again
    assert restarted.problems == ()
    assert restarted.version != good.version
    assert "two days" in (saved / TOPICS).read_text()


def test_a_broken_folder_at_the_very_first_start_is_an_error(tmp_path: Path) -> None:
    folder = write_knowledge(tmp_path / "knowledge", **{"clinic.yaml": "name: [unclosed"})
    with pytest.raises(KnowledgeError):
        KnowledgeHolder.open(folder, tmp_path / "state" / "saved")
    assert not (tmp_path / "state" / "saved").exists()
