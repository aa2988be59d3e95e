"""Escaping for HTML parse mode, and splitting long texts into messages Telegram accepts."""

from __future__ import annotations

import html

import pytest

from bot.telegram.text import MAX_MESSAGE_LENGTH, escape, html_chunks, telegram_length


def visible(chunks: list[str]) -> list[str]:
    return [html.unescape(chunk) for chunk in chunks]


def test_escape_makes_markup_characters_literal() -> None:
    assert escape("<b>5 & 6</b> \"quoted\" 'single'") == (
        "&lt;b&gt;5 &amp; 6&lt;/b&gt; \"quoted\" 'single'"
    )


def test_telegram_length_counts_utf16_code_units() -> None:
    assert telegram_length("abc") == 3
    assert telegram_length("😀") == 2


def test_a_short_text_is_one_escaped_chunk() -> None:
    assert html_chunks("Use SPF 50 & reapply <often>") == ["Use SPF 50 &amp; reapply &lt;often&gt;"]


def test_empty_or_blank_text_gives_no_chunks() -> None:
    assert html_chunks("") == []
    assert html_chunks(" \n\n ") == []


def test_exactly_the_limit_is_one_chunk() -> None:
    text = "a" * MAX_MESSAGE_LENGTH
    assert html_chunks(text) == [text]


def test_a_long_text_is_split_at_paragraph_breaks() -> None:
    paragraphs = [f"Paragraph {n}. " + "word " * 300 for n in range(6)]
    text = "\n\n".join(p.strip() for p in paragraphs)
    chunks = html_chunks(text)
    assert len(chunks) > 1
    assert all(telegram_length(chunk) <= MAX_MESSAGE_LENGTH for chunk in chunks)
    assert all(chunk.startswith("Paragraph ") for chunk in chunks)
    assert "\n\n".join(visible(chunks)) == text


def test_without_paragraphs_it_splits_at_line_breaks_then_spaces() -> None:
    lines = "\n".join("line of text " * 10 for _ in range(60))
    assert all(c.endswith("text") for c in html_chunks(lines, limit=1000))
    words = "word " * 2000
    chunks = html_chunks(words, limit=1000)
    assert all(chunk.startswith("word") and chunk.endswith("word") for chunk in chunks)
    assert " ".join(chunks) == words.strip()


def test_escaping_counts_towards_the_limit() -> None:
    text = "sun & sea " * 450  # 4,500 characters; 6,300 once escaped
    chunks = html_chunks(text)
    assert all(telegram_length(chunk) <= MAX_MESSAGE_LENGTH for chunk in chunks)
    assert " ".join(visible(chunks)) == text.strip()


def test_an_entity_is_never_cut_in_half() -> None:
    chunks = html_chunks("&" * 30, limit=12)
    assert chunks == ["&amp;&amp;"] * 15


def test_a_word_longer_than_a_message_is_cut_hard() -> None:
    chunks = html_chunks("x" * 10_000)
    assert [len(chunk) for chunk in chunks] == [4096, 4096, 1808]


def test_astral_characters_count_double_and_are_not_split() -> None:
    chunks = html_chunks("😀" * 3000)
    assert [telegram_length(chunk) for chunk in chunks] == [4096, 1904]
    assert "".join(chunks) == "😀" * 3000


def test_a_limit_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="positive"):
        html_chunks("text", limit=0)
