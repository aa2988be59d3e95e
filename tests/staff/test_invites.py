"""Start-link codes: unguessable, Telegram-shaped, stored only as hashes."""

from __future__ import annotations

from bot.staff.invites import code_hash, is_code_shaped, new_code, qr_png, start_link


def test_codes_fit_telegrams_start_parameter_and_differ() -> None:
    codes = {new_code() for _ in range(1000)}
    assert len(codes) == 1000
    assert all(is_code_shaped(c) and len(c) <= 64 for c in codes)


def test_made_up_text_is_not_code_shaped() -> None:
    assert not is_code_shaped("hello world")
    assert not is_code_shaped("x" * 65)
    assert not is_code_shaped("")


def test_hash_hides_the_code() -> None:
    code = new_code()
    assert code not in code_hash(code)
    assert code_hash(code) == code_hash(code)


def test_link_and_qr_code() -> None:
    link = start_link("clinic_bot", "abc_123")
    assert link == "https://t.me/clinic_bot?start=abc_123"
    assert qr_png(link).startswith(b"\x89PNG\r\n\x1a\n")
