"""Labelled client messages read from YAML, for the quality test and the benchmark."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.core.evaluation import Example


def load_examples(path: str | Path) -> list[Example]:
    """The labelled messages of a YAML file (`messages:` list)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return [
        Example(
            text=str(item["text"]),
            kind=item["kind"],
            topic=item.get("topic"),
            sign=item.get("sign"),
            days_since_session=item.get("days_since_session"),
        )
        for item in data["messages"]
    ]
