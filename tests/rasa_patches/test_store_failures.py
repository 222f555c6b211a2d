"""rasa_patches/store_failures.py compared with Rasa's own behaviour, on a real `SQLTrackerStore` (a SQLite file)
made unreachable by moving its directory away, and a real `MessageProcessor` whose only stand-in is the policy (a
script instead of the trained model). The end-to-end test on PostgreSQL is tests/stores/test_database_lost.py."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import sqlalchemy as sa
import yaml
from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.core.policies.policy import PolicyPrediction
from rasa.core.processor import MessageProcessor
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore, TrackerStore
from rasa.engine.storage.storage import TrainingType
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError

from observability import metrics
from rasa_patches import action_failures, store_failures
from rasa_patches.store_failures import TrackerStoreUnavailable, store_unreachable
from tests.servers import ROOT, free_port

ANSWER = "utter_test_answer"
ASSESSMENT = "utter_test_assessment"
OUTCOME = "NPQ_REQUIRED"


def _domain() -> Domain:
    """The project's domain, plus two replies for the scripted policy: a plain one, and one with an assessment's
    custom payload (what the action server sends with an answer)."""
    data = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    data["responses"][ANSWER] = [{"text": "The answer to a test question."}]
    data["responses"][ASSESSMENT] = [{"custom": {"type": "senco_assessment", "outcome": OUTCOME}}]
    return Domain.from_dict(data)


DOMAIN = _domain()
TRY_AGAIN = [r["text"] for r in DOMAIN.responses[action_failures.TRY_AGAIN]]  # the same reply as for the actions

# ---------------------------------------------------------------------------------------------------------------
# Rasa's original attributes, whatever other tests (rasa_patches.install()) left installed


def _unwrapped(function: Any) -> Any:
    """Follow rasa_patches' wrappers (each closes over `original`) down to Rasa's own function."""
    while getattr(function, "__module__", "").startswith("rasa_patches.") and "original" in getattr(
        function.__code__, "co_freevars", ()
    ):
        function = function.__closure__[function.__code__.co_freevars.index("original")].cell_contents
    return function


PATCHED = (
    (MessageProcessor, "handle_message"),
    (MessageProcessor, "save_tracker"),
    (Agent, "handle_message"),
    (FailSafeTrackerStore, "on_tracker_store_error"),
    (FailSafeTrackerStore, "on_tracker_store_retrieve_error"),
)


@pytest.fixture
def rasa_original(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rasa's own methods for this test (restored to whatever was installed afterwards)."""
    for owner, name in PATCHED:
        monkeypatch.setattr(owner, name, _unwrapped(owner.__dict__[name]))
        assert owner.__dict__[name].__module__.startswith("rasa."), (owner, name)


@pytest.fixture
def patched(rasa_original: None) -> None:
    """Rasa's own methods with this patch, and only this patch, installed."""
    store_failures.install()


# ---------------------------------------------------------------------------------------------------------------
# A real processor, tracker store and output channel; the policy is a script


class ScriptedPolicy:
    """Stands in for the model's graph: after the person's message, `reply`; then listen. `during_turn` runs at the
    first prediction (between the turn's read of the tracker store and its save)."""

    def __init__(self, reply: str, during_turn: Callable[[], None] | None = None) -> None:
        self.reply = reply
        self.during_turn = during_turn

    def run(self, inputs: dict[str, Any], targets: list[str]) -> dict[str, PolicyPrediction]:
        if self.during_turn:
            self.during_turn()
            self.during_turn = None
        tracker: DialogueStateTracker = next(iter(inputs.values()))
        action = self.reply if tracker.latest_action_name == "action_listen" else "action_listen"
        return {targets[0]: PolicyPrediction.for_action_name(DOMAIN, action, "scripted")}


def processor(tracker_store: TrackerStore, policy: ScriptedPolicy) -> MessageProcessor:
    """Rasa's MessageProcessor with every attribute as `Agent.load` sets it, but the graph (no model to load)."""
    made = MessageProcessor.__new__(MessageProcessor)
    made.nlg = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
    made.tracker_store = tracker_store
    made.lock_store = InMemoryLockStore()
    made.max_number_of_predictions = 10
    made.on_circuit_break = None
    made.action_endpoint = None
    made.model_filename = "scripted.tar.gz"
    made.model_metadata = SimpleNamespace(
        training_type=TrainingType.BOTH, core_target="select_prediction", model_id="scripted", assistant_id="test"
    )
    made.graph_runner = policy
    made.model_path = Path("scripted.tar.gz")
    made.domain = DOMAIN
    made.http_interpreter = None
    return made


def agent(tracker_store: TrackerStore, policy: ScriptedPolicy) -> Agent:
    """Rasa's Agent (it wraps the store in FailSafeTrackerStore, as when serving) around the scripted processor."""
    made = Agent(domain=DOMAIN, tracker_store=tracker_store, lock_store=InMemoryLockStore())
    made.processor = processor(made.tracker_store, policy)
    return made


def message(text: str, intent: str = "ask_qualification", **kwargs: Any) -> UserMessage:
    entities = [{"entity": k, "value": v, "start": 0, "end": 1} for k, v in kwargs.pop("entities", {}).items()]
    parse_data = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities}
    return UserMessage(
        text, CollectingOutputChannel(), kwargs.pop("sender_id", "teacher"), parse_data=parse_data, **kwargs
    )


def texts(replies: list[dict[str, Any]] | None) -> list[str | None]:
    return [r.get("text") for r in replies or []]


class Database:
    """A SQLite tracker store's file, in a directory of its own that `away()` moves aside: every connection opened
    meanwhile fails as a database that cannot be reached does (`OperationalError`), as Rasa opens one per session."""

    def __init__(self, root: Path) -> None:
        self.dir = root / "db"
        self.dir.mkdir()
        self.file = self.dir / "tracker.db"
        self.store = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(self.file))
        self.failsafe = FailSafeTrackerStore(self.store)

    def lose(self) -> None:
        self.dir.rename(self.dir.with_name("away"))

    def restore(self) -> None:
        self.dir.with_name("away").rename(self.dir)

    @contextmanager
    def away(self) -> Iterator[None]:
        self.lose()
        try:
            yield
        finally:
            self.restore()

    def rows(self) -> list[tuple]:
        connection = sqlite3.connect(self.file)
        try:
            return connection.execute("SELECT sender_id, type_name, data FROM events ORDER BY id").fetchall()
        finally:
            connection.close()


@pytest.fixture
def database(tmp_path: Path) -> Database:
    return Database(tmp_path)


def store_failures_count() -> float:
    return metrics.REGISTRY.get_sample_value("senco_store_failures_total", {"store": "tracker"}) or 0.0


def first_turn(database: Database) -> list[tuple]:
    """A conversation already in the database (the role is known), before it is lost."""
    said = message("I'd like to become a SENCO", entities={"role": "aspiring"})
    replies = asyncio.run(processor(database.failsafe, ScriptedPolicy(ANSWER)).handle_message(said))
    assert texts(replies) == [DOMAIN.responses[ANSWER][0]["text"]]
    rows = database.rows()
    assert rows
    return rows


# ---------------------------------------------------------------------------------------------------------------
# What counts as "cannot reach the database"


def test_unreachable_means_a_connection_error_not_a_bad_query(tmp_path: Path) -> None:
    refused = sa.create_engine(
        f"postgresql://u:pw-not-shown@127.0.0.1:{free_port()}/x", connect_args={"connect_timeout": 2}
    )
    with pytest.raises(OperationalError) as no_server:
        refused.connect()
    assert store_unreachable(no_server.value)

    engine = sa.create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE t (id INTEGER PRIMARY KEY)"))
        connection.execute(sa.text("INSERT INTO t VALUES (1)"))
    with pytest.raises(IntegrityError) as duplicate, engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO t VALUES (1)"))
    assert not store_unreachable(duplicate.value)
    engine.dispose()

    assert store_unreachable(InterfaceError("SELECT 1", {}, Exception("connection already closed")))
    assert store_unreachable(DBAPIError("SELECT 1", {}, Exception("server closed"), connection_invalidated=True))
    assert not store_unreachable(DBAPIError("SELECT 1", {}, Exception("bad value")))
    assert not store_unreachable(ValueError("not a database error"))


def test_a_store_moved_away_raises_operational_error(database: Database) -> None:
    """The stand-in for a lost database really is one: SQLAlchemy's OperationalError, from the driver."""
    with database.away(), pytest.raises(OperationalError) as lost:
        asyncio.run(database.store.retrieve("teacher"))
    assert isinstance(lost.value.orig, sqlite3.OperationalError)


# ---------------------------------------------------------------------------------------------------------------
# Rasa's own behaviour, then the patch's


@pytest.mark.usefixtures("rasa_original")
def test_rasa_answers_a_lost_database_as_a_stranger_from_memory(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    before = first_turn(database)
    with database.away():
        replies = asyncio.run(processor(database.failsafe, ScriptedPolicy(ANSWER)).handle_message(message("and now?")))
    assert texts(replies) == [DOMAIN.responses[ANSWER][0]["text"]]  # answered, as if nothing had happened
    assert database.rows() == before  # nothing of the turn in the database
    remembered = asyncio.run(database.failsafe.fallback_tracker_store.retrieve("teacher"))
    assert remembered is not None, "the turn was kept in this process's memory"
    assert remembered.latest_message.text == "and now?"
    assert remembered.get_slot("role") is None  # the role the database holds was forgotten
    assert "Falling back to use the 'InMemoryTrackerStore'" in caplog.text


@pytest.mark.usefixtures("patched")
def test_a_lost_database_gets_try_again_and_nothing_is_stored(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    before = first_turn(database)
    failures = store_failures_count()
    with database.away():
        replies = asyncio.run(processor(database.failsafe, ScriptedPolicy(ANSWER)).handle_message(message("and now?")))
    assert texts(replies) == TRY_AGAIN
    assert database.rows() == before
    assert not list(asyncio.run(database.failsafe.fallback_tracker_store.keys())), "nothing kept in memory either"
    assert store_failures_count() == failures + 1
    logged = [r.getMessage() for r in caplog.records if r.name == store_failures.__name__]
    assert logged == [
        "The tracker store does not answer (OperationalError): the message was not recorded and the person was "
        "asked to try again."
    ]
    assert str(database.dir) not in caplog.text

    # the database back: the conversation carries on where it was (the role still known)
    tracker = asyncio.run(processor(database.failsafe, ScriptedPolicy(ANSWER)).get_tracker("teacher"))
    assert tracker.get_slot("role") == "aspiring"


@pytest.mark.parametrize("patch", [False, True], ids=["rasa", "patched"])
def test_a_database_lost_mid_turn(
    patch: bool, database: Database, rasa_original: None, caplog: pytest.LogCaptureFixture
) -> None:
    """Read at the start of the turn, lost before the save: Rasa's answer is kept in memory only; the patch drops
    the answer already sent to the channel and says try again."""
    if patch:
        store_failures.install()
    before = first_turn(database)
    policy = ScriptedPolicy(ANSWER, during_turn=database.lose)
    try:
        replies = asyncio.run(processor(database.failsafe, policy).handle_message(message("and now?")))
    finally:
        database.restore()
    assert database.rows() == before
    if patch:
        assert texts(replies) == TRY_AGAIN
        assert not list(asyncio.run(database.failsafe.fallback_tracker_store.keys()))
    else:
        assert texts(replies) == [DOMAIN.responses[ANSWER][0]["text"]]
        remembered = asyncio.run(database.failsafe.fallback_tracker_store.retrieve("teacher"))
        assert remembered.get_slot("role") == "aspiring"
        assert "trying to save conversation tracker" in caplog.text


@pytest.mark.parametrize("patch", [False, True], ids=["rasa", "patched"])
def test_other_store_errors_are_handled_as_rasa_handles_them(
    patch: bool, database: Database, rasa_original: None, caplog: pytest.LogCaptureFixture
) -> None:
    """A database that answers but refuses the write (an IntegrityError, not a lost database): in a turn, Rasa's
    fail-safe logs it and keeps the turn in memory, patched or not."""
    if patch:
        store_failures.install()
    before = first_turn(database)
    connection = sqlite3.connect(database.file)
    connection.execute("CREATE TRIGGER refuse BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'refused'); END")
    connection.commit()
    connection.close()
    failures = store_failures_count()
    replies = asyncio.run(processor(database.failsafe, ScriptedPolicy(ANSWER)).handle_message(message("and now?")))
    assert texts(replies) == [DOMAIN.responses[ANSWER][0]["text"]]
    assert database.rows() == before
    remembered = asyncio.run(database.failsafe.fallback_tracker_store.retrieve("teacher"))
    assert remembered.latest_message.text == "and now?"
    assert "Error happened when trying to save conversation tracker" in caplog.text
    assert "IntegrityError" in caplog.text
    assert store_failures_count() == failures


@pytest.mark.usefixtures("patched")
def test_outside_a_message_turn_rasa_behaviour_is_unchanged(database: Database) -> None:
    """The HTTP API reads and writes trackers without `handle_message`: the fail-safe falls back as in Rasa."""
    first_turn(database)
    made = processor(database.failsafe, ScriptedPolicy(ANSWER))
    with database.away():
        tracker = asyncio.run(made.get_tracker("teacher"))
        assert tracker.get_slot("role") is None  # a new conversation, as Rasa gives
        tracker.update(SlotSet("role", "senco"))
        assert asyncio.run(made.save_tracker(tracker)) is None
    assert asyncio.run(database.failsafe.fallback_tracker_store.retrieve("teacher")).get_slot("role") == "senco"
    assert asyncio.run(database.store.retrieve("teacher")).get_slot("role") == "aspiring"


@pytest.mark.usefixtures("patched")
def test_the_error_escapes_the_fail_safe_only_in_a_turn(database: Database) -> None:
    """What the patch relies on: Rasa's fail-safe catches `Exception`, so the BaseException passes through it."""
    token = store_failures._in_message_turn.set(True)
    try:
        with database.away(), pytest.raises(TrackerStoreUnavailable) as unavailable:
            asyncio.run(database.failsafe.retrieve("teacher"))
    finally:
        store_failures._in_message_turn.reset(token)
    assert not isinstance(unavailable.value, Exception)
    assert isinstance(unavailable.value.cause, OperationalError)
    with database.away():
        assert asyncio.run(database.failsafe.retrieve("teacher")) is None


@pytest.mark.usefixtures("rasa_original")
def test_installing_twice_wraps_once() -> None:
    store_failures.install()
    installed = {name: owner.__dict__[name] for owner, name in PATCHED if owner is not Agent}
    store_failures.install()
    assert {name: owner.__dict__[name] for owner, name in PATCHED if owner is not Agent} == installed
    assert getattr(MessageProcessor.handle_message, "senco_store_failures", False)
    wrapped = [
        MessageProcessor.handle_message,
        FailSafeTrackerStore.on_tracker_store_error,
        FailSafeTrackerStore.on_tracker_store_retrieve_error,
    ]
    for function in wrapped:
        inner = function.__closure__[function.__code__.co_freevars.index("original")].cell_contents
        assert inner.__module__.startswith("rasa."), f"{function.__name__} wrapped more than once"
