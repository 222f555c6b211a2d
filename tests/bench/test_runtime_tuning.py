"""senco_runtime: each patch keeps Rasa's behaviour (same validation result and error; SQLite only)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import sqlalchemy as sa
from rasa.core.actions.action import RemoteAction

from senco_runtime import action_validation, sqlite_tuning
from senco_runtime.component import install_all

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
]
INVALID: list[dict[str, Any]] = [
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
