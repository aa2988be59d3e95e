"""What `kb check` reports for a test knowledge folder, as text; the topics file tests break."""

from __future__ import annotations

from pathlib import Path

from bot.kb.loader import check_knowledge

TOPICS = "topics/aftercare.yaml"


def problems_of(folder: Path) -> list[str]:
    return [str(p) for p in check_knowledge(folder)]
