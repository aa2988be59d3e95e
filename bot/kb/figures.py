"""The clinic's figures (`rules:` in clinic.yaml), put into the files that name them.

Answers and check-ins write `{makeup_after_hours}` where the clinic's figure goes, so an
answer and a check-in can never disagree. Figures are filled in right after a file is read,
before its fields are checked, so a check-in's `after: "{makeup_after_hours}h"` is checked
as the offset it becomes. A placeholder no rule names is a problem with its line.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from bot.core.figures import fill, placeholders
from bot.kb.reading import Node, Reader

RULE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_WHOLE = re.compile(r"^\{[a-z][a-z0-9_]*\}$")


def read_figures(reader: Reader, rules: object) -> dict[str, str]:
    """clinic.yaml's `rules:` section: name -> figure, each checked."""
    if not isinstance(rules, Node):
        return {}
    if not isinstance(rules.value, dict):
        reader.problem(rules.line, "'rules' should be lines like 'makeup_after_hours: 48'")
        return {}
    figures: dict[str, str] = {}
    for name, node in rules.value.items():
        value = node.value
        if not RULE_NAME.match(name):
            reader.problem(node.line, f"rule '{name}': use lowercase letters, digits and _")
        elif isinstance(value, bool) or not isinstance(value, str | int | float):
            reader.problem(node.line, f"rule '{name}' should be a number or a short text")
        elif not str(value).strip():
            reader.problem(node.line, f"rule '{name}' is empty")
        else:
            figures[name] = str(value).strip()
    return figures


def fill_figures(
    reader: Reader, node: Node, figures: dict[str, str], later: Collection[str] = ()
) -> None:
    """Every text in a file's tree with its figures put in (in place); unknown ones reported.

    A text that is nothing but one placeholder for a whole number becomes that number, so
    `escalate_after_days: "{redness_check_day}"` is checked as a number of days. Names in
    `later` are not figures but filled in when the text is sent (a check-in's
    {this_part_of_day}): they stay.
    """
    if isinstance(node.value, dict):
        for child in node.value.values():
            fill_figures(reader, child, figures, later)
    elif isinstance(node.value, list):
        for child in node.value:
            fill_figures(reader, child, figures, later)
    elif isinstance(node.value, str) and "{" in node.value:
        text = node.value
        first = node.line + (1 if node.block else 0)
        for name, offset in placeholders(text):
            if name not in figures and name not in later:
                known = ", ".join(sorted(figures)) or "none yet"
                reader.problem(
                    first + offset, f"unknown figure {{{name}}} (clinic.yaml rules: {known})"
                )
        filled = fill(text, figures)
        whole = _WHOLE.match(text.strip()) is not None and filled.strip().isdigit()
        node.value = int(filled) if whole else filled
