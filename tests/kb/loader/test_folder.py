"""`kb check` on the folder: a valid one loads whole; YAML errors, missing files, repeated keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.kb.loader import KnowledgeError, load_knowledge
from tests.kb.loader.problems import TOPICS, problems_of
from tests.kb_factory import FILES, write_knowledge


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
