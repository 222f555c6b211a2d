"""The socket.io side of the channel against the real server, with python-socketio's client: origins, session ids,
and bad payloads answered with `webchat_error` instead of crashing anything.

The client runs on its own event loop in a worker thread (tests/webchat/loops.py). It polls over HTTP:
python-engineio's websocket client needs a newer aiohttp than Rasa 3.6 pins, and the origin check and the events
are the same on both transports.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import requests
import socketio

from tests.servers import Servers
from tests.webchat.loops import run_async

pytestmark = pytest.mark.slow
WAIT_S = 60


class Client:
    """A socket.io client that records every event it receives."""

    def __init__(self, url: str, origin: str | None) -> None:
        self.url, self.origin = url, origin
        self.sio = socketio.AsyncClient(reconnection=False)
        self.events: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        for name in ("session_confirm", "bot_uttered", "webchat_error"):
            self.sio.on(name, self._recorder(name))

    def _recorder(self, name: str) -> Callable[..., None]:
        return lambda *args: self.events.put_nowait((name, args[0] if args else None))

    async def __aenter__(self) -> Client:
        headers = {"Origin": self.origin} if self.origin else {}
        await self.sio.connect(self.url, headers=headers, transports=["polling"], wait_timeout=10)
        return self

    async def __aexit__(self, *exc: object) -> None:
        # abort: else a polling client waits for its pending long-poll to return (up to the 25 s ping interval)
        await self.sio.eio.disconnect(abort=True)

    async def next(self, name: str) -> Any:
        while True:
            got, data = await asyncio.wait_for(self.events.get(), WAIT_S)
            if got == name:
                return data


def own_origin(servers: Servers) -> str:
    return servers.url  # http://127.0.0.1:PORT, the demo page's origin


@pytest.mark.parametrize(
    ("origin", "accepted"),
    [("own", True), ("http://evil.example", False), ("http://127.0.0.1:1", False), ("null", False)],
)
def test_engineio_handshake_checks_the_origin(assistant: Servers, origin: str, accepted: bool) -> None:
    origin = own_origin(assistant) if origin == "own" else origin
    reply = requests.get(
        f"{assistant.url}/socket.io/",
        params={"EIO": "4", "transport": "polling"},
        headers={"Origin": origin},
        timeout=10,
    )
    assert (reply.status_code == 200) is accepted, reply.text
    if not accepted:
        assert "not an accepted origin" in reply.text


def test_socketio_client_from_another_origin_is_refused(assistant: Servers) -> None:
    async def run() -> None:
        with pytest.raises(socketio.exceptions.ConnectionError):
            async with Client(assistant.url, "https://evil.example"):
                pass

    run_async(run)


def test_session_persists_and_messages_reach_that_conversation(assistant: Servers) -> None:
    session = uuid.uuid4().hex

    async def run() -> list[Any]:
        async with Client(assistant.url, own_origin(assistant)) as client:
            await client.sio.emit("session_request", {"session_id": session})
            assert await client.next("session_confirm") == session
            await client.sio.emit("user_uttered", {"message": "/ask_qualification", "session_id": session})
            return [await client.next("bot_uttered")]

    replies = run_async(run)
    assert replies[0]["buttons"], replies  # the setting question, with its buttons
    assert {"title", "payload"} == set(replies[0]["buttons"][0])
    assert assistant.tracker(session)["slots"]["requested_slot"] == "setting"


@pytest.mark.parametrize("sent", [None, "not-a-session", "A" * 32, "0" * 31, {"x": 1}, 5])
def test_a_bad_session_id_gets_a_fresh_one(assistant: Servers, sent: object) -> None:
    async def run() -> str:
        async with Client(assistant.url, own_origin(assistant)) as client:
            await client.sio.emit("session_request", {"session_id": sent})
            return await client.next("session_confirm")

    confirmed = run_async(run)
    assert confirmed != sent
    assert re.fullmatch("[0-9a-f]{32}", confirmed)


BAD_MESSAGES: list[Any] = [
    "just a string",
    ["a", "list"],
    {},
    {"message": 5},
    {"message": "   "},
    {"message": "\x00\x07\u202e\n"},  # nothing left once control characters are removed
    {"message": "hi"},  # no session id
    {"message": "hi", "session_id": "../../etc/passwd"},
    {"message": "hi", "session_id": "f" * 32},  # not the session this socket joined
    {"message": "hi", "session_id": "SESSION", "metadata": ["not", "a", "dict"]},
    {"message": "hi", "session_id": "SESSION", "metadata": "{not json"},
]


@pytest.mark.parametrize("bad", BAD_MESSAGES, ids=range(len(BAD_MESSAGES)))
def test_bad_messages_get_a_clear_error_and_the_socket_keeps_working(assistant: Servers, bad: Any) -> None:
    session = uuid.uuid4().hex
    if isinstance(bad, dict) and bad.get("session_id") == "SESSION":
        bad = {**bad, "session_id": session}

    async def run() -> tuple[Any, Any]:
        async with Client(assistant.url, own_origin(assistant)) as client:
            await client.sio.emit("session_request", {"session_id": session})
            await client.next("session_confirm")
            await client.sio.emit("user_uttered", bad)
            error = await client.next("webchat_error")
            await client.sio.emit("user_uttered", {"message": "/ask_qualification", "session_id": session})
            return error, await client.next("bot_uttered")

    error, reply = run_async(run)
    assert isinstance(error["error"], str), error
    assert error["error"]
    assert "Traceback" not in error["error"]
    assert reply["text"]
    events = assistant.tracker(session)["events"]
    assert [e["text"] for e in events if e["event"] == "user"] == ["/ask_qualification"]


def test_events_with_no_arguments_or_too_many_are_answered(assistant: Servers) -> None:
    session = uuid.uuid4().hex

    async def run() -> tuple[str, Any]:
        async with Client(assistant.url, own_origin(assistant)) as client:
            await client.sio.emit("session_request")  # no data at all: a new session
            fresh = await client.next("session_confirm")
            await client.sio.emit("user_uttered", ({"message": "hi", "session_id": session}, "extra"))
            return fresh, await client.next("webchat_error")

    fresh, error = run_async(run)
    assert len(fresh) == 32
    assert "different session" in error["error"]
