"""Erasure and retention, for real on SQLite and on the machine's PostgreSQL (a unique database per test), with the
rows read from the database directly: "delete my conversation" through the real servers, the tracker store's
erasure on its own, and `python -m privacy.retention` once and on a schedule."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
import yaml
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from privacy.forgetting import FORGET_ACTION, ForgettingMixin, ForgettingSQLTrackerStore
from tests.privacy.stores import Store, postgres_store, sqlite_store
from tests.servers import ROOT, Servers, free_port, trained_model

DAY = 86400.0
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.services)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with sqlite_store(tmp_path) if request.param == "sqlite" else postgres_store() as made:
        yield made


def turn(text: str, at: float, action: str = "utter_greet") -> list[Event]:
    return [
        UserUttered(text, timestamp=at),
        ActionExecuted(action, timestamp=at),
        BotUttered("reply", timestamp=at),
        ActionExecuted("action_listen", timestamp=at),
    ]


def session(at: float) -> list[Event]:
    return [
        ActionExecuted("action_session_start", timestamp=at),
        SessionStarted(timestamp=at),
        ActionExecuted("action_listen", timestamp=at),
    ]


def save(store: Store, sender: str, events: list[Event]) -> DialogueStateTracker:
    tracker = DialogueStateTracker.from_events(sender, events)
    asyncio.run(store.store.save(tracker))
    return tracker


def test_the_mixin_sits_on_any_sql_tracker_store() -> None:
    assert issubclass(ForgettingSQLTrackerStore, ForgettingMixin)
    assert ForgettingSQLTrackerStore.__mro__.index(ForgettingMixin) == 1  # its save() runs first


def test_forgetting_erases_every_event_of_that_conversation_only(store: Store) -> None:
    now = time.time()
    a, b = f"a-{uuid.uuid4().hex[:6]}", f"b-{uuid.uuid4().hex[:6]}"
    first = session(now - 3 * DAY) + turn("my appointment was in March", now - 3 * DAY)
    save(store, a, first)
    both_sessions = first + session(now) + turn("hello again", now)  # a second session: all sessions go
    save(store, a, both_sessions)
    save(store, b, session(now) + turn("hello", now))
    assert store.rows(a) == len(both_sessions)

    save(store, a, [*both_sessions, *turn("delete my conversation", now, action=FORGET_ACTION)])

    assert store.rows(a) == 0
    assert store.rows(b) > 0
    assert asyncio.run(store.store.retrieve(a)) is None  # so the next message starts a fresh conversation


def test_only_a_forget_in_the_latest_turn_erases(store: Store) -> None:
    now, who = time.time(), f"c-{uuid.uuid4().hex[:6]}"
    events = [*session(now), *turn("delete my conversation", now, action=FORGET_ACTION)]
    save(store, who, events)  # erased at once
    later = [*session(now), *turn("hello", now)]
    save(store, who, later)
    assert store.rows(who) == len(later)


def test_conversations_inactive_past_the_cutoff_are_deleted_whole(store: Store) -> None:
    now = time.time()
    old, long_running, recent = (f"{name}-{uuid.uuid4().hex[:6]}" for name in ("old", "long", "recent"))
    save(store, old, session(now - 40 * DAY) + turn("hi", now - 40 * DAY))
    # started long ago, but still going: its latest event counts, so it stays
    save(store, long_running, session(now - 40 * DAY) + turn("hi", now - 40 * DAY) + turn("still here", now - DAY))
    save(store, recent, session(now) + turn("hi", now))

    assert store.store.erase_inactive_before(now - 30 * DAY) == 1
    assert store.senders() == {long_running, recent}
    assert store.store.erase_inactive_before(now - 30 * DAY) == 0


def _retention(
    store: Store, tmp: Path, *args: str, env: dict[str, str] | None = None, background: bool = False
) -> subprocess.Popen[str] | subprocess.CompletedProcess[str]:
    endpoints = tmp / "endpoints.yml"
    endpoints.write_text(store.endpoints, encoding="utf-8")
    command = [sys.executable, "-m", "privacy.retention", "--endpoints", str(endpoints), *args]
    full_env = os.environ | (env or {})
    if background:
        return subprocess.Popen(
            command, cwd=ROOT, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
    return subprocess.run(command, cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120)


def test_the_retention_command_deletes_what_is_older_than_the_setting(store: Store, tmp_path: Path) -> None:
    now = time.time()
    save(store, "stale", session(now - 31 * DAY) + turn("hi", now - 31 * DAY))
    save(store, "fresh", session(now - 29 * DAY) + turn("hi", now - 29 * DAY))
    done = _retention(store, tmp_path, env={"SENCO_RETENTION_DAYS": "30"})
    assert done.returncode == 0, done.stderr
    assert "deleted 1 conversation(s) with no activity for 30 days" in done.stderr
    assert store.senders() == {"fresh"}
    shorter = _retention(store, tmp_path, "--days", "7")
    assert shorter.returncode == 0, shorter.stderr
    assert store.rows() == 0


def test_the_scheduled_retention_keeps_deleting_until_stopped(store: Store, tmp_path: Path) -> None:
    now = time.time()
    save(store, "stale-1", session(now - 40 * DAY) + turn("hi", now - 40 * DAY))
    scheduler = _retention(store, tmp_path, "--every", "0.01", background=True)  # every 0.6 s
    assert isinstance(scheduler, subprocess.Popen)
    try:
        _until(lambda: store.rows("stale-1") == 0, scheduler)
        save(store, "stale-2", session(now - 40 * DAY) + turn("hi", now - 40 * DAY))
        _until(lambda: store.rows("stale-2") == 0, scheduler)
    finally:
        scheduler.send_signal(signal.SIGTERM)
        output = scheduler.communicate(timeout=60)[0]
    assert scheduler.returncode == 0, output
    assert "Traceback" not in output


def _until(condition: object, process: subprocess.Popen[str], limit: float = 90) -> None:
    """Wait for the scheduler to act (a bound on waiting, not a timing assertion)."""
    deadline = time.monotonic() + limit
    while not condition():  # type: ignore[operator]
        assert process.poll() is None, process.communicate()[0]
        assert time.monotonic() < deadline, "the scheduler did not delete the conversation"
        time.sleep(0.2)


@pytest.mark.parametrize(
    ("setting", "value", "args"),
    [
        ("SENCO_RETENTION_DAYS", "soon", ()),
        ("SENCO_RETENTION_DAYS", "0", ()),
        ("SENCO_RETENTION_INTERVAL_MINUTES", "hourly", ("--every", "hourly")),
        ("SENCO_RETENTION_INTERVAL_MINUTES", "-5", ("--every", "-5")),
    ],
)
def test_a_bad_setting_is_one_clear_error(tmp_path: Path, setting: str, value: str, args: tuple[str, ...]) -> None:
    with sqlite_store(tmp_path) as made:
        done = _retention(made, tmp_path, *args, env={setting: value})
    assert done.returncode == 2
    assert setting in done.stderr
    assert "Traceback" not in done.stderr


def test_make_retention_uses_the_servers_own_endpoints(tmp_path: Path) -> None:
    """The default configuration (endpoints.yml, SENCO_TRACKER_DB) as `make retention` runs it."""
    db = tmp_path / "tracker.db"
    store = ForgettingSQLTrackerStore(dialect="sqlite", db=str(db))
    now = time.time()
    tracker = DialogueStateTracker.from_events("old", session(now - 60 * DAY) + turn("hi", now - 60 * DAY))
    asyncio.run(store.save(tracker))
    store.engine.dispose()
    env = os.environ | {"SENCO_TRACKER_DB": str(db)}
    env.pop("SENCO_RETENTION_DAYS", None)
    done = subprocess.run(["make", "-s", "retention"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "deleted 1 conversation(s) with no activity for 30 days" in done.stdout + done.stderr


@pytest.mark.slow
def test_delete_my_conversation_through_the_assistant(served: Servers) -> None:
    who = f"forget-{uuid.uuid4().hex[:8]}"
    served.say(who, "I'm the SENCO at an academy, appointed in March 2024")
    assert who in served.conversation_ids()
    replies = served.say(who, "delete my conversation")
    confirmation = DOMAIN["responses"]["utter_conversation_forgotten"][0]["text"]
    assert [reply.get("text") for reply in replies] == [confirmation]
    assert who not in served.conversation_ids()  # read from the SQLite file itself

    served.say(who, "hello")
    tracker = served.tracker(who)
    assert [e["text"] for e in tracker["events"] if e["event"] == "user"] == ["hello"]
    assert tracker["slots"]["setting"] is None


@pytest.mark.slow
def test_delete_my_conversation_with_rasa_on_postgresql(served: Servers, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rasa itself (the trained model, the real action server) on a PostgreSQL store: the erasure happens in the
    tracker store's save, so every row goes and the next message starts afresh."""
    from rasa.core.agent import Agent
    from rasa.utils.endpoints import EndpointConfig

    monkeypatch.setenv("SENCO_TODAY", "2026-11-22")
    who = f"pg-forget-{uuid.uuid4().hex[:8]}"
    with postgres_store() as pg:
        agent = Agent.load(
            str(trained_model()), tracker_store=pg.store, action_endpoint=EndpointConfig(f"{served.action_url}/webhook")
        )

        async def conversation() -> tuple[int, list[dict], int, DialogueStateTracker | None]:
            await agent.handle_text("I'm the SENCO at an academy, appointed in March 2024", sender_id=who)
            before = pg.rows(who)
            replies = await agent.handle_text("delete my conversation", sender_id=who)
            after = pg.rows(who)
            await agent.handle_text("hello", sender_id=who)
            return before, replies, after, await pg.store.retrieve(who)

        before, replies, after, fresh = asyncio.run(conversation())
    assert before > 0
    assert [reply.get("text") for reply in replies] == [DOMAIN["responses"]["utter_conversation_forgotten"][0]["text"]]
    assert after == 0
    assert fresh is not None
    assert [e.text for e in fresh.events if isinstance(e, UserUttered)] == ["hello"]
    assert fresh.get_slot("setting") is None


@pytest.mark.slow
def test_make_run_deletes_old_conversations_on_its_schedule(tmp_path: Path) -> None:
    """tools/run.sh (what `make run` runs) starts the retention schedule beside the servers, on their store."""
    db = tmp_path / "tracker.db"
    store = ForgettingSQLTrackerStore(dialect="sqlite", db=str(db))
    now = time.time()
    asyncio.run(
        store.save(DialogueStateTracker.from_events("old", session(now - 60 * DAY) + turn("hi", now - 60 * DAY)))
    )
    asyncio.run(store.save(DialogueStateTracker.from_events("new", session(now) + turn("hi", now))))
    store.engine.dispose()

    def senders() -> set[str]:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as connection:
            return {row[0] for row in connection.execute("SELECT DISTINCT sender_id FROM events")}

    env = os.environ | {
        "SENCO_TRACKER_DB": str(db),
        "RASA_HOST": "127.0.0.1",
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(free_port()),
        "SENCO_TODAY": "2026-11-22",
        "SENCO_RETENTION_INTERVAL_MINUTES": "0.02",
    }
    env.pop("SENCO_RETENTION_DAYS", None)
    with (tmp_path / "run.log").open("w") as log:
        run = subprocess.Popen(
            ["bash", "tools/run.sh"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True
        )
        try:
            _until(lambda: "old" not in senders(), run)
            assert "new" in senders()
        finally:
            run.send_signal(signal.SIGTERM)
            run.wait(timeout=120)
    assert "deleted 1 conversation(s)" in (tmp_path / "run.log").read_text()
