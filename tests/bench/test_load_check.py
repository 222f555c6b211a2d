"""Every reply is checked, so a fast but broken server cannot win (pure part of the load generator)."""

from __future__ import annotations

import json

import pytest

from bench.load import check_reply
from bench.scripts import Turn

PLAIN = Turn("hello", "greet")
FINAL = Turn("no", "deny", expect_assessment=True)
CARD = {"recipient_id": "x", "custom": {"type": "senco_assessment", "outcome": "NPQ_REQUIRED"}}


def test_a_text_reply_is_correct() -> None:
    assert check_reply(200, json.dumps([{"recipient_id": "x", "text": "Hello!"}]), PLAIN) is None


@pytest.mark.parametrize(
    ("status", "body", "why"),
    [
        (500, "[]", "HTTP 500"),
        (503, "", "HTTP 503"),
        (404, "[]", "HTTP 404"),
        (200, "<html>", "not JSON"),
        (200, "[]", "empty reply"),
        (200, "{}", "empty reply"),
        (200, json.dumps([{"recipient_id": "x"}]), "nothing to show"),
        (200, json.dumps([{"recipient_id": "x", "text": ""}]), "nothing to show"),
    ],
)
def test_broken_replies_are_errors(status: int, body: str, why: str) -> None:
    error = check_reply(status, body, PLAIN)
    assert error is not None
    assert why in error


def test_the_assessment_card_is_required_where_the_script_expects_it() -> None:
    text_only = json.dumps([{"recipient_id": "x", "text": "You need the NPQ for SENCOs"}])
    assert "no assessment" in (check_reply(200, text_only, FINAL) or "")
    assert check_reply(200, json.dumps([{"recipient_id": "x", "text": "You need..."}, CARD]), FINAL) is None
    other_custom = json.dumps([{"recipient_id": "x", "custom": {"type": "something_else"}}])
    assert check_reply(200, other_custom, FINAL) is not None
