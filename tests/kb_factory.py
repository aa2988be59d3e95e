"""A small, valid knowledge folder written into a temporary directory, for tests to break."""

from __future__ import annotations

from pathlib import Path

# The bot's own words as shipped: every test folder speaks them, like a new clinic's would.
SHIPPED_MESSAGES = Path(__file__).resolve().parents[1] / "knowledge" / "messages.yaml"

FILES = {
    "sources.yaml": """\
sources:
  - id: doc-a
    title: "Document A"
    document: seeds/a.txt
""",
    "clinic.yaml": """\
name: Test Clinic
phone: "+44 1"
hours: "Mon-Fri 9-17"
emergency_number: "999"
timezone: Europe/London
quiet_hours: {start: "21:00", end: "09:00"}
""",
    "topics/aftercare.yaml": """\
topics:
  - id: sun-protection
    title: Sun protection
    questions:
      - can i go in the sun
      - do i need sunscreen
    answer: Avoid direct sun and use a broad-spectrum sunscreen.
    source: doc-a
  - id: makeup-and-skincare
    title: Makeup
    questions:
      - when can i wear makeup
    answer: Wait at least 48 hours before makeup.
    source: doc-a
""",
    "topics/warning-signs.yaml": """\
topics:
  - id: warning-signs
    title: Warning signs
    questions:
      - what are the warning signs
    answer: Pus or a fever need the clinic today.
    source: doc-a
""",
    "warning-signs.yaml": """\
warning_signs:
  - id: infection
    title: Signs of infection
    level: same-day
    phrases: [pus, yellow crust]
    advice: Do not squeeze it; keep it clean.
    source: doc-a
""",
    "smalltalk.yaml": """\
smalltalk:
  - id: greeting
    phrases: [hi, hello]
    reply: Hello!
""",
    "words.yaml": """\
replace:
  sunblock: sunscreen
""",
    "messages.yaml": SHIPPED_MESSAGES.read_text(encoding="utf-8"),
}


def write_knowledge(folder: Path, **overrides: str) -> Path:
    """Writes the valid folder; `overrides` maps a file name (dots/slashes as given) to new text."""
    for name, text in {**FILES, **{k.replace("__", "/"): v for k, v in overrides.items()}}.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


CHECKINS = """\
checkins:
  - id: evening
    after: 4h
    message: How is your skin {this_part_of_day}?
    buttons: [better]
    source: doc-a
responses:
  better:
    label: Getting better
    reply: Good to hear.
"""
