"""The pieces of observability/ and rasa_patches/turn_metrics.py without a server: who may read /metrics, label
vocabularies, what a turn counts, readiness of real stores, password-free errors, and JSON log lines."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from observability import logs, metrics
from observability.endpoints import is_loopback, may_read_metrics
from observability.health import OK, Readiness, scrub
from rasa_patches.turn_metrics import count_turn


def sample(name: str, **labels: str) -> float:
    for family in text_string_to_metric_families(metrics.render().decode()):
        for found in family.samples:
            if found.name == name and found.labels == labels:
                return found.value
    return 0.0


@pytest.mark.parametrize(
    ("ip", "token", "rasa_token", "allowed"),
    [
        ("127.0.0.1", None, "", True),
        ("::1", None, "", True),
        ("::ffff:127.0.0.1", None, "s3cret", True),
        ("192.0.2.7", None, "", False),
        ("192.0.2.7", "anything", "", False),
        ("192.0.2.7", "wrong", "s3cret", False),
        ("192.0.2.7", "s3cret", "s3cret", True),
        ("not an address", "s3cret", "", False),
    ],
)
def test_metrics_are_for_loopback_or_the_token(ip: str, token: str | None, rasa_token: str, allowed: bool) -> None:
    assert may_read_metrics(ip, token, {"RASA_TOKEN": rasa_token}) is allowed


def test_loopback_means_loopback_only() -> None:
    assert is_loopback("127.8.9.10")
    assert not is_loopback("10.0.0.1")
    assert not is_loopback(None)


def test_label_values_come_from_fixed_lists() -> None:
    assert metrics.channel_label("socketio") == "webchat"
    assert metrics.channel_label("someone's own text") == "other"
    assert metrics.outcome_label("NPQ_REQUIRED") == "NPQ_REQUIRED"
    assert metrics.outcome_label("<script>") == "other"
    before = sample("senco_channel_refusals_total", channel="other", reason="other")
    metrics.refused("made-up", "free text a caller chose")
    assert sample("senco_channel_refusals_total", channel="other", reason="other") == before + 1


def test_a_turn_counts_its_answer_and_its_fallback_only() -> None:
    events = [
        UserUttered("old", intent={"name": "nlu_fallback"}),
        BotUttered(data={"custom": {"type": "senco_assessment", "outcome": "ASPIRING"}}),
        UserUttered("new", intent={"name": "nlu_fallback"}),
        ActionExecuted("action_default_fallback"),
        BotUttered(data={"custom": {"type": "senco_assessment", "outcome": "NPQ_REQUIRED"}}),
    ]
    tracker = DialogueStateTracker.from_events("someone", events)
    aspiring = sample("senco_assessments_total", outcome="ASPIRING")
    required = sample("senco_assessments_total", outcome="NPQ_REQUIRED")
    fallbacks = sample("senco_fallbacks_total")
    count_turn(tracker)
    assert sample("senco_assessments_total", outcome="ASPIRING") == aspiring
    assert sample("senco_assessments_total", outcome="NPQ_REQUIRED") == required + 1
    assert sample("senco_fallbacks_total") == fallbacks + 1
    assert "someone" not in metrics.render().decode()


def test_readiness_asks_the_stores(tmp_path: Path) -> None:
    store = SQLTrackerStore(dialect="sqlite", db=str(tmp_path / "t.db"))
    assert asyncio.run(Readiness().stores(store, InMemoryLockStore())) == {"tracker": OK, "lock": OK}
    gone = SQLTrackerStore(dialect="sqlite", db=str(tmp_path / "t.db"))
    gone.engine.dispose()
    gone.engine = type(store.engine)  # not an engine: its check fails, and says so
    states = asyncio.run(Readiness().stores(gone, InMemoryLockStore()))
    assert states["lock"] == OK
    assert states["tracker"] != OK
    assert asyncio.run(Readiness().stores(None, None))["tracker"] != OK


def test_errors_are_shown_without_passwords() -> None:
    error = RuntimeError('could not connect to postgresql://rasa:hunter2@db:5432/senco\nsecond line "hunter2"')
    shown = scrub(error, ("hunter2",))
    assert "hunter2" not in shown
    assert shown.startswith("RuntimeError: could not connect to postgresql://rasa:***@db")
    assert "second line" not in shown


def _json_lines(env: dict[str, str], emit: callable) -> list[dict]:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logs.formatter(env))
    logger = logging.getLogger("tests.observability.sample")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        emit(logger)
    finally:
        logger.removeHandler(handler)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_log_records_become_one_json_object_per_line() -> None:
    def emit(logger: logging.Logger) -> None:
        logger.info("line one\nstill one %s", "record")
        try:
            raise ValueError("boom")
        except ValueError:
            logger.exception("failed: GET /metrics?token=abc123&x=1")

    lines = _json_lines({}, emit)
    assert [line["event"] for line in lines[:2]] == ["line one\nstill one record", "failed: GET /metrics?token=***&x=1"]
    for line in lines:
        assert {"timestamp", "level", "logger", "event"} <= set(line)
        assert line["logger"] == "tests.observability.sample"
    assert lines[0]["level"] == "info"
    assert lines[1]["level"] == "error"
    assert "ValueError: boom" in lines[1]["exception"]
    assert "abc123" not in json.dumps(lines)


def test_the_console_format_is_for_people() -> None:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logs.formatter({"SENCO_LOG_FORMAT": "console"}))
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "hello %s", ("there",), None)
    line = handler.format(record)
    assert "hello there" in line
    assert not line.startswith("{")


def test_structlog_events_drop_message_text_unless_asked() -> None:
    keep, drop = {"SENCO_LOG_MESSAGE_TEXT": "1"}, {}
    for env, expect_text in ((drop, False), (keep, True)):
        out = io.StringIO()
        handler = logging.StreamHandler(out)
        handler.setFormatter(logs.formatter(env))
        # a structlog event as Rasa logs one, as structlog's wrap_for_formatter hands it to the standard library
        event = {"event": "processor.message.parse", "text": "my secret words"}
        record = logging.LogRecord("rasa.core.processor", logging.INFO, __file__, 1, event, (), None)
        record._logger = logging.getLogger("rasa.core.processor")
        record._name = "info"
        line = handler.format(record)
        assert ("my secret words" in line) is expect_text, line
        assert json.loads(line)["event"] == "processor.message.parse"
