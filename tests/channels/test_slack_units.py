"""The Slack channel's parts without Rasa running: signature check, reading deliveries, duplicates, Block Kit
rendering and Slack markup, and posting to a fake Slack Web API. Fast; the whole path is in test_slack.py."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import time
from contextlib import ExitStack
from datetime import date
from typing import Any

import aiohttp
import pytest
from aiohttp.client_reqrep import ConnectionKey
from slack_sdk.http_retry.interval_calculator import RetryIntervalCalculator

from actions.payload import payload as answer_action_payload
from channels.slack import (
    GREETING,
    Challenge,
    MemoryDeliveryLog,
    PayloadError,
    SlackChannel,
    SlackMessage,
    SlackOff,
    SlackOutput,
    message_from_action,
    message_from_event,
    parse_request,
    read_body,
    reply_target,
    signature_refusal,
    web_client,
)
from channels.slack_blocks import (
    SECTION_TEXT_LIMIT,
    assessment_message,
    fallback_text,
    leading_mention,
    split_text,
    text_message,
    user_text,
)
from channels.slack_retries import MAX_RETRY_AFTER_S, NotSentRetryHandler, never_sent
from rules_engine import assess, parse_facts
from tests.channels.fake_slack import block_problems, click_body, event_body, fake_slack, signed_headers
from tests.examples import FIRST_ROW
from tests.servers import free_port

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
NOW = 1_800_000_000
TODAY = date(2026, 11, 22)


def signature(body: bytes, timestamp: int = NOW, secret: str = SECRET) -> tuple[str, str]:
    headers = signed_headers(secret, body, timestamp)
    return headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]


# --- signature ------------------------------------------------------------------------------------------------------


def test_slacks_documented_example_signature_is_accepted() -> None:
    # api.slack.com/authentication/verifying-requests-from-slack: this secret, timestamp and body give this signature
    body = (
        b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
        b"&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
        b"&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
        b"&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
    )
    expected = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
    assert signature_refusal(SECRET, "1531420618", body, expected, now=1531420618 + 10) is None


def test_a_good_signature_within_five_minutes_is_accepted() -> None:
    body = b'{"type":"event_callback"}'
    stamp, sig = signature(body)
    assert signature_refusal(SECRET, stamp, body, sig, now=NOW) is None
    assert signature_refusal(SECRET, stamp, body, sig, now=NOW + 300) is None
    assert signature_refusal(SECRET, stamp, body, sig, now=NOW - 300) is None


@pytest.mark.parametrize(
    ("timestamp", "body", "signed_body", "secret", "now"),
    [
        (NOW, b"{}", b"{}", "another-secret", NOW),  # forged
        (NOW, b'{"a":2}', b'{"a":1}', SECRET, NOW),  # body changed after signing
        (NOW, b"{}", b"{}", SECRET, NOW + 301),  # stale: a replay
        (NOW, b"{}", b"{}", SECRET, NOW - 301),  # from the future
    ],
)
def test_a_forged_changed_or_stale_request_is_refused(
    timestamp: int, body: bytes, signed_body: bytes, secret: str, now: int
) -> None:
    stamp, sig = signature(signed_body, timestamp, secret)
    assert signature_refusal(SECRET, stamp, body, sig, now=now)


@pytest.mark.parametrize(
    ("timestamp", "sig"),
    [(None, "v0=00"), (str(NOW), None), ("", ""), ("12.5", "v0=00"), ("-1", "v0=00"), (str(NOW), "v0=é∂ƒ")],
)
def test_missing_or_garbled_headers_are_refused_without_an_error(timestamp: str | None, sig: str | None) -> None:
    assert signature_refusal(SECRET, timestamp, b"{}", sig, now=NOW)


# --- reading deliveries ---------------------------------------------------------------------------------------------


def dm(text: str, **extra: Any) -> dict[str, Any]:
    event = {"type": "message", "channel_type": "im", "channel": "D1", "user": "U1", "text": text, "ts": "1.000001"}
    return json.loads(event_body({**event, **extra}, "Ev1", bot_user="UBOT"))


def mention(text: str, **extra: Any) -> dict[str, Any]:
    event = {"type": "app_mention", "channel": "C1", "user": "U1", "text": text, "ts": "2.000001"}
    return json.loads(event_body({**event, **extra}, "Ev2", bot_user="UBOT"))


def test_a_dm_is_a_message_in_the_dm_conversation() -> None:
    message = message_from_event(dm("hello <@UBOT>"))
    assert message == SlackMessage("hello", "U1", "D1", None, ("event:Ev1", "message:D1:1.000001"))
    assert message.conversation_id == "U1_D1"


def test_a_channel_mention_is_answered_in_a_thread_under_it_and_loses_the_bots_mention() -> None:
    message = message_from_event(mention("<@UBOT> what do I need? cc <@U2>"))
    assert message is not None
    assert (message.text, message.thread_ts, message.conversation_id) == (
        "what do I need? cc @U2",
        "2.000001",
        "U1_C1_2.000001",
    )
    in_thread = message_from_event(mention("<@UBOT> and now?", thread_ts="1.5"))
    assert in_thread is not None
    assert (in_thread.thread_ts, in_thread.conversation_id) == ("1.5", "U1_C1_1.5")


def test_a_mention_without_authorizations_still_loses_the_leading_mention() -> None:
    envelope = mention("<@UOTHERBOT> hi")
    del envelope["authorizations"]
    message = message_from_event(envelope)
    assert message is not None
    assert message.text == "hi"


def test_a_bare_mention_is_a_greeting() -> None:
    message = message_from_event(mention("<@UBOT>"))
    assert message is not None
    assert message.text == GREETING


def test_a_dm_thread_reply_is_answered_in_the_thread_but_stays_the_dm_conversation() -> None:
    message = message_from_event(dm("hello", thread_ts="0.5"))
    assert message is not None
    assert (message.thread_ts, message.conversation_id) == ("0.5", "U1_D1")


@pytest.mark.parametrize(
    "envelope",
    [
        dm("hi", bot_id="B1"),  # another bot, or our own posts
        dm("hi", user="UBOT"),  # our own bot user
        dm("hi", subtype="message_changed"),  # an edit
        dm("hi", subtype="message_deleted"),
        dm("hi", subtype="bot_message"),
        dm("hi", channel="C1", channel_type="channel"),  # a channel message that does not mention us
        mention("<@UBOT> hi", channel="D1"),  # a DM also arrives as message.im
        json.loads(event_body({"type": "reaction_added", "user": "U1"}, "Ev3")),
    ],
)
def test_what_the_assistant_does_not_answer_is_ignored(envelope: dict[str, Any]) -> None:
    assert message_from_event(envelope) is None


@pytest.mark.parametrize(
    "envelope",
    [
        {"type": "event_callback", "event_id": "Ev1"},
        {"type": "event_callback", "event": {"type": "message"}},
        {"type": "event_callback", "event_id": "Ev1", "event": []},
        dm("hi", user=None),
        dm("hi", ts=17),
        dm(None),  # type: ignore[arg-type]
    ],
)
def test_a_message_missing_a_field_is_a_payload_error(envelope: dict[str, Any]) -> None:
    with pytest.raises(PayloadError):
        message_from_event(envelope)


def test_a_button_click_is_the_buttons_payload_in_the_clicked_messages_thread() -> None:
    body = click_body("U1", "C1", '/inform{"setting":"independent"}', {"ts": "3.1", "thread_ts": "2.0"}, "trig1")
    message = parse_request("application/x-www-form-urlencoded", body)
    assert message == SlackMessage('/inform{"setting":"independent"}', "U1", "C1", "2.0", ("action:trig1",))
    assert message.conversation_id == "U1_C1_2.0"


def test_a_link_button_is_ignored_and_a_click_without_actions_is_an_error() -> None:
    payload = read_body("application/x-www-form-urlencoded", click_body("U1", "D1", "x", {}, "t"))
    del payload["actions"][0]["value"]
    assert message_from_action(payload) is None
    payload["actions"] = []
    with pytest.raises(PayloadError):
        message_from_action(payload)


def test_the_body_is_read_whatever_the_charset_and_a_bad_one_is_an_error() -> None:
    assert read_body("application/json; charset=utf-8", b'{"a": 1}') == {"a": 1}
    assert parse_request("application/json", b'{"type": "url_verification", "challenge": "c"}') == Challenge("c")
    assert parse_request("application/json", b'{"type": "app_rate_limited"}') is None
    for content_type, body in [("application/json", b"{"), ("application/json", b'"x"'), ("text/plain", b"\xff")]:
        with pytest.raises(PayloadError):
            read_body(content_type, body)


def test_a_conversation_id_gives_back_where_to_reply() -> None:
    assert reply_target("U1_D1") == ("D1", None)
    assert reply_target("U1_C1_2.000001") == ("C1", "2.000001")


# --- duplicates -----------------------------------------------------------------------------------------------------


def test_a_delivery_is_first_once_until_it_expires_and_the_log_stays_bounded() -> None:
    clock = [0.0]
    log = MemoryDeliveryLog(ttl_s=60, size=3, clock=lambda: clock[0])
    assert asyncio.run(log.first_delivery(("event:1", "message:D1:1")))
    assert not asyncio.run(log.first_delivery(("event:1",)))
    assert not asyncio.run(log.first_delivery(("event:2", "message:D1:1")))
    clock[0] = 61
    assert asyncio.run(log.first_delivery(("event:1",)))
    for key in ("a", "b", "c"):
        assert asyncio.run(log.first_delivery((key,)))
    assert len(log._seen) == 3
    assert asyncio.run(log.first_delivery(("event:1",)))  # pushed out by the bound


# --- the webhook's decision -----------------------------------------------------------------------------------------


def channel() -> SlackChannel:
    found = SlackChannel.from_credentials({"slack_token": "xoxb-1", "slack_signing_secret": SECRET, "api_url": ""})
    assert isinstance(found, SlackChannel)
    return found


def test_slack_is_off_unless_both_credentials_are_set() -> None:
    assert isinstance(SlackChannel.from_credentials({"slack_token": "xoxb-1", "slack_signing_secret": ""}), SlackOff)
    assert isinstance(SlackChannel.from_credentials({"slack_token": "", "slack_signing_secret": SECRET}), SlackOff)
    assert isinstance(SlackChannel.from_credentials(None), SlackOff)
    assert SlackOff.name() == SlackChannel.name() == "slack"
    assert channel().client.base_url == "https://slack.com/api/"


def test_the_webhook_checks_the_signature_first_then_the_body_then_duplicates() -> None:
    slack = channel()
    good = event_body(
        {"type": "message", "channel_type": "im", "channel": "D1", "user": "U1", "text": "hi", "ts": "1.1"}, "E1"
    )
    unsigned = asyncio.run(slack.verdict({"Content-Type": "application/json"}, b"{not json"))
    assert (unsigned.status, unsigned.message) == (401, None)
    stale = asyncio.run(slack.verdict(signed_headers(SECRET, good, int(time.time()) - 400), good))
    assert (stale.status, stale.message) == (401, None)
    malformed = asyncio.run(slack.verdict(signed_headers(SECRET, b"{not json"), b"{not json"))
    assert malformed.status == 400
    assert "JSON" in malformed.body["error"]
    first = asyncio.run(slack.verdict(signed_headers(SECRET, good), good))
    assert (first.status, first.message and first.message.text) == (200, "hi")
    retry = {**signed_headers(SECRET, good), "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    again = asyncio.run(slack.verdict(retry, good))
    assert (again.status, again.message) == (200, None)


# --- Block Kit out --------------------------------------------------------------------------------------------------

HOSTILE = "<!channel> <!here> <@U123> <https://evil.example|click> *bold* _it_ & <b>"


def test_text_is_plain_text_blocks_and_an_escaped_fallback_so_nothing_typed_becomes_markup() -> None:
    message = text_message(HOSTILE)
    assert message is not None
    assert message["blocks"] == [{"type": "section", "text": {"type": "plain_text", "text": HOSTILE, "emoji": True}}]
    assert "<" not in message["text"]
    assert ">" not in message["text"]
    assert message["text"] == fallback_text(HOSTILE)
    assert "&lt;!channel&gt;" in message["text"]
    assert "&amp; &lt;b&gt;" in message["text"]
    assert block_problems(message) == []


def test_a_long_text_is_several_sections_of_one_message_with_nothing_lost() -> None:
    text = "\n".join(f"line {n}: " + "x" * 90 for n in range(100)) + "\n" + "y" * 7000
    pieces = split_text(text)
    assert all(0 < len(piece) <= SECTION_TEXT_LIMIT for piece in pieces)
    assert "".join(pieces).replace("\n", "") == text.replace("\n", "")
    message = text_message(text)
    assert message is not None
    assert block_problems(message) == []
    assert text_message("  \n ") is None


def test_buttons_are_actions_whose_value_is_the_payload_within_slacks_limits() -> None:
    buttons = [{"title": f"Choice {n} " + "z" * 80, "payload": f'/inform{{"n":{n}}}'} for n in range(30)]
    buttons += [{"title": "too big", "payload": "/x" + "y" * 2000}, {"title": "", "payload": "/y"}]
    message = text_message("Pick one", buttons)
    assert message is not None
    actions = [b for b in message["blocks"] if b["type"] == "actions"]
    assert [len(a["elements"]) for a in actions] == [25, 5]
    assert actions[0]["elements"][3]["value"] == '/inform{"n":3}'
    assert block_problems(message) == []


def payload(facts: dict[str, Any]) -> dict[str, Any]:
    assessment = assess(parse_facts(facts), TODAY)
    return {"type": "senco_assessment", **assessment.to_dict(), "as_at": TODAY.isoformat()}


def shown(message: dict[str, Any]) -> str:
    parts = []
    for block in message["blocks"]:
        parts += [block["text"]["text"]] if "text" in block else [e["text"] for e in block.get("elements", [])]
    return "\n".join(parts)


def answer_payload(facts: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The payload exactly as the answer action sends it (actions/payload.py)."""
    monkeypatch.setenv("SENCO_TODAY", TODAY.isoformat())
    assessment = assess(parse_facts(facts), TODAY)
    return json.loads(json.dumps(answer_action_payload(assessment, facts, ())))


def test_the_answer_is_a_compact_summary_with_sources_as_links(monkeypatch: pytest.MonkeyPatch) -> None:
    message = assessment_message(answer_payload(FIRST_ROW, monkeypatch))
    text = shown(message)
    assert "10 March 2028" in text
    assert "Latest safe start for the NPQ: 10 May 2026 (passed)" in text
    assert "OVERDUE" not in text
    assert "<https://www.legislation.gov.uk/uksi/2014/1530/regulation/49|" in text
    assert "NPQ_REQUIRED" not in text
    assert "{" not in text
    assert [b["type"] for b in message["blocks"]] == ["header", "context", "section", "section", "context", "section"]
    # where she stands comes first, before the dates
    assert message["blocks"][2]["text"]["text"].startswith("AT RISK: even starting on the next cohort (1 April 2027)")
    assert message["text"].startswith("SENCO qualification check (England)\nAT RISK")
    timeline = message["blocks"][4]["elements"][0]["text"].splitlines()
    assert timeline[0] == "Timeline"
    assert "22 November 2026: Today" in timeline
    assert block_problems(message) == []


def test_the_calendar_is_a_link_button_when_the_link_is_absolute(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENCO_PUBLIC_URL", "https://senco.example.sch.uk")
    message = assessment_message(answer_payload(FIRST_ROW | {"appointment_date": "2026-09-01"}, monkeypatch))
    (actions,) = [b for b in message["blocks"] if b["type"] == "actions"]
    (button,) = actions["elements"]
    assert button["url"] == (
        "https://senco.example.sch.uk/webhooks/calendar/senco.ics?deadline=2029-09-01&qualification=NPQ_SENCO"
        "&start_by=2027-11-01"
    )
    assert button["text"]["text"] == "Add to calendar"
    assert message["blocks"][2]["text"]["text"].startswith("ON TRACK: start the NPQ by 1 November 2027")
    assert block_problems(message) == []


def test_an_overdue_answer_carries_the_warning() -> None:
    facts = FIRST_ROW | {"setting": "maintained_mainstream", "appointment_date": "2023-09-04"}
    text = shown(assessment_message(payload(facts)))
    assert "4 September 2026" in text
    assert "OVERDUE" in text


def test_a_malformed_or_hostile_payload_is_shown_safely() -> None:
    hostile = {
        "type": "senco_assessment",
        "qualification": "<!channel>",
        "deadline": "not a date",
        "overdue": "yes",
        "citations": [
            {"title": "A & B <!here>", "provision": "s1", "url": "https://ok.example/a?b=1&c=2"},
            {"title": "Bad", "provision": "s2", "url": "javascript:alert(1)"},
            {"title": "Pipe", "provision": "s3", "url": "https://x.example|<!channel>"},
            "not a citation",
        ],
    }
    message = assessment_message(hostile)
    sources = message["blocks"][-1]["text"]
    assert sources["type"] == "mrkdwn"
    assert "<https://ok.example/a?b=1&amp;c=2|A &amp; B &lt;!here&gt;, s1>" in sources["text"]
    assert "• Bad, s2" in sources["text"]
    assert "<!" not in sources["text"]
    assert "javascript" not in sources["text"]
    assert block_problems(message) == []
    assert [b["type"] for b in assessment_message({"type": "senco_assessment"})["blocks"]] == ["header"]


# --- Slack markup in ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("<@UBOT> hello", "hello"),
        ("hello <@UBOT>, I'm the SENCO", "hello , I'm the SENCO"),
        ("ask <@U2|jo> about <#C1|staffroom>", "ask @jo about #staffroom"),
        ("<!channel> <!here> <!subteam^S1|@sencos>", "@channel @here @sencos"),
        ("see <https://evil.example|click> or <https://x.example>", "see click or https://x.example"),
        ("<mailto:a@b.example|a@b.example>", "a@b.example"),
        ("&lt;b&gt; fish &amp;amp; chips", "<b> fish &amp; chips"),
        ("*bold* _it_", "*bold* _it_"),
    ],
)
def test_slack_markup_becomes_the_words_a_person_sees(typed: str, words: str) -> None:
    assert user_text(typed, {"UBOT"}) == words


def test_leading_mention() -> None:
    assert leading_mention(" <@UBOT> hi") == "UBOT"
    assert leading_mention("hi <@UBOT>") is None


# --- posting to the Slack Web API -----------------------------------------------------------------------------------


def test_output_posts_blocks_with_the_token_and_survives_slack_errors_and_an_unreachable_api() -> None:
    async def scenario(api_url: str, fake: Any) -> None:
        client = web_client("xoxb-unit", api_url)
        out = SlackOutput(client, "D1", "5.5")
        await out.send_text_with_buttons("U1_D1", "Pick", [{"title": "Yes", "payload": "/affirm"}])
        await out.send_custom_json("U1_D1", {"type": "something_else", "x": 1})
        await out.send_custom_json("U1_D1", {"type": "senco_assessment", "deadline": "2028-03-10"})
        await out.send_attachment("U1_D1", {"raw": "data"})
        fake.failing_channels.add("D9")
        await SlackOutput(client, "D9").send_text_message("U1_D9", "lost")
        await SlackOutput(client).send_text_message("U1_C7_9.9", "proactive")
        await SlackOutput(web_client("xoxb-unit", "http://127.0.0.1:9/api/")).send_text_message("U1_D1", "x")

    with fake_slack("xoxb-unit") as fake:
        asyncio.run(scenario(fake.url, fake))
        posts = fake.posts()
    assert [(p["channel"], p.get("thread_ts")) for p in posts] == [("D1", "5.5"), ("D1", "5.5"), ("C7", "9.9")]
    assert posts[0]["blocks"][1]["elements"][0]["value"] == "/affirm"
    assert "10 March 2028" in shown(posts[1])
    assert all(p["mrkdwn"] is False and p["unfurl_links"] is False for p in posts)
    assert [c.body["channel"] for c in fake.calls if c.method == "chat.postMessage"] == ["D1", "D1", "D9", "C7"]


# --- a post that may have reached Slack is never sent twice -----------------------------------------------------------

PRIVATE_TEXT = "my appointment letter says 10 March 2025"


def post_once(api_url: str, channel: str, client_timeout_s: float = 1.0) -> None:
    """One reply, posted as the channel posts it, with a short client timeout so a stalled Slack is given up fast."""

    async def scenario() -> None:
        client = web_client("xoxb-unit", api_url, timeout_s=client_timeout_s)
        await SlackOutput(client, channel).send_text_message(f"U1_{channel}", PRIVATE_TEXT)

    asyncio.run(scenario())


def given_up(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "channels.slack" and r.levelno >= logging.ERROR]


@pytest.mark.parametrize("fate", ["drop", "reset", "stall", "500"])
def test_a_post_that_may_have_reached_slack_is_attempted_once_and_logged_once_without_its_text(
    fate: str, caplog: pytest.LogCaptureFixture
) -> None:
    with fake_slack("xoxb-unit") as fake:
        fake.script["D1"], fake.stall_s = [fate], 3.0
        post_once(fake.url, "D1")
        attempts = fake.calls_to("D1")
    assert len(attempts) == 1, f"{fate}: posted {len(attempts)} times"
    assert attempts[0].result["ok"] is True, "the fake did post it: only the answer was lost"
    [logged] = given_up(caplog)
    assert "D1" in logged
    assert "not sent again" in logged
    assert PRIVATE_TEXT not in caplog.text


def test_a_refused_connection_is_tried_again_and_posted_once(caplog: pytest.LogCaptureFixture) -> None:
    """Nothing listens at first (connection refused: the post provably never left); Slack is up by the retry."""
    port = free_port()
    with ExitStack() as stack:
        started: list[Any] = []

        class StartSlackFirst(RetryIntervalCalculator):
            def calculate_sleep_duration(self, current_attempt: int) -> float:
                started.append(stack.enter_context(fake_slack("xoxb-unit", port=port)))
                return 0.0

        async def scenario() -> None:
            client = web_client("xoxb-unit", f"http://127.0.0.1:{port}/api/")
            [not_sent] = [h for h in client.retry_handlers if isinstance(h, NotSentRetryHandler)]
            not_sent.interval_calculator = StartSlackFirst()
            await SlackOutput(client, "D2").send_text_message("U1_D2", PRIVATE_TEXT)

        asyncio.run(scenario())
        [fake] = started
        assert len(fake.calls_to("D2")) == 1
        assert len(fake.posts("D2")) == 1
    assert given_up(caplog) == []


def test_slacks_rate_limit_is_waited_out_as_it_asks_and_the_post_made_once(caplog: pytest.LogCaptureFixture) -> None:
    with fake_slack("xoxb-unit") as fake:
        fake.script["D3"], fake.retry_after = ["429"], "1"
        post_once(fake.url, "D3")
        attempts = fake.calls_to("D3")
        assert [c.result["ok"] for c in attempts] == [False, True]
        assert attempts[1].at - attempts[0].at >= 1.0, "Retry-After was not honoured"
        assert len(fake.posts("D3")) == 1
    assert given_up(caplog) == []


def test_a_rate_limit_asking_for_too_long_a_wait_gives_the_post_up(caplog: pytest.LogCaptureFixture) -> None:
    with fake_slack("xoxb-unit") as fake:
        fake.script["D4"], fake.retry_after = ["429"], str(int(MAX_RETRY_AFTER_S) + 1)
        started = time.monotonic()
        post_once(fake.url, "D4")
        assert time.monotonic() - started < MAX_RETRY_AFTER_S
        assert len(fake.calls_to("D4")) == 1
        assert fake.posts("D4") == []
    [logged] = given_up(caplog)
    assert "rate limited" in logged


def test_only_a_connection_that_never_opened_counts_as_never_sent() -> None:
    key = ConnectionKey("slack.com", 443, True, True, None, None, None)
    assert never_sent(aiohttp.ClientConnectorError(key, ConnectionRefusedError(111, "refused")))
    assert never_sent(aiohttp.ClientConnectorError(key, socket.gaierror(-2, "Name or service not known")))
    for maybe_sent in (
        aiohttp.ServerDisconnectedError(),
        aiohttp.ClientOSError(104, "Connection reset by peer"),
        aiohttp.ServerTimeoutError("Timeout on reading data from socket"),
        asyncio.TimeoutError(),
        aiohttp.ClientPayloadError("Response payload is not completed"),
        None,
    ):
        assert not never_sent(maybe_sent), maybe_sent
