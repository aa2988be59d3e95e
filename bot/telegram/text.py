"""Plain text made safe for Telegram's HTML parse mode, in messages short enough to send."""

from __future__ import annotations

import html
from bisect import bisect_right
from itertools import accumulate

from bot.core.limits import MAX_MESSAGE_LENGTH

# Where a long text may be cut, best first.
SEPARATORS = ("\n\n", "\n", " ")


def escape(text: str) -> str:
    """Text that Telegram shows exactly as written under parse_mode=HTML."""
    return html.escape(text, quote=False)


def telegram_length(text: str) -> int:
    """Length as Telegram counts it: in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def html_chunks(text: str, limit: int = MAX_MESSAGE_LENGTH) -> list[str]:
    """`text` escaped and split into messages of at most `limit` units each.

    Cuts at a paragraph break, else a line break, else a space, taking the last one
    in the second half of what fits; a single word longer than a message is cut hard.
    Separators at a cut are dropped; no chunk is empty.
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    rest = text.strip()
    whole = escape(rest)
    if telegram_length(whole) <= limit:  # nearly always: no need to look for a cut
        return [whole] if rest else []
    chunks: list[str] = []
    while rest:
        fits = _fitting_prefix(rest, limit)
        if fits == len(rest):
            chunks.append(escape(rest))
            break
        cut, skip = _cut_point(rest, fits)
        head = rest[:cut].rstrip()
        if head:
            chunks.append(escape(head))
        rest = rest[cut + skip :].lstrip()
    return chunks


def _cost(char: str) -> int:
    """Escaped UTF-16 length of one character."""
    return telegram_length(escape(char))


def _fitting_prefix(text: str, limit: int) -> int:
    """How many characters of `text` fit in `limit` units once escaped."""
    costs = list(accumulate(_cost(char) for char in text))
    return max(bisect_right(costs, limit), 1)  # at least one character, so we always move on


def _cut_point(text: str, fits: int) -> tuple[int, int]:
    """Where to cut within the first `fits` characters, and how many separator characters."""
    for separator in SEPARATORS:
        at = text.rfind(separator, 0, fits)
        if at >= fits // 2:
            return at, len(separator)
    return fits, 0
