"""The bot's own words: templates with named placeholders, rendered from the catalog."""

from __future__ import annotations

import pytest

from bot.core.knowledge import Clinic
from bot.core.message_keys import MESSAGE_KEYS, PLACEHOLDERS, available
from bot.core.messages import Messages, TemplateError, parse_template

CLINIC = Clinic(name="Skin & Co", phone="+44 1", hours="9-5", emergency_number="999")


def catalog(clinic: Clinic = CLINIC, **texts: str) -> Messages:
    return Messages.build({"contact": "{clinic_name}: {phone} (open {hours})", **texts}, clinic)


def test_placeholders_are_filled_with_the_values_and_the_clinic_details() -> None:
    words = catalog(session_recorded="Noted: {day}. Questions? {contact}.")
    actual = words.render("session_recorded", day="Friday")
    assert actual == "Noted: Friday. Questions? Skin & Co: +44 1 (open 9-5)."


def test_a_line_whose_placeholders_are_all_empty_is_left_out() -> None:
    words = catalog(clinic_details="{clinic_name}\nAddress: {address}\nCall {emergency_number}.")
    assert words.render("clinic_details") == "Skin & Co\nCall 999."


def test_a_line_keeps_an_empty_placeholder_next_to_a_filled_one() -> None:
    words = catalog(invite_greeting="Hello, {first_name}!{noted}\n\nBye.")
    assert words.render("invite_greeting", first_name="Bo", noted="") == "Hello, Bo!\n\nBye."


def test_double_braces_show_a_brace() -> None:
    words = catalog(help="Type {{date}} for {clinic_name}")
    assert words.render("help") == "Type {date} for Skin & Co"


def test_render_refuses_a_value_the_message_does_not_declare() -> None:
    words = catalog(help="Help")
    with pytest.raises(ValueError, match="'help' takes"):
        words.render("help", first_name="Bo")


def test_render_of_a_message_the_catalog_lacks_names_it() -> None:
    with pytest.raises(KeyError, match="no message 'help'"):
        catalog().render("help")


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("ok\nHello {name", 1, "a '{' without its '}'"),
        ("Hello name}", 0, "a '}' without its '{'"),
        ("{count:,} clients", 0, "write a placeholder as just {count}"),
        ("{first name}", 0, "{first name} is not a placeholder"),
        ("{}", 0, "{} is not a placeholder"),
    ],
)
def test_malformed_braces_say_which_line_and_what_to_write(
    text: str, line: int, reason: str
) -> None:
    with pytest.raises(TemplateError) as caught:
        parse_template(text)
    assert caught.value.line == line
    assert reason in str(caught.value)


def test_every_declared_placeholder_is_a_plain_name() -> None:
    names = {name for spec in MESSAGE_KEYS.values() for name in spec.placeholders}
    assert [name for name in names if not name.isidentifier()] == []


def test_every_placeholder_is_explained_for_staff() -> None:
    declared = {name for key in MESSAGE_KEYS for name in available(key)}
    assert declared == set(PLACEHOLDERS)
