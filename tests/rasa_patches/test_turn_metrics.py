"""rasa_patches/turn_metrics.py on real turns (Rasa's Agent and MessageProcessor, a scripted policy in place of the
model, tests/rasa_patches/test_store_failures.py): each turn moves the counters by exactly what happened in it, with
label values only from observability/metrics.py's fixed lists, and the wrapped methods give exactly what Rasa's
own give. Over HTTP: tests/observability/test_served.py."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from rasa.core.agent import Agent
from rasa.core.processor import MessageProcessor
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from observability import metrics
from rasa_patches import store_failures, turn_metrics
from tests.rasa_patches.test_store_failures import (
    ANSWER,
    ASSESSMENT,
    DOMAIN,
    OUTCOME,
    TRY_AGAIN,
    Database,
    ScriptedPolicy,
    agent,
    message,
    rasa_original,  # noqa: F401 (a fixture)
    texts,
)

VARYING = ("senco_response_seconds_bucket", "senco_response_seconds_sum")
"""Samples that depend on how long the turn took; their count (`senco_response_seconds_count`) does not."""

Key = tuple[str, tuple[tuple[str, str], ...]]


def samples() -> dict[Key, float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in metrics.REGISTRY.collect()
        for s in family.samples
        if not s.name.endswith("_created") and s.name not in VARYING
    }


def moved(before: dict[Key, float]) -> dict[Key, float]:
    """Every sample that changed since `before`, by how much."""
    after = samples()
    return {key: value - before.get(key, 0.0) for key, value in after.items() if value != before.get(key, 0.0)}


def key(name: str, **labels: str) -> Key:
    return (name, tuple(sorted(labels.items())))


ONE_TURN = key("senco_response_seconds_count")


def messages(channel: str) -> Key:
    return key("senco_messages_total", channel=channel)


@pytest.fixture
def patched(rasa_original: None) -> None:  # noqa: F811
    """Rasa's own methods with this patch, and only this patch, installed."""
    turn_metrics.install()


def turn(made: Agent, *args: Any, **kwargs: Any) -> list[dict[str, Any]] | None:
    return asyncio.run(made.handle_message(message(*args, **kwargs)))


def fresh(reply: str = ASSESSMENT) -> Agent:
    return agent(InMemoryTrackerStore(DOMAIN), ScriptedPolicy(reply))


@pytest.mark.usefixtures("patched")
@pytest.mark.parametrize(
    ("input_channel", "label"),
    [
        ("rest", "rest"),
        ("socketio", "webchat"),
        ("slack", "slack"),
        ("msteams", "teams"),
        ("cmdline", "cmdline"),
        ("a-channel-someone-named", "other"),
        (None, "other"),
    ],
)
def test_one_turn_counts_one_message_on_its_channel_and_its_answer(input_channel: str | None, label: str) -> None:
    made = fresh()
    before = samples()
    replies = turn(made, "what qualification do I need?", input_channel=input_channel)
    assert [r.get("custom") for r in replies or []] == [{"type": "senco_assessment", "outcome": OUTCOME}]
    assert moved(before) == {
        messages(label): 1,
        key("senco_assessments_total", outcome=OUTCOME): 1,
        ONE_TURN: 1,
    }


@pytest.mark.usefixtures("patched")
def test_a_fallback_is_counted_once() -> None:
    """NLU's fallback intent and a fallback reply in the same turn: one turn not understood."""
    made = fresh("utter_default")
    before = samples()
    replies = turn(made, "qwerty uiop", intent="nlu_fallback", input_channel="rest")
    assert texts(replies) == [DOMAIN.responses["utter_default"][0]["text"]]
    assert moved(before) == {messages("rest"): 1, key("senco_fallbacks_total"): 1, ONE_TURN: 1}


@pytest.mark.usefixtures("patched")
def test_only_the_last_turn_is_counted() -> None:
    """The second turn of a conversation counts its own answer, not the first turn's again."""
    made = agent(InMemoryTrackerStore(DOMAIN), ScriptedPolicy(ASSESSMENT))
    turn(made, "what qualification do I need?", input_channel="rest")
    made.processor.graph_runner = ScriptedPolicy(ANSWER)
    before = samples()
    turn(made, "thanks", input_channel="rest")
    assert moved(before) == {messages("rest"): 1, ONE_TURN: 1}


@pytest.mark.usefixtures("patched")
def test_an_over_long_message_is_counted_as_refused() -> None:
    made = fresh(ANSWER)
    before = samples()
    turn(made, "/senco_message_too_long", intent="senco_message_too_long", input_channel="socketio")
    assert moved(before) == {
        messages("webchat"): 1,
        key("senco_channel_refusals_total", channel="webchat", reason="too_long"): 1,
        ONE_TURN: 1,
    }


@pytest.mark.usefixtures("patched")
def test_no_sender_id_or_text_becomes_a_label_value() -> None:
    sender, text = "teacher-3f9c-private-id", "my private words about a pupil"
    made = fresh()
    turn(made, text, sender_id=sender, input_channel="my channel " + sender)
    values = {value for family in metrics.REGISTRY.collect() for s in family.samples for value in s.labels.values()}
    assert not [v for v in values if sender in v or text in v or "my channel" in v]
    rendered = metrics.render().decode()
    assert sender not in rendered
    assert text not in rendered


def _conversation(made: Agent, sender_id: str = "teacher") -> list[dict[str, Any]]:
    tracker = asyncio.run(made.tracker_store.retrieve(sender_id))
    return [{k: v for k, v in e.as_dict().items() if k != "timestamp"} for e in tracker.events]


def _same_turns() -> tuple[list[Any], list[dict[str, Any]]]:
    made = fresh()
    replies = [
        turn(made, "what qualification do I need?", input_channel="rest", message_id="m1"),
        turn(made, "qwerty", intent="nlu_fallback", input_channel="slack", message_id="m2"),
    ]
    tracker = DialogueStateTracker.from_events("api", [UserUttered("hi"), BotUttered("hello")])
    replies.append(asyncio.run(made.processor.save_tracker(tracker)))
    return replies, _conversation(made)


def test_the_wrapped_methods_give_what_rasas_give(rasa_original: None) -> None:  # noqa: F811
    original = _same_turns()
    turn_metrics.install()
    assert _same_turns() == original
    assert original[0][0]  # replies were given (the comparison is not of two empty turns)


@pytest.mark.usefixtures("patched")
def test_an_error_in_the_turn_is_raised_as_it_was_and_counts_no_answer() -> None:
    failure = RuntimeError("the graph failed")

    def fail() -> None:
        raise failure

    made = agent(InMemoryTrackerStore(DOMAIN), ScriptedPolicy(ASSESSMENT, during_turn=fail))
    before = samples()
    with pytest.raises(RuntimeError) as raised:
        turn(made, "what qualification do I need?", input_channel="rest")
    assert raised.value is failure
    assert moved(before) == {messages("rest"): 1, ONE_TURN: 1}


@pytest.mark.usefixtures("patched")
def test_saves_outside_a_message_turn_count_nothing() -> None:
    """The HTTP API's saves (e.g. appending events to a conversation) are not turns."""
    made = fresh()
    tracker = DialogueStateTracker.from_events(
        "api", [BotUttered(data={"custom": {"type": "senco_assessment", "outcome": OUTCOME}})]
    )
    before = samples()
    assert asyncio.run(made.processor.save_tracker(tracker)) is None
    assert moved(before) == {}
    assert asyncio.run(made.tracker_store.retrieve("api")) is not None


@pytest.mark.usefixtures("patched")
def test_a_turn_ended_by_try_again_counts_the_message_and_no_answer(tmp_path: Path) -> None:
    """With store_failures: the lost database's turn saves nothing, so it counts no answer."""
    store_failures.install()
    database = Database(tmp_path)
    made = agent(database.store, ScriptedPolicy(ASSESSMENT))
    before = samples()
    with database.away():
        replies = turn(made, "what qualification do I need?", input_channel="teams")
    assert texts(replies) == TRY_AGAIN
    assert moved(before) == {
        messages("teams"): 1,
        key("senco_store_failures_total", store="tracker"): 1,
        ONE_TURN: 1,
    }


@pytest.mark.usefixtures("rasa_original")
def test_installing_twice_wraps_once() -> None:
    turn_metrics.install()
    installed = (Agent.handle_message, MessageProcessor.save_tracker)
    turn_metrics.install()
    assert (Agent.handle_message, MessageProcessor.save_tracker) == installed
    assert getattr(Agent.handle_message, "senco_metrics", False)
    for function in installed:
        inner = function.__closure__[function.__code__.co_freevars.index("original")].cell_contents
        assert inner.__module__.startswith("rasa."), f"{function.__name__} wrapped more than once"
