"""The shared input rule (channels/limits.py) and how each channel applies it, without Rasa running: control
characters removed, an over-long message replaced by the too-long intent, bad REST bodies refused naming the field.
The same rules on real servers are in test_input_servers.py."""

from __future__ import annotations

import json

import pytest

from channels.limits import (
    DEFAULT_MAX_MESSAGE_CHARS,
    MESSAGE_TOO_LONG_INTENT,
    LimitConfigError,
    clean_sender,
    clean_text,
    max_message_chars,
    screen,
)
from channels.rest import MAX_BODY_BYTES, RestMessage, RestPayloadError, parse_rest_body
from channels.slack import message_from_event
from channels.teams_activity import read_activity
from channels.webchat import parse_incoming
from tests.channels.fake_botframework import APP_ID, message
from tests.channels.test_slack_units import dm

TOO_LONG = f"/{MESSAGE_TOO_LONG_INTENT}"


@pytest.mark.parametrize(
    ("typed", "cleaned"),
    [
        ("hello", "hello"),
        ("  two\nlines\r\n\tand a tab ", "two lines and a tab"),
        ("bell\x07 null\x00 escape\x1b[31m del\x7f c1\x85x", "bell null escape[31m del c1 x"),
        ("rtl \u202eevil\u202c and isolate \u2066x\u2069", "rtl evil and isolate x"),
        ("lone surrogate \ud800 here", "lone surrogate  here"),
        ("emoji 👩‍🏫 and accents é stay", "emoji 👩‍🏫 and accents é stay"),
        ("\x00\x01\u202e", ""),
    ],
)
def test_control_and_invisible_characters_are_removed(typed: str, cleaned: str) -> None:
    assert clean_text(typed) == cleaned
    clean_text(typed).encode("utf-8")  # always encodable: a lone surrogate would fail the database and the JSON


def test_a_message_over_the_limit_becomes_the_too_long_intent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SENCO_MAX_MESSAGE_CHARS", raising=False)
    assert max_message_chars() == DEFAULT_MAX_MESSAGE_CHARS == 1000
    assert screen("x" * 1000) == "x" * 1000
    assert screen("x" * 1001) == TOO_LONG
    assert screen(" " * 5000 + "hi") == "hi"  # the limit counts what is left after cleaning
    monkeypatch.setenv("SENCO_MAX_MESSAGE_CHARS", "20")
    assert screen("x" * 21) == TOO_LONG
    assert screen("x" * 20) == "x" * 20


@pytest.mark.parametrize("bad", ["0", "-5", "many", "1.5"])
def test_a_bad_limit_setting_is_an_error_naming_it(monkeypatch: pytest.MonkeyPatch, bad: str) -> None:
    monkeypatch.setenv("SENCO_MAX_MESSAGE_CHARS", bad)
    with pytest.raises(LimitConfigError, match="SENCO_MAX_MESSAGE_CHARS"):
        max_message_chars()


@pytest.mark.parametrize("sender", [None, 5, 1.5, True, [], {}, "", "x" * 129, "a\x00b", " padded", "new\nline"])
def test_unusable_conversation_ids_are_refused(sender: object) -> None:
    assert clean_sender(sender) is None


def test_usable_conversation_ids_are_kept() -> None:
    for sender in ("me", "U0123_D0456", "a" * 128, "école 1"):
        assert clean_sender(sender) == sender


def _body(value: object) -> bytes:
    return json.dumps(value).encode()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"", "body"),
        (b"not json", "body"),
        (b"\xff\xfe binary", "body"),
        (b"[" * 50_000, "body"),  # deeper than the JSON parser goes
        (b'{"sender": "a", "message": "' + b"x" * MAX_BODY_BYTES + b'"}', "body"),
        (_body(["sender", "message"]), "body"),
        (_body("a string"), "body"),
        (_body(None), "body"),
        (_body(5), "body"),
        (_body({"message": "hi"}), "sender"),
        (_body({"sender": 5, "message": "hi"}), "sender"),
        (_body({"sender": None, "message": "hi"}), "sender"),
        (_body({"sender": {"id": "x"}, "message": "hi"}), "sender"),
        (_body({"sender": "", "message": "hi"}), "sender"),
        (_body({"sender": "me"}), "message"),
        (_body({"sender": "me", "message": None}), "message"),
        (_body({"sender": "me", "message": 42}), "message"),
        (_body({"sender": "me", "message": ["hi"]}), "message"),
        (_body({"sender": "me", "message": "   \n\x00"}), "message"),
        (_body({"sender": "me", "message": "hi", "metadata": "x"}), "metadata"),
        (_body({"sender": "me", "message": "hi", "metadata": {"x": "y" * 5000}}), "metadata"),
    ],
)
def test_bad_rest_bodies_name_the_field(body: bytes, field: str) -> None:
    with pytest.raises(RestPayloadError) as refused:
        parse_rest_body(body)
    assert refused.value.field == field
    assert str(refused.value)


def test_a_good_rest_body_is_cleaned_and_limited() -> None:
    assert parse_rest_body(_body({"sender": "me", "message": " hi\x00 there\n"})) == RestMessage("me", "hi there", None)
    long = parse_rest_body(_body({"sender": "me", "message": "y" * 5000, "metadata": {"page": 1}}))
    assert long == RestMessage("me", TOO_LONG, {"page": 1})


def test_every_channel_applies_the_same_rule() -> None:
    """Web chat, Slack and Teams give Rasa the cleaned text, or the too-long intent."""
    session = "ab" * 16
    assert parse_incoming({"message": "a\x00b\u202e", "session_id": session}).text == "ab"
    assert parse_incoming({"message": "z" * 1001, "session_id": session}).text == TOO_LONG

    slack = message_from_event(dm("a\x07b"))
    assert slack is not None
    assert slack.text == "ab"
    slack_long = message_from_event(dm("z" * 1001))
    assert slack_long is not None
    assert slack_long.text == TOO_LONG

    teams = read_activity(message("a\x1bb", "https://smba.example/uk/"), APP_ID)
    assert teams is not None
    assert teams.text == "ab"
    teams_long = read_activity(message("z" * 1001, "https://smba.example/uk/"), APP_ID)
    assert teams_long is not None
    assert teams_long.text == TOO_LONG
