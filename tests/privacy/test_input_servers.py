"""Hostile input on the real servers: over-long messages answered before NLU (and never stored), control
characters removed, bad REST bodies refused with 400 naming the field, browser requests from other websites refused,
and nothing a person types coming back in a reply."""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pytest
import requests

from channels.limits import MESSAGE_TOO_LONG_INTENT
from tests.servers import ROOT, Servers, free_port, trained_model

pytestmark = pytest.mark.slow

WEBHOOK = "/webhooks/rest/webhook"


def sender() -> str:
    return f"privacy-{uuid.uuid4().hex[:12]}"


def user_texts(tracker: dict) -> list[str]:
    return [event.get("text") for event in tracker["events"] if event["event"] == "user"]


def responses(tracker: dict) -> list[str]:
    return [event["metadata"].get("utter_action") for event in tracker["events"] if event["event"] == "bot"]


def test_an_over_long_message_is_answered_and_its_text_never_stored(served: Servers) -> None:
    who = sender()
    long_text = "my appointment was in March 2024 and " * 100  # ~3,700 characters, with facts NLU would read
    replies = served.say(who, long_text)
    assert replies
    tracker = served.tracker(who)
    assert user_texts(tracker) == [f"/{MESSAGE_TOO_LONG_INTENT}"]
    assert responses(tracker)[-1] == "utter_message_too_long"
    assert tracker["slots"]["appointment_date"] is None
    assert "appointment" not in str(tracker["events"])


def test_an_over_long_message_in_the_form_is_answered_and_the_form_asks_again(served: Servers) -> None:
    who = sender()
    served.say(who, "what qualification do i need")
    asked = served.tracker(who)["slots"]["requested_slot"]
    served.say(who, "x" * 1001)
    tracker = served.tracker(who)
    assert "utter_message_too_long" in responses(tracker)
    assert tracker["active_loop"]["name"] == "senco_form"
    assert tracker["slots"]["requested_slot"] == asked


def test_control_characters_never_reach_the_tracker(served: Servers) -> None:
    who = sender()
    served.say(who, "hel\x00lo\x1b\u202e\x07 there\r\n")
    assert user_texts(served.tracker(who)) == ["hello there"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("not json", "body"),
        ('["a list"]', "body"),
        ('{"message": "hi"}', "sender"),
        ('{"sender": 12345, "message": "hi"}', "sender"),
        ('{"sender": "me", "message": null}', "message"),
        ('{"sender": "me", "message": {"text": "hi"}}', "message"),
        ('{"sender": "me", "message": "hi", "metadata": [1]}', "metadata"),
    ],
)
def test_bad_rest_bodies_get_400_naming_the_field(served: Servers, body: str, field: str) -> None:
    reply = requests.post(served.url + WEBHOOK, data=body, headers={"Content-Type": "application/json"}, timeout=30)
    assert reply.status_code == 400
    assert reply.json()["field"] == field
    assert reply.json()["error"]


HOSTILE = [
    "<script>alert(1)</script> I started on 31/02/2024",
    '<a href="http://evil.example">x</a> appointed 6/1/25',
    "[x](http://evil.example) since last Sept <!channel>",
    "*bold* <@U0123> I'm the SENCO at an academy, started March 2024",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_nothing_typed_comes_back_as_markup_in_a_reply(served: Servers, hostile: str) -> None:
    """Every channel sends the same replies; none repeats markup a person typed (only dates read from it)."""
    who = sender()
    replies = served.say(who, hostile) + served.say(who, "show my answers")
    said = " ".join(str(reply) for reply in replies)
    for fragment in ("<script", "evil.example", "<a ", "](", "<!channel>", "<@U0123>", "*bold*"):
        assert fragment not in said


def test_a_browser_request_from_another_website_is_refused(served: Servers) -> None:
    port = served.url.rsplit(":", 1)[1]
    body = {"sender": sender(), "message": "hello"}
    evil = requests.post(served.url + WEBHOOK, json=body, headers={"Origin": "https://evil.example"}, timeout=30)
    assert evil.status_code == 403
    assert evil.json()["field"] == "Origin"
    assert "Access-Control-Allow-Origin" not in evil.headers
    # text/plain: the "simple" request a page can send with no preflight
    plain = requests.post(
        served.url + WEBHOOK,
        data='{"sender": "x", "message": "hi"}',
        headers={"Origin": "http://evil.example", "Content-Type": "text/plain"},
        timeout=30,
    )
    assert plain.status_code == 403
    own = requests.post(served.url + WEBHOOK, json=body, headers={"Origin": f"http://127.0.0.1:{port}"}, timeout=60)
    assert own.status_code == 200
    assert own.json()
    # the API gives no CORS permission to another site either
    api = requests.get(f"{served.url}/status", headers={"Origin": "https://evil.example"}, timeout=30)
    assert "Access-Control-Allow-Origin" not in api.headers


def test_rasa_refuses_a_bad_length_limit_with_a_message_not_a_traceback(tmp_path: Path) -> None:
    env = os.environ | {
        "SENCO_MAX_MESSAGE_CHARS": "lots",
        "RASA_PORT": str(free_port()),
        "SENCO_TRACKER_DB": str(tmp_path / "tracker.db"),
    }
    command = ["bash", "tools/serve_rasa.sh", str(trained_model())]
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    # The settings check (senco_settings) stops it before Rasa starts: exit 2, one line naming the variable.
    assert run.returncode == 2
    assert "error: SENCO_MAX_MESSAGE_CHARS='lots' must be a whole number, at least 1" in run.stderr
    assert "Traceback" not in run.stdout + run.stderr
