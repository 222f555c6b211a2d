"""Fuzzing: property-based and random input (unicode, lone surrogates, huge, empty, binary, JSON edge cases: deep
nesting, wrong types, null, numbers as the sender, NaN) against the REST and socket.io channels on the real servers,
the date component and the rules engine CLI. Nothing may answer 5xx, crash or hang, and the server must still answer
a real question afterwards. Example counts are kept small so the suite stays quick (about 200 HTTP requests)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import uuid
from datetime import date
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from channels.webchat import MAX_HTTP_BUFFER_BYTES
from senco_nlu.components import entities
from senco_nlu.dates import find_dates, parse_date_answer
from tests.servers import ROOT, Servers
from tests.webchat.loops import run_async
from tests.webchat.test_socket_protocol import Client, own_origin

ANY_TEXT = st.text(st.characters(blacklist_categories=()), max_size=300)  # every code point, lone surrogates too
HUGE_TEXT = st.integers(1001, 20_000).map(lambda n: "é" * n)
# Over the length limit yet inside one socket.io packet: the client escapes "é" as six bytes, and a packet over
# MAX_HTTP_BUFFER_BYTES is refused by engine.io itself (test_a_socketio_packet_over_the_buffer_limit_...).
PACKET_TEXT = st.integers(1001, (MAX_HTTP_BUFFER_BYTES - 1024) // 6).map(lambda n: "é" * n)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | ANY_TEXT  # floats include NaN and infinities
JSON_VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4), max_leaves=12
)
SENDERS = st.one_of(
    st.text(min_size=1, max_size=20), st.just(""), st.text(min_size=129, max_size=200), SCALARS, JSON_VALUES
)
MESSAGES = st.one_of(ANY_TEXT, HUGE_TEXT, st.just(""), st.just("   \x00 "), SCALARS, JSON_VALUES)
MESSAGE_OBJECTS = st.fixed_dictionaries({"sender": SENDERS, "message": MESSAGES}, optional={"metadata": JSON_VALUES})
SOCKET_MESSAGES = st.one_of(ANY_TEXT, PACKET_TEXT, st.just(""), st.just("   \x00 "), SCALARS, JSON_VALUES)
SOCKET_OBJECTS = st.fixed_dictionaries(
    {"sender": SENDERS, "message": SOCKET_MESSAGES}, optional={"metadata": JSON_VALUES}
)
REST_BODIES = st.one_of(
    st.binary(max_size=200),
    JSON_VALUES.map(json.dumps).map(str.encode),
    MESSAGE_OBJECTS.map(json.dumps).map(lambda text: text.encode("utf-8", "surrogatepass")),
)
SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}


def still_answers(servers: Servers) -> None:
    """A real question after the fuzzing gets a real answer: the form starts and asks its first question."""
    who = f"after-fuzz-{uuid.uuid4().hex[:8]}"
    assert servers.say(who, "which SENCO qualification do I need?")
    assert servers.tracker(who)["active_loop"]["name"] == "senco_form"


@pytest.mark.slow
def test_rest_channel_survives_random_bodies(served: Servers) -> None:
    url = f"{served.url}/webhooks/rest/webhook"

    @settings(max_examples=150, **SETTINGS)
    @given(body=REST_BODIES)
    @example(body=b"[" * 50_000)
    @example(body=b'{"sender": "x", "message": "' + b"a" * 70_000 + b'"}')
    @example(body=b'{"sender": 1e999999, "message": "hi"}')
    @example(body=b'{"sender": "x", "message": "hi", "metadata": {"n": NaN}}')
    @example(body=b'{"sender": "x", "message": "' + b"9" * 5000 + b'"}')
    @example(body=b'{"sender": "x", "message": "\\ud800 lone surrogate"}')
    @example(body=b'{"sender": "x", "message": "/inform{\\"appointment_date\\": [1, {\\"a\\": null}]}"}')
    @example(body=b'{"sender": "x", "message": "/not_an_intent{not json"}')
    @example(body=b"\xff\xfe\x00\x00")
    @example(body=b"")
    def post(body: bytes) -> None:
        reply = requests.post(url, data=body, headers={"Content-Type": "application/json"}, timeout=60)
        assert reply.status_code in (200, 400), (reply.status_code, reply.text[:300], body[:200])
        reply.json()

    post()
    still_answers(served)


@pytest.mark.slow
def test_socketio_channel_survives_random_events(served: Servers) -> None:
    @settings(max_examples=30, **SETTINGS)
    @given(
        first=st.one_of(JSON_VALUES, SOCKET_OBJECTS),
        session_arg=st.one_of(JSON_VALUES, st.fixed_dictionaries({"session_id": SENDERS})),
        extra=st.lists(JSON_VALUES, max_size=2),
    )
    def exchange(first: Any, session_arg: Any, extra: list[Any]) -> None:
        # Packets over engine.io's buffer are refused before the channel sees them, and that client is dropped
        # (test_a_socketio_packet_over_the_buffer_limit_drops_only_that_client); this property is about every
        # packet within it. Measured as the client sends it: JSON with non-ASCII escaped (up to 12 bytes a
        # character), plus room for socket.io's own framing.
        for packet in (session_arg, [first, *extra]):
            assume(len(json.dumps(packet)) < MAX_HTTP_BUFFER_BYTES - 1024)
        session = uuid.uuid4().hex

        async def run() -> Any:
            async with Client(served.url, own_origin(served)) as client:
                await client.sio.emit("session_request", session_arg)  # garbage: a fresh session is confirmed
                await client.next("session_confirm")
                await client.sio.emit("session_request", {"session_id": session})
                await client.next("session_confirm")
                await client.sio.emit("user_uttered", (first, *extra) if extra else first)
                await client.sio.emit("user_uttered", {"message": "/ask_qualification", "session_id": session})
                return await client.next("bot_uttered")  # the socket still answers: nothing hung or crashed

        assert run_async(run)

    exchange()
    still_answers(served)


@pytest.mark.slow
def test_a_socketio_packet_over_the_buffer_limit_drops_only_that_client(served: Servers) -> None:
    """engine.io refuses a packet over MAX_HTTP_BUFFER_BYTES and drops that connection (the widget never sends one:
    its box holds 1,000 characters); the server carries on and the next client is answered."""
    session = uuid.uuid4().hex

    async def oversized() -> bool:
        async with Client(served.url, own_origin(served)) as client:
            await client.sio.emit("session_request", {"session_id": session})
            await client.next("session_confirm")
            await client.sio.emit("user_uttered", {"message": "é" * 15_119, "session_id": session})
            for _ in range(100):
                if not client.sio.connected:
                    return True
                await asyncio.sleep(0.1)
            return False

    async def fresh() -> Any:
        async with Client(served.url, own_origin(served)) as client:
            await client.sio.emit("session_request", {"session_id": uuid.uuid4().hex})
            confirmed = await client.next("session_confirm")
            await client.sio.emit("user_uttered", {"message": "/ask_qualification", "session_id": confirmed})
            return await client.next("bot_uttered")

    assert run_async(oversized), "the oversized packet did not end its connection"
    assert run_async(fresh)


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(
        ANY_TEXT,
        st.lists(
            st.sampled_from(
                ["31", "02", "/", "-", ".", "2024", "24", "'24", "Sept", "last", "this", "term", "spring", "half",
                 "since", "jan", "13/13/13", "0", "9999", "1st", "of", "march", "  ", "\u202e", "\x00", "٣", "²"]
            ),
            max_size=12,
        ).map(" ".join),
    ),
    # `today` is the operator's setting (SENCO_TODAY), not user input: any day the rules data covers
    today=st.dates(min_value=date(2024, 9, 1), max_value=date(2100, 12, 31)),
)  # fmt: skip
@example(text="HALFTERM", today=date(2024, 9, 1))  # which half term? asked about, neither a date nor an error
def test_the_date_and_fact_components_never_raise(text: str, today: date) -> None:
    for found in find_dates(text, today):
        assert text[found.start : found.end] == found.text
        # exactly one of: a date, a reason it cannot be used, or words that need asking about ("half term")
        assert [found.value is not None, found.error is not None, found.unclear].count(True) == 1
    parse_date_answer(text, today)
    entities(text)


FACT_KEYS = ["role", "setting", "appointment_date", "nasenco", "npq", "npq_start_date", "teacher_status",
             "prior_senco_service_over_12_months", "nasenco_start_date", "nasenco_completion_date"]  # fmt: skip
FACTS = st.one_of(
    JSON_VALUES,
    st.dictionaries(st.sampled_from(FACT_KEYS), st.one_of(SCALARS, st.dates().map(str), JSON_VALUES), max_size=6),
)


@settings(max_examples=60, **SETTINGS)
@given(facts=FACTS.map(lambda value: json.dumps(value, ensure_ascii=False)) | st.binary(max_size=100).map(repr))
@example(facts="[" * 50_000)
@example(facts="")
def test_the_rules_engine_cli_answers_or_names_the_field(facts: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "rules_engine", "assess", "--today", "2026-11-22"],
        cwd=ROOT,
        input=facts.encode("utf-8", "surrogatepass"),
        capture_output=True,
        timeout=60,
    )
    assert done.returncode in (0, 2), done.stderr.decode(errors="replace")[-2000:]
    if done.returncode == 0:
        assert "outcome" in json.loads(done.stdout)
    else:
        error = json.loads(done.stderr)
        assert isinstance(error["field"], str)  # the fact's key as given, which may itself be "" or odd
        assert error["error"]
