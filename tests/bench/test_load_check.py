"""Every reply is checked, so a fast but broken server cannot win, and a timeout is told apart from a wrong
answer (pure part of the load generator)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import pytest

from bench.load import check_reply, is_timeout, send
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


class FailingSession:
    """Stands in for aiohttp's session: its post fails as `exc` when entered, as a real one does on a timeout."""

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc

    def post(self, url: str, json: Any) -> FailingSession:
        return self

    async def __aenter__(self) -> None:
        raise self.exc

    async def __aexit__(self, *args: object) -> None:
        return None


@pytest.mark.parametrize(
    ("exc", "timed_out"),
    [
        (asyncio.TimeoutError(), True),
        (aiohttp.ServerTimeoutError("read timeout"), True),
        (aiohttp.ClientConnectionError("connection refused"), False),
        (aiohttp.ServerDisconnectedError(), False),
    ],
)
def test_timeouts_are_told_apart_from_other_failures(exc: BaseException, timed_out: bool) -> None:
    error, _ = asyncio.run(send(FailingSession(exc), "http://x", "s", PLAIN))  # type: ignore[arg-type]
    assert error is not None
    assert is_timeout(error) is timed_out
    assert not is_timeout("HTTP 500")
