"""The tracker store class endpoints.yml names (stores/tracker.py), on SQLite and the machine's real PostgreSQL."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from privacy.forgetting import FORGET_ACTION
from stores.tracker import SencoTrackerStore
from tests.services import postgres_database, stored_events

pytestmark = pytest.mark.services


def round_trip(store: SQLTrackerStore, sender: str) -> list[str]:
    tracker = DialogueStateTracker.from_events(sender, [UserUttered("hello there")])
    asyncio.run(store.save(tracker))
    again = asyncio.run(store.retrieve(sender))
    assert again is not None
    return [e.text for e in again.events if isinstance(e, UserUttered)]


def test_sqlite_file_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DB_URL", raising=False)
    monkeypatch.setenv("SENCO_TRACKER_DB", str(tmp_path / "sub" / "t.db"))
    store = SencoTrackerStore(domain=Domain.empty())
    assert store.engine.dialect.name == "sqlite"
    assert round_trip(store, "a") == ["hello there"]
    assert (tmp_path / "sub" / "t.db").exists()


def test_postgresql_from_db_url(monkeypatch: pytest.MonkeyPatch) -> None:
    with postgres_database() as url:
        monkeypatch.setenv("DB_URL", url)
        store = SencoTrackerStore(domain=Domain.empty())
        assert store.engine.dialect.name == "postgresql"
        assert round_trip(store, "b") == ["hello there"]
        store.engine.dispose()
        assert [t for _, t, _ in stored_events(url, "b")] == ["user"]


def test_explicit_arguments_win_and_a_mixin_can_go_in_front(tmp_path: Path) -> None:
    """Another behaviour is combined as `class Store(Mixin, SencoTrackerStore)`, passing SQLTrackerStore's kwargs."""

    class Remembering:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self.given = kwargs
            super().__init__(*args, **kwargs)

    class Combined(Remembering, SencoTrackerStore):
        pass

    store = Combined(domain=Domain.empty(), dialect="sqlite", db=str(tmp_path / "explicit.db"), host=None)
    assert isinstance(store, SQLTrackerStore)
    assert store.given["db"] == str(tmp_path / "explicit.db")
    assert round_trip(store, "c") == ["hello there"]
    assert (tmp_path / "explicit.db").exists()


def _forget_turn(sender: str) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(
        sender, [UserUttered("delete my conversation"), ActionExecuted(FORGET_ACTION)]
    )


def test_the_endpoints_store_erases_on_request_in_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The class endpoints.yml names is the one that erases: "delete my conversation" is not a separate store."""
    monkeypatch.delenv("DB_URL", raising=False)
    monkeypatch.setenv("SENCO_TRACKER_DB", str(tmp_path / "t.db"))
    store = SencoTrackerStore(domain=Domain.empty())
    assert round_trip(store, "keep") == ["hello there"]
    assert round_trip(store, "gone") == ["hello there"]
    asyncio.run(store.save(_forget_turn("gone")))
    assert asyncio.run(store.retrieve("gone")) is None
    kept = asyncio.run(store.retrieve("keep"))
    assert kept is not None
    assert [e.text for e in kept.events if isinstance(e, UserUttered)] == ["hello there"]


def test_the_endpoints_store_erases_on_request_in_postgresql(monkeypatch: pytest.MonkeyPatch) -> None:
    with postgres_database() as url:
        monkeypatch.setenv("DB_URL", url)
        store = SencoTrackerStore(domain=Domain.empty())
        round_trip(store, "gone")
        round_trip(store, "keep")
        asyncio.run(store.save(_forget_turn("gone")))
        store.engine.dispose()
        assert stored_events(url, "gone") == []
        assert [t for _, t, _ in stored_events(url, "keep")] == ["user"]
