"""`kb check` on messages.yaml and its translations: every mistake named with file and line."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

from bot.cli.main import main
from bot.core.assistant import Assistant
from bot.core.message_keys import MESSAGE_KEYS
from bot.jobs.reloader import KnowledgeHolder
from bot.kb import check_knowledge, load_knowledge, read_knowledge
from bot.kb.messages import messages_guide
from bot.kb.schema import fields_guide
from bot.telegram.menus import CLIENT_COMMANDS
from bot.telegram.wording import NOT_TEXT_KINDS
from tests.kb_factory import FILES, write_knowledge

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = FILES["messages.yaml"]


def line_of(text: str, start: str) -> int:
    """The 1-based line of `text` that starts with `start`."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def problems_with(tmp_path: Path, messages: str, **files: str) -> list[str]:
    write_knowledge(tmp_path, **{"messages.yaml": messages, **files})
    return [str(p) for p in check_knowledge(tmp_path)]


def test_an_unknown_placeholder_is_named_with_its_line_and_a_guess(tmp_path: Path) -> None:
    broken = MESSAGES.replace("Your last treatment: {day}.", "Your last treatment: {dya}.")
    [problem] = problems_with(tmp_path, broken)
    line = line_of(broken, "  Your last treatment: {dya}.")
    assert problem == (
        f"{tmp_path.name}/messages.yaml:{line}: message 'session_shown': "
        "unknown placeholder {dya} (did you mean {day}?)"
    )


def test_a_placeholder_of_another_message_is_not_available(tmp_path: Path) -> None:
    broken = MESSAGES.replace("no_session: I don't", "no_session: \"{first_name}, I don't")
    broken = broken.replace("for you yet. When was your last treatment?", 'for you yet."')
    [problem] = problems_with(tmp_path, broken)
    assert problem.startswith(
        f"{tmp_path.name}/messages.yaml:{line_of(broken, 'no_session:')}: message 'no_session': "
        "{first_name} is not available in this message (it can use: {clinic_name}, {phone},"
    )


def test_unpaired_braces_are_named_on_their_line_of_a_block(tmp_path: Path) -> None:
    broken = MESSAGES.replace("  Open: {hours}", "  Open: {hours")
    [problem] = problems_with(tmp_path, broken)
    assert problem == (
        f"{tmp_path.name}/messages.yaml:{line_of(broken, '  Open: {hours')}: "
        "message 'clinic_details': a '{' without its '}' (write {{ to show a brace)"
    )


def test_an_unknown_and_a_missing_message_are_both_named(tmp_path: Path) -> None:
    broken = MESSAGES.replace("checkin_done: Thanks, noted.", "checkin_dun: Thanks, noted.")
    assert problems_with(tmp_path, broken) == [
        f"{tmp_path.name}/messages.yaml: missing message 'checkin_done' "
        f"({MESSAGE_KEYS['checkin_done'].when})",
        f"{tmp_path.name}/messages.yaml:{line_of(broken, 'checkin_dun')}: "
        "unknown message 'checkin_dun' (did you mean 'checkin_done'?)",
    ]


def test_an_empty_message_is_refused(tmp_path: Path) -> None:
    broken = MESSAGES.replace("checkin_done: Thanks, noted.", 'checkin_done: ""')
    [problem] = problems_with(tmp_path, broken)
    assert problem.endswith(f":{line_of(broken, 'checkin_done')}: message 'checkin_done' is empty")


def test_without_messages_yaml_the_folder_does_not_load(tmp_path: Path) -> None:
    write_knowledge(tmp_path)
    (tmp_path / "messages.yaml").unlink()
    assert [str(p) for p in check_knowledge(tmp_path)] == [
        f"{tmp_path / 'messages.yaml'}: missing file messages.yaml"
    ]


GERMAN = """\
greeting: Hallo!
no_words: "Ich kann nur Wörter lesen. Bei Sorgen: {contact}."
contact: "{clinic_name}: {phone} (geöffnet {hours})"
"""


def german_clinic() -> str:
    return FILES["clinic.yaml"] + "language: de\n"


def test_a_translation_speaks_its_language_and_english_for_what_it_lacks(tmp_path: Path) -> None:
    write_knowledge(tmp_path, **{"clinic.yaml": german_clinic(), "messages.de.yaml": GERMAN})
    kb = load_knowledge(tmp_path)
    assistant = Assistant(kb)
    assert assistant.respond("🙂").text == (
        "Ich kann nur Wörter lesen. Bei Sorgen: Test Clinic: +44 1 (geöffnet Mon-Fri 9-17)."
    )
    assert kb.messages.render("checkin_done") == "Thanks, noted."


def test_kb_check_warns_of_the_messages_a_translation_lacks(tmp_path: Path) -> None:
    write_knowledge(tmp_path, **{"messages.de.yaml": GERMAN})
    checked = read_knowledge(tmp_path)
    lacking = [key for key in MESSAGE_KEYS if key not in ("greeting", "no_words", "contact")]
    assert checked.problems == ()
    assert [str(w) for w in checked.warnings] == [
        f"{tmp_path.name}/messages.de.yaml: warning: lacks {len(lacking)} message(s), "
        f"said in English from messages.yaml meanwhile: {', '.join(lacking)}"
    ]
    out, err = io.StringIO(), io.StringIO()
    code = main(["kb", "check"], {"AFTERCARE_KNOWLEDGE_DIR": str(tmp_path)}, out, err)
    assert (code, err.getvalue().count("warning: lacks")) == (0, 1)
    assert out.getvalue().startswith("OK:")


def test_a_mistake_in_a_translation_is_an_error(tmp_path: Path) -> None:
    write_knowledge(tmp_path, **{"messages.de.yaml": GERMAN.replace("{phone}", "{telefon}")})
    [problem] = [str(p) for p in check_knowledge(tmp_path)]
    assert problem.startswith(
        f"{tmp_path.name}/messages.de.yaml:3: message 'contact': unknown placeholder {{telefon}}"
    )


def test_a_language_without_its_file_says_which_file_to_write(tmp_path: Path) -> None:
    write_knowledge(tmp_path, **{"clinic.yaml": german_clinic()})
    [problem] = [str(p) for p in check_knowledge(tmp_path)]
    assert problem == (
        f"{tmp_path / 'messages.de.yaml'}: missing file messages.de.yaml: clinic.yaml says "
        "language: de (copy messages.yaml to messages.de.yaml and translate it, "
        "or set language: en)"
    )


def test_an_edited_message_is_picked_up_live(tmp_path: Path) -> None:
    write_knowledge(tmp_path)
    holder = KnowledgeHolder(tmp_path, Assistant(load_knowledge(tmp_path)))
    path = tmp_path / "messages.yaml"
    path.write_text(MESSAGES.replace("I can only read words,", "Words only, please:"))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert holder.refresh().loaded is True
    assert holder.assistant.respond("🙂").text.startswith("Words only, please: so I couldn't")


def test_every_message_is_said_somewhere_in_the_code() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "bot").rglob("*.py"))
    quoted = set(re.findall(r'"([a-z_]+)"', source))
    built = {f"not_text_{kind}" for kind in NOT_TEXT_KINDS} | {f"menu_{c}" for c in CLIENT_COMMANDS}
    assert [key for key in MESSAGE_KEYS if key not in quoted | built] == []


def test_the_staff_guide_lists_every_field_and_message() -> None:
    guide = (ROOT / "knowledge" / "README.md").read_text(encoding="utf-8")
    assert fields_guide() in guide, "run: python -m bot kb guide, and paste it in the guide"
    assert messages_guide() in guide, "run: python -m bot kb guide, and paste it in the guide"
