"""Nothing a person types can come back as a link, a mention, formatting or script: each channel's renderer is fed
hostile text (as an echoed message, a button and a source title) and must show it as inert text. The web chat's DOM
is tested in a real browser (tests/webchat/test_security.py); the assistant's own replies are checked for echoes in
test_input_servers.py."""

from __future__ import annotations

from typing import Any

import pytest

from channels.slack_blocks import assessment_message, escape, fallback_text, text_message
from channels.teams_activity import assessment_card, buttons_activity, text_activity

HOSTILE = [
    "<script>alert(1)</script>",
    '<a href="http://evil.example">click</a>',
    "[x](http://evil.example)",
    "<!channel> <!here> <@U0123>",
    "*bold* _it_ ~st~ `code`",
    "<http://evil.example|totally safe>",
    "&lt;script&gt; & <img src=x onerror=alert(1)>",
]


def _all_text_objects(value: Any) -> list[dict[str, Any]]:
    """Every Block Kit text object ({"type": "plain_text" | "mrkdwn", "text": ...}) inside a message."""
    found = []
    if isinstance(value, dict):
        if value.get("type") in ("plain_text", "mrkdwn") and "text" in value:
            found.append(value)
        for item in value.values():
            found += _all_text_objects(item)
    elif isinstance(value, list):
        for item in value:
            found += _all_text_objects(item)
    return found


@pytest.mark.parametrize("hostile", HOSTILE)
def test_slack_shows_echoed_text_as_plain_text_and_escapes_the_notification(hostile: str) -> None:
    message = text_message(f"You said the date was {hostile}.", [{"title": hostile, "payload": "/affirm"}])
    assert message is not None
    objects = _all_text_objects(message["blocks"])
    assert objects
    assert all(obj["type"] == "plain_text" for obj in objects)
    # the top-level text is parsed by Slack: no markup character survives
    assert "<" not in message["text"]
    assert ">" not in message["text"]
    assert fallback_text(hostile) == escape(hostile.strip())


@pytest.mark.parametrize("hostile", HOSTILE)
def test_slack_answer_card_escapes_source_titles_and_never_links_a_bad_url(hostile: str) -> None:
    payload = {
        "outcome": "NPQ_REQUIRED",
        "qualification": hostile,  # not a known qualification: left out, never shown raw
        "deadline": hostile,
        "citations": [
            {"title": hostile, "provision": hostile, "url": "javascript:alert(1)"},
            {"title": hostile, "url": f"https://ok.example/{hostile}"},
        ],
    }
    message = assessment_message(payload)
    for obj in _all_text_objects(message["blocks"]):
        if obj["type"] == "mrkdwn":
            text = obj["text"]
            assert "javascript:" not in text
            # the only markup is our own link brackets around an http(s) URL; titles are escaped
            assert "<!" not in text
            assert "<@" not in text
            assert "<script" not in text
    assert "<" not in message["text"]
    assert ">" not in message["text"]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_teams_text_is_plain_and_cards_never_link_a_bad_url(hostile: str) -> None:
    activity = text_activity(f"You said {hostile}")
    assert activity["textFormat"] == "plain"
    with_buttons = buttons_activity(hostile, [{"title": hostile, "payload": "/affirm"}])
    assert with_buttons["textFormat"] == "plain"
    card = assessment_card(
        {
            "outcome": "NPQ_REQUIRED",
            "qualification": hostile,
            "citations": [{"title": f"{hostile}](http://evil.example) [", "url": "javascript:alert(1)"}],
        }
    )
    assert card is not None
    texts = [block["text"] for block in card["content"]["body"]]
    assert not any("javascript:" in text for text in texts)
    # a title cannot close the Markdown link label and open its own link
    assert not any("](http://evil.example)" in text for text in texts)
