"""rasa_patches: each patch keeps Rasa's behaviour (same validation result and error; SQLite only)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st
from rasa.core.actions.action import RemoteAction

from rasa_patches import action_validation, sqlite_tuning
from rasa_patches.component import install_all

VALID: list[dict[str, Any]] = [
    {"events": [], "responses": []},
    {
        "events": [
            {"event": "slot", "name": "setting", "value": "academy_mainstream", "timestamp": None},
            {"event": "active_loop", "name": None},
        ],
        "responses": [{"response": "utter_greet"}, {"custom": {"type": "senco_assessment"}}],
    },
    {},
    {"events": [{"event": "bot", "text": "hi"}, {"event": "action", "name": "action_listen", "policy": None}]},
    {"events": [{"event": "user", "text": None, "parse_data": {"intent": {"name": "inform"}, "entities": []}}]},
]
INVALID: list[dict[str, Any]] = [
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"name": "setting", "value": "x"}]},
    {"events": [{"event": ["slot"]}]},
    {"events": ["not an object"]},
    {"events": [{"event": "slot", "value": "x"}]},
    {"events": [{"event": "action", "name": 3}]},
    {"events": None},
    {"events": "not a list"},
    {"events": [{"event": "slot", "name": "setting", "value": "x", "timestamp": "not a number"}]},
    {"responses": ["not an object"]},
]


@pytest.mark.parametrize("reply", VALID)
def test_compiled_validation_accepts_what_jsonschema_accepts(reply: dict[str, Any]) -> None:
    jsonschema.validate(reply, RemoteAction.action_response_format_spec())
    assert action_validation.validate_action_result(RemoteAction("a", None), reply) is True


@pytest.mark.parametrize("reply", INVALID)
def test_compiled_validation_raises_rasas_error(reply: dict[str, Any]) -> None:
    with pytest.raises(jsonschema.ValidationError) as expected:
        jsonschema.validate(reply, RemoteAction.action_response_format_spec())
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server response") as got:
        action_validation.validate_action_result(RemoteAction("a", None), reply)
    assert got.value.message.startswith(expected.value.message)
    assert list(got.value.path) == list(expected.value.path)


def test_install_all_patches_rasa() -> None:
    install_all()
    assert action_validation.installed()
    assert sqlite_tuning.installed()
    with pytest.raises(jsonschema.ValidationError):
        RemoteAction("a", None)._validate_action_result(INVALID[0])


def test_sqlite_connections_use_the_write_ahead_log(tmp_path: Path) -> None:
    sqlite_tuning.install()
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'tracker.db'}")
    with engine.connect() as connection:
        assert connection.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(sa.text("PRAGMA synchronous")).scalar() == 1  # NORMAL
    assert str(tmp_path / "tracker.db") in sqlite_tuning._anchors
    engine.dispose()


def test_in_memory_sqlite_needs_no_anchor() -> None:
    before = dict(sqlite_tuning._anchors)
    connection = sqlite3.connect(":memory:")
    sqlite_tuning.tune_connection(connection)
    assert sqlite_tuning._anchors == before
    connection.close()


def test_other_databases_are_left_alone() -> None:
    class NotSqlite:
        def cursor(self) -> None:
            raise AssertionError("a non-SQLite connection must not be touched")

    sqlite_tuning.tune_connection(NotSqlite())


def test_patches_can_be_turned_off_by_name() -> None:
    from rasa_patches.component import PATCHES

    on = install_all({"SENCO_RUNTIME_OFF": "graph_runner, sqlite_tuning"})
    assert on == ["action_validation", "model_loading", "event_types"]
    assert install_all({}) == list(PATCHES)
    with pytest.raises(ValueError, match="SENCO_RUNTIME_OFF names no patch"):
        install_all({"SENCO_RUNTIME_OFF": "dask"})


def test_graph_runner_runs_each_needed_node_once_dependencies_first() -> None:
    from rasa.engine.graph import GraphSchema, SchemaNode

    from rasa_patches.graph_runner import plan

    def node(**needs: str) -> SchemaNode:
        return SchemaNode(needs=needs, uses=object, constructor_name="create", fn="run", config={})

    schema = GraphSchema(
        {
            "tokens": node(messages="__message__"),
            "features": node(messages="tokens"),
            "intent": node(messages="features", also="tokens"),
            "unused": node(messages="tokens"),
        }
    )
    assert plan(schema, ["intent"]) == [
        ("tokens", ("__message__",)),
        ("features", ("tokens",)),
        ("intent", ("features", "tokens")),
    ]
    assert [name for name, _ in plan(schema, ["intent", "unused"])] == ["tokens", "features", "intent", "unused"]


@pytest.mark.slow  # loads the trained model (training it first on a fresh clone)
def test_graph_runner_returns_what_dask_returns(tmp_path: Path) -> None:
    """Both runners over the real trained model's graph give the same parse of the same message."""
    import os

    from rasa.core.agent import Agent
    from rasa.core.channels.channel import UserMessage
    from rasa.engine.runner.dask import DaskGraphRunner

    from rasa_patches import graph_runner
    from tests.servers import trained_model

    os.environ.setdefault("SENCO_TODAY", "2026-11-22")
    agent = Agent.load(str(trained_model()))
    runner = agent.processor.graph_runner
    message = UserMessage("got the SENCO job at our academy last Sept, haven't done NASENCO, what do I need?")
    targets = ["run_RegexMessageHandler"]
    ours = graph_runner.run(runner, inputs={"__message__": [message]}, targets=targets)
    theirs = graph_runner._ORIGINAL(runner, inputs={"__message__": [message]}, targets=targets)
    assert isinstance(runner, DaskGraphRunner)
    assert set(ours) == set(theirs) == set(targets)
    parsed = [m.as_dict(only_output_properties=True) for m in ours["run_RegexMessageHandler"]]
    assert parsed == [m.as_dict(only_output_properties=True) for m in theirs["run_RegexMessageHandler"]]
    assert parsed[0]["intent"]["name"] == "ask_qualification"


def test_event_types_resolve_as_rasa_resolves_them() -> None:
    from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered

    from rasa_patches import event_types

    event_types.install()
    assert event_types.installed()
    for _ in range(2):  # the remembered answer is the same as the first
        assert Event.resolve_by_type("slot") is SlotSet
        assert Event.resolve_by_type("user") is UserUttered
        assert Event.resolve_by_type("action", default=SlotSet) is ActionExecuted
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")
    assert Event.from_parameters({"event": "slot", "name": "role", "value": "senco"}) == SlotSet("role", "senco")


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
        max_leaves=12,
    ),
    st.sampled_from(["slot", "action", "user", "bot", "active_loop", "followup", "nope"]),
)
@settings(max_examples=300, deadline=None)
def test_the_event_name_shortcut_never_accepts_what_the_full_schema_refuses(value: Any, name: str) -> None:
    """Whatever an event holds, the shortcut accepts a reply only when the full schema does, and accepts it whenever
    it does (so a valid reply never pays for the full schema)."""
    reply = {"events": [{"event": name, "name": value, "value": value, "text": value, "timestamp": value}]}
    full = not any(action_validation.compiled_validator().iter_errors(reply))
    assert action_validation._valid_by_event_name(reply) == full
