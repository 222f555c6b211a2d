"""Teachers' conversations for the scale-out tests and the soak, and the check that a conversation's stored
events are intact: every message stored once, in the order sent, each followed by exactly the answer its sender
received, and the turn closed (`action_listen`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Script:
    messages: tuple[str, ...]
    outcome: str  # the assessment the last message answers with
    deadline: str | None


SCRIPTS = (
    Script(
        (
            "hello",
            "got the SENCO job at our academy last Sept, haven't done NASENCO, what do I need?",
            "not started",
            "no",
        ),
        "NPQ_REQUIRED",
        "2029-09-01",
    ),
    Script(("/ask_qualification", '/inform{"setting":"independent"}'), "NOT_STATUTORY_SETTING", None),
    Script(
        (
            "I'm the SENCO at a LA maintained primary since 10/03/2025, no nasenco, not on the npq, first SENCO job",
            "actually I became SENCO in March 2024",
        ),
        "NPQ_REQUIRED",
        "2027-03-01",
    ),
    Script(
        ("I'm the SENCO at a free school, haven't done nasenco or the npq", "31/02/2024", "6/1/25", "no"),
        "NPQ_REQUIRED",
        "2028-01-06",
    ),
)


def assessment(replies: list[dict]) -> dict | None:
    """The structured answer among a reply's messages, if any."""
    found = [r["custom"] for r in replies if isinstance(r.get("custom"), dict)]
    return next((c for c in found if c.get("type") == "senco_assessment"), None)


def reply_texts(replies: list[dict]) -> list[str]:
    return [r["text"] for r in replies if r.get("text")]


def check_intact(events: list[tuple[str, str, dict]], sent: list[str], replies: list[list[dict]]) -> None:
    """`events` are one conversation's stored (sender, type, data) in store order; `sent[i]` got `replies[i]`."""
    turns: list[list[tuple[str, dict]]] = []
    for _, kind, data in events:
        if kind == "user":
            turns.append([])
        if turns:
            turns[-1].append((kind, data))
    stored = [turn[0][1].get("text") for turn in turns]
    assert stored == sent, f"stored user messages differ from those sent:\n{stored}\n{sent}"
    for i, turn in enumerate(turns):
        said = [data["text"] for kind, data in turn if kind == "bot" and data.get("text")]
        assert said, f"message {i} ({sent[i]!r}) has no answer stored"
        assert said == reply_texts(replies[i]), f"message {i} ({sent[i]!r}): stored answer differs from the reply"
        assert (turn[-1][0], turn[-1][1].get("name")) == ("action", "action_listen"), f"turn {i} not closed"
