"""The Slack channel end to end: the real action server and Rasa (tests/servers.py), a fake Slack Web API on
loopback (fake_slack.py), and deliveries signed as Slack signs them. Assertions are on what Slack received and
on the tracker, not on wording."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.channels.fake_slack import FakeSlack, click_body, event_body, fake_slack, signed_headers
from tests.servers import Servers, running_assistant

pytestmark = pytest.mark.slow

TOKEN = "xoxb-test-token"
SECRET = "test-signing-secret"
BOT = "UBOT0001"


@dataclass
class Slack:
    """The assistant with Slack on, the fake Web API it posts to, and Slack's side of the webhook."""

    bot: Servers
    api: FakeSlack

    @property
    def webhook(self) -> str:
        return f"{self.bot.url}/webhooks/slack/webhook"

    def deliver(self, body: bytes, headers: dict[str, str] | None = None) -> requests.Response:
        return requests.post(self.webhook, data=body, headers=headers or signed_headers(SECRET, body), timeout=10)

    def dm(self, user: str, channel: str, text: str, **extra: Any) -> tuple[requests.Response, bytes]:
        event = {"type": "message", "channel_type": "im", "channel": channel, "user": user, "text": text}
        body = event_body({**event, "ts": new_ts(), **extra}, new_id("Ev"), BOT)
        return self.deliver(body), body

    def mention(self, user: str, channel: str, text: str, **extra: Any) -> requests.Response:
        event = {"type": "app_mention", "channel": channel, "user": user, "text": f"<@{BOT}> {text}", "ts": new_ts()}
        return self.deliver(event_body({**event, **extra}, new_id("Ev"), BOT))

    def click(self, user: str, channel: str, value: str, message: dict[str, Any]) -> requests.Response:
        body = click_body(user, channel, value, message, new_id("trigger"))
        return self.deliver(body, signed_headers(SECRET, body, content_type="application/x-www-form-urlencoded"))

    def user_turns(self, conversation: str) -> list[dict[str, Any]]:
        return [e for e in self.bot.tracker(conversation)["events"] if e["event"] == "user"]

    def wait_turns(self, conversation: str, count: int, timeout: float = 90) -> dict[str, Any]:
        """The tracker once `count` user messages are in and the assistant has finished answering the last."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            tracker = self.bot.tracker(conversation)
            events = tracker["events"]
            users = [e for e in events if e["event"] == "user"]
            if len(users) >= count and events[-1]["event"] == "action" and events[-1]["name"] == "action_listen":
                assert len(users) == count, f"{len(users)} user turns, expected {count}"
                return tracker
            time.sleep(0.2)
        raise AssertionError(f"conversation {conversation} did not reach {count} turns")


def new_id(prefix: str) -> str:
    return prefix + uuid.uuid4().hex[:10].upper()


_counter = iter(range(1, 1_000_000))


def new_ts() -> str:
    return f"{int(time.time())}.{next(_counter):06d}"


def assessment_posts(posts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [p for p in posts if any(b["type"] == "header" for b in p.get("blocks", []))]


def texts(post: dict[str, Any]) -> list[dict[str, Any]]:
    """Every text object in a post's blocks."""
    found = []
    for block in post.get("blocks", []):
        found += [block["text"]] if "text" in block else []
        found += [e["text"] if isinstance(e.get("text"), dict) else e for e in block.get("elements", [])]
    return found


def button_values(post: dict[str, Any]) -> list[str]:
    return [e["value"] for b in post.get("blocks", []) if b["type"] == "actions" for e in b["elements"]]


@pytest.fixture(scope="module")
def slack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Slack]:
    with fake_slack(TOKEN) as api:
        env = {"SLACK_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": api.url}
        with running_assistant(tmp_path_factory.mktemp("slack"), env) as bot:
            yield Slack(bot, api)


def test_a_direct_message_is_answered_in_the_dm(slack: Slack) -> None:
    user, channel = new_id("U"), new_id("D")
    reply, _ = slack.dm(user, channel, "hello")
    assert reply.status_code == 200
    slack.wait_turns(f"{user}_{channel}", 1)
    posts = slack.api.posts(channel)
    assert posts, slack.api.calls
    assert all("thread_ts" not in p for p in posts)
    assert "/ask_qualification" in button_values(posts[-1])
    assert all(call.token == TOKEN for call in slack.api.calls)


def test_a_whole_conversation_reaches_the_answer_with_its_summary_blocks(slack: Slack) -> None:
    user, channel = new_id("U"), new_id("D")
    text = "I'm the SENCO at an academy since 10/03/2025, no nasenco, not on the npq, first SENCO job"
    slack.dm(user, channel, text)
    tracker = slack.wait_turns(f"{user}_{channel}", 1)
    payloads = [e["data"]["custom"] for e in tracker["events"] if e["event"] == "bot" and e["data"].get("custom")]
    assert [p["deadline"] for p in payloads] == ["2028-03-10"]
    posts = slack.api.posts(channel)
    [summary] = assessment_posts(posts)
    shown = "\n".join(t["text"] for t in texts(summary))
    assert "10 March 2028" in shown
    assert "10 May 2026" in shown
    assert "<https://www.legislation.gov.uk/uksi/2014/1530/regulation/49|" in shown
    assert not any("senco_assessment" in json.dumps(p) or '"outcome"' in json.dumps(p) for p in posts)


def test_a_mention_in_a_channel_is_answered_in_a_thread_under_it_without_the_mention(slack: Slack) -> None:
    user, channel, ts = new_id("U"), new_id("C"), new_ts()
    assert slack.mention(user, channel, "what qualification do I need as SENCO?", ts=ts).status_code == 200
    tracker = slack.wait_turns(f"{user}_{channel}_{ts}", 1)
    assert tracker["events"][-1]["event"] == "action"
    assert [t["text"] for t in slack.user_turns(f"{user}_{channel}_{ts}")] == ["what qualification do I need as SENCO?"]
    posts = slack.api.posts(channel)
    assert posts
    assert {p["thread_ts"] for p in posts} == {ts}


def test_a_message_in_a_thread_is_answered_in_that_thread(slack: Slack) -> None:
    user, channel, root = new_id("U"), new_id("C"), new_ts()
    slack.mention(user, channel, "hello", thread_ts=root)
    slack.wait_turns(f"{user}_{channel}_{root}", 1)
    assert {p["thread_ts"] for p in slack.api.posts(channel)} == {root}
    dm_user, dm, dm_root = new_id("U"), new_id("D"), new_ts()
    slack.dm(dm_user, dm, "hello", thread_ts=dm_root)
    slack.wait_turns(f"{dm_user}_{dm}", 1)
    assert {p["thread_ts"] for p in slack.api.posts(dm)} == {dm_root}


def test_a_button_click_continues_the_conversation(slack: Slack) -> None:
    user, channel = new_id("U"), new_id("D")
    slack.dm(user, channel, "what qualification do I need as SENCO?")
    conversation = f"{user}_{channel}"
    assert slack.wait_turns(conversation, 1)["slots"]["requested_slot"] == "setting"
    question = slack.api.posts(channel)[-1]
    value = next(v for v in button_values(question) if '"independent"' in v)
    assert slack.click(user, channel, value, {**question, "ts": "1800000000.000001"}).status_code == 200
    tracker = slack.wait_turns(conversation, 2)
    assert tracker["slots"]["setting"] == "independent"
    [summary] = assessment_posts(slack.api.posts(channel))
    assert "Required by law in this setting: no" in "\n".join(t["text"] for t in texts(summary))


def test_a_forged_signature_or_a_stale_timestamp_gets_401_and_no_conversation(slack: Slack) -> None:
    user, channel = new_id("U"), new_id("D")
    event = {"type": "message", "channel_type": "im", "channel": channel, "user": user, "text": "hello"}
    body = event_body({**event, "ts": new_ts()}, new_id("Ev"), BOT)
    # well outside the five minutes (the exact boundary is tested on the pure check): requests before these take time
    refused = [
        signed_headers("not-the-secret", body),
        signed_headers(SECRET, body, timestamp=int(time.time()) - 400),
        signed_headers(SECRET, body, timestamp=int(time.time()) + 400),
        {"Content-Type": "application/json"},
        {**signed_headers(SECRET, body), "X-Slack-Signature": "v0=" + "0" * 64},
    ]
    for headers in refused:
        reply = slack.deliver(body, headers)
        assert reply.status_code == 401, headers
        assert "error" in reply.json()
    tampered = body.replace(b"hello", b"hullo")
    assert slack.deliver(tampered, signed_headers(SECRET, body)).status_code == 401
    # a good message afterwards is the barrier: had anything above been queued, it would be handled by now
    other, other_channel = new_id("U"), new_id("D")
    slack.dm(other, other_channel, "hello")
    slack.wait_turns(f"{other}_{other_channel}", 1)
    assert f"{user}_{channel}" not in slack.bot.conversation_ids()  # read from the store: the API would create it
    assert slack.api.posts(channel) == []


def test_a_retried_or_repeated_event_is_answered_once(slack: Slack) -> None:
    user, channel = new_id("U"), new_id("D")
    first, body = slack.dm(user, channel, "hello")
    assert first.status_code == 200
    retry = {**signed_headers(SECRET, body), "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert slack.deliver(body, retry).status_code == 200
    assert slack.deliver(body).status_code == 200
    # the same message delivered under another event id (e.g. two subscriptions) is the same message
    again = json.loads(body)
    again["event_id"] = new_id("Ev")
    assert slack.deliver(json.dumps(again).encode()).status_code == 200
    conversation = f"{user}_{channel}"
    slack.wait_turns(conversation, 1)
    slack.dm(user, channel, "thanks")  # the barrier: a later message is handled after any duplicate would be
    slack.wait_turns(conversation, 2)
    assert [t["text"] for t in slack.user_turns(conversation)] == ["hello", "thanks"]


def test_slack_markup_a_person_types_reaches_the_assistant_as_words_and_is_never_posted_as_markup(
    slack: Slack,
) -> None:
    user, channel = new_id("U"), new_id("D")
    slack.dm(user, channel, "<!channel> <https://evil.example|click> *bold* &lt;b&gt; since 10/03/2025")
    conversation = f"{user}_{channel}"
    slack.wait_turns(conversation, 1)
    assert [t["text"] for t in slack.user_turns(conversation)] == ["@channel click *bold* <b> since 10/03/2025"]
    posts = slack.api.posts(channel)
    assert posts
    for post in posts:
        assert post["mrkdwn"] is False
        assert "<" not in post["text"]
        assert ">" not in post["text"]
        for text in texts(post):
            assert text["type"] == "plain_text" or "evil" not in text["text"]
        assert "<!channel>" not in json.dumps(post)
        assert "evil.example" not in json.dumps(post)


def test_slack_gets_its_200_before_the_assistant_has_answered(slack: Slack) -> None:
    user, channel = new_id("U"), new_id("D")
    slack.api.gate.clear()  # the fake Web API holds every post until the gate opens
    try:
        reply, _ = slack.dm(user, channel, "hello")
        assert reply.status_code == 200
        assert slack.api.posts(channel) == []
    finally:
        slack.api.gate.set()
    slack.wait_turns(f"{user}_{channel}", 1)
    assert slack.api.posts(channel)


def test_a_slack_api_error_is_logged_and_the_conversation_carries_on(slack: Slack) -> None:
    user, channel = new_id("U"), new_id("D")
    slack.api.failing_channels.add(channel)
    slack.dm(user, channel, "what qualification do I need as SENCO?")
    conversation = f"{user}_{channel}"
    slack.wait_turns(conversation, 1)
    slack.dm(user, channel, "an academy")
    assert slack.wait_turns(conversation, 2)["slots"]["setting"] == "academy_mainstream"
    assert "channel_not_found" in (slack.bot.log_dir / "rasa.log").read_text()


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"{not json", "application/json"),
        (b"[1, 2]", "application/json"),
        (b'{"type": "event_callback", "event_id": "Ev1"}', "application/json"),
        (b'{"type": "event_callback", "event_id": "Ev1", "event": {"type": "message", "channel": "D1"}}', None),
        (b'{"type": "url_verification"}', "application/json"),
        (b"command=%2Fsenco&text=hi", "application/x-www-form-urlencoded"),
        (b"payload=%7Bnope", "application/x-www-form-urlencoded"),
        (b'payload={"type":"block_actions","user":{"id":"U1"},"channel":{"id":"D1"},"actions":[]}', None),
        (b"\xff\xfe", "application/json"),
    ],
)
def test_a_malformed_body_gets_400_with_a_json_error(slack: Slack, body: bytes, content_type: str | None) -> None:
    kind = content_type or ("application/x-www-form-urlencoded" if body.startswith(b"payload") else "application/json")
    reply = slack.deliver(body, signed_headers(SECRET, body, content_type=kind))
    assert reply.status_code == 400
    assert reply.json()["error"]


def test_the_health_check_the_readme_gives_says_slack_is_on(slack: Slack) -> None:
    assert requests.get(f"{slack.bot.url}/webhooks/slack/", timeout=10).json() == {"status": "ok"}


def test_the_url_verification_challenge_is_answered_only_when_signed(slack: Slack) -> None:
    body = json.dumps({"type": "url_verification", "token": "x", "challenge": "abc123"}).encode()
    assert slack.deliver(body).json() == {"challenge": "abc123"}
    assert slack.deliver(body, signed_headers("wrong", body)).status_code == 401


def test_slack_is_off_without_both_credentials(tmp_path: Path) -> None:
    with running_assistant(tmp_path, {"SLACK_TOKEN": "", "SLACK_SIGNING_SECRET": SECRET}) as bot:
        body = json.dumps({"type": "url_verification", "challenge": "abc"}).encode()
        reply = requests.post(f"{bot.url}/webhooks/slack/webhook", data=body, headers=signed_headers(SECRET, body))
        assert reply.status_code == 404
        assert requests.get(f"{bot.url}/webhooks/slack/", timeout=10).status_code == 404
        assert bot.say(new_id("rest"), "hello")
