"""The command-line contract used by staff, tests and benchmarks."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from bot.cli.main import main
from tests.kb_factory import FILES, write_knowledge

ROOT = Path(__file__).resolve().parents[2]


def run(argv: list[str], env: dict[str, str] | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    environ = {
        "AFTERCARE_KNOWLEDGE_DIR": str(ROOT / "knowledge"),
        "AFTERCARE_RANKER": "off",  # tests/semantic/test_semantic.py runs the commands with it
        **(env or {}),
    }
    code = main(argv, environ, out, err)
    return code, out.getvalue(), err.getvalue()


def test_ask_prints_one_json_object() -> None:
    code, out, _ = run(["ask", "when can I wear makeup again?"])
    reply = json.loads(out)
    assert code == 0
    assert reply["kind"] == "answer"
    assert reply["topic"] == "makeup-and-skincare"
    assert isinstance(reply["score"], float)
    assert "48 hours" in reply["reply"]


def test_ask_jsonl_answers_every_line_in_order() -> None:
    lines = [
        {"text": "hello"},
        {"text": "there is pus coming out"},
        {"text": "how much does parking cost"},
    ]
    stdin = "".join(json.dumps(line) + "\n" for line in lines)
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--jsonl"],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "AFTERCARE_KNOWLEDGE_DIR": str(ROOT / "knowledge")},
        check=True,
    )
    kinds = [json.loads(line)["kind"] for line in result.stdout.splitlines()]
    assert kinds == ["smalltalk", "escalate", "fallback"]


def test_kb_check_passes_on_shipped_knowledge() -> None:
    code, out, _ = run(["kb", "check"])
    assert code == 0
    assert out.startswith("OK:")


def test_kb_check_fails_naming_file_and_line(tmp_path: Path) -> None:
    broken = FILES["topics/aftercare.yaml"].replace("    title: Makeup", "    titel: Makeup")
    write_knowledge(tmp_path, **{"topics__aftercare.yaml": broken})
    code, _, err = run(["kb", "check"], {"AFTERCARE_KNOWLEDGE_DIR": str(tmp_path)})
    assert code == 1
    assert "topics/aftercare.yaml:10: topic 'makeup-and-skincare': unknown field 'titel'" in err


def test_kb_check_warns_about_a_bare_yes_and_still_passes(tmp_path: Path) -> None:
    topics = FILES["topics/aftercare.yaml"].replace("answer: Avoid", "answer: Yes. Avoid")
    write_knowledge(tmp_path, **{"topics__aftercare.yaml": topics})
    code, out, err = run(["kb", "check"], {"AFTERCARE_KNOWLEDGE_DIR": str(tmp_path)})
    assert code == 0
    assert out.startswith("OK:")
    assert "aftercare.yaml:2: warning: topic 'sun-protection': the answer opens with 'Yes'" in err


def test_kb_check_fails_on_a_not_covered_question_a_topic_asks(tmp_path: Path) -> None:
    write_knowledge(
        tmp_path, **{"not-covered.yaml": "not_covered:\n  - Do I need sunscreen, please?\n"}
    )
    code, _, err = run(["kb", "check"], {"AFTERCARE_KNOWLEDGE_DIR": str(tmp_path)})
    assert code == 1
    assert "not-covered.yaml:2: 'Do I need sunscreen, please?' is marked as not covered" in err


def test_ask_with_broken_knowledge_explains_instead_of_crashing(tmp_path: Path) -> None:
    write_knowledge(tmp_path, **{"clinic.yaml": "name: [unclosed"})
    code, out, err = run(["ask", "hi"], {"AFTERCARE_KNOWLEDGE_DIR": str(tmp_path)})
    assert code == 2
    assert out == ""
    assert "clinic.yaml:1: YAML syntax" in err


def test_kb_export_lists_every_topic_with_source() -> None:
    code, out, _ = run(["kb", "export"])
    data = json.loads(out)
    assert code == 0
    ids = [t["id"] for t in data["topics"]]
    assert "sun-protection" in ids
    assert len(ids) == len(set(ids))
    for topic in data["topics"]:
        assert {"id", "title", "questions", "answer", "source", "parent"} <= topic.keys()
        assert topic["source"]
        assert topic["answer"]
    parents = {t["id"]: t["parent"] for t in data["topics"]}
    assert (parents["pregnancy"], parents["who-should-avoid"]) == ("who-should-avoid", None)


def test_config_masks_the_token() -> None:
    token = "123456789:AAsecretsecretsecretsecretsecret"
    code, out, _ = run(["config"], {"TELEGRAM_BOT_TOKEN": token})
    assert code == 0
    assert "TELEGRAM_BOT_TOKEN=123456789:********" in out
    assert "secret" not in out


def test_run_without_token_is_one_line_naming_the_variable() -> None:
    code, _out, err = run(["run"], {})
    assert code == 2
    assert err.count("\n") == 1
    assert "TELEGRAM_BOT_TOKEN" in err


def test_run_with_malformed_token_names_the_variable() -> None:
    code, _, err = run(["run"], {"TELEGRAM_BOT_TOKEN": "not a token"})
    assert code == 2
    assert "TELEGRAM_BOT_TOKEN is malformed" in err


def test_chat_answers_typed_questions_offline() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "chat"],
        input="what is microneedling\n\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert "collagen induction therapy" in result.stdout
