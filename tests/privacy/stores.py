"""Real tracker stores for the privacy tests: a fresh SQLite file, or a fresh PostgreSQL database on the machine's
server (created with a unique name, dropped afterwards), and a direct read of the rows they hold."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import sqlalchemy as sa

from privacy.forgetting import ForgettingSQLTrackerStore

PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}


@dataclass
class Store:
    """A store and how to reach its database without Rasa (to prove rows are gone)."""

    store: ForgettingSQLTrackerStore
    url: str
    endpoints: str  # the tracker_store section of an endpoints.yml for this database

    def rows(self, sender_id: str | None = None) -> int:
        engine = sa.create_engine(self.url)
        try:
            with engine.connect() as db:
                if sender_id is None:
                    return db.execute(sa.text("SELECT count(*) FROM events")).scalar_one()
                query = sa.text("SELECT count(*) FROM events WHERE sender_id = :s")
                return db.execute(query, {"s": sender_id}).scalar_one()
        finally:
            engine.dispose()

    def senders(self) -> set[str]:
        engine = sa.create_engine(self.url)
        try:
            with engine.connect() as db:
                return {row[0] for row in db.execute(sa.text("SELECT DISTINCT sender_id FROM events"))}
        finally:
            engine.dispose()


def _admin(sql: str) -> None:
    with closing(psycopg2.connect(dbname="postgres", **PG)) as connection:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(sql)


@contextmanager
def sqlite_store(tmp: Path) -> Iterator[Store]:
    path = tmp / f"tracker-{uuid.uuid4().hex[:8]}.db"
    store = ForgettingSQLTrackerStore(dialect="sqlite", db=str(path))
    try:
        yield Store(store, f"sqlite:///{path}", f"tracker_store:\n  type: {_TYPE}\n  dialect: sqlite\n  db: {path}\n")
    finally:
        store.engine.dispose()


@contextmanager
def postgres_store() -> Iterator[Store]:
    name = f"senco_privacy_{uuid.uuid4().hex[:12]}"
    _admin(f'CREATE DATABASE "{name}"')
    store = None
    try:
        store = ForgettingSQLTrackerStore(
            dialect="postgresql", host=PG["host"], port=PG["port"], db=name, username="postgres"
        )
        endpoints = (
            f"tracker_store:\n  type: {_TYPE}\n  dialect: postgresql\n  url: {PG['host']}\n  port: {PG['port']}\n"
            f"  db: {name}\n  username: postgres\n"
        )
        yield Store(store, f"postgresql://postgres@{PG['host']}:{PG['port']}/{name}", endpoints)
    finally:
        if store is not None:
            store.engine.dispose()
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


_TYPE = "privacy.forgetting.ForgettingSQLTrackerStore"
