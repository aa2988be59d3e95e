"""The clinic's figures, written once and used by name: "{makeup_after_hours} hours".

A clinic states each aftercare rule (48 hours before makeup, 72 hours before the gym) in
one place; answers and check-ins name it in braces, so the two can never disagree. Only
`{lowercase_name}` is a placeholder: other braces in a text are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


def placeholders(text: str) -> list[tuple[str, int]]:
    """Every placeholder in a text, with the line (0-based, within the text) it stands on."""
    return [(m[1], text.count("\n", 0, m.start())) for m in PLACEHOLDER.finditer(text)]


def fill(text: str, figures: Mapping[str, str]) -> str:
    """The text with each known placeholder replaced by its figure; unknown ones stay."""
    return PLACEHOLDER.sub(lambda m: figures.get(m[1], m[0]), text)
