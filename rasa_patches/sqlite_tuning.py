"""SQLite tracker store: write-ahead log and `synchronous=NORMAL` on every connection SQLAlchemy opens.

Rasa's SQL tracker store commits once per message; with SQLite's default rollback journal and
`synchronous=FULL` each commit waits for several fsyncs (about 20 ms here), during which the event loop is
blocked, since Rasa calls SQLAlchemy synchronously. In WAL mode with `synchronous=NORMAL` a commit is an append
to the log: still atomic and consistent, and durable across a crash of the process; only a power cut can lose
the last commits. Readers no longer block the writer, which matters with several Sanic workers on one file.
PostgreSQL and other databases are left exactly as configured.

Rasa's SQLAlchemy 1.4 engine for a SQLite file opens and closes a connection per session (NullPool), and the
last connection to close a WAL database checkpoints it and deletes the log (about 6 ms a message here). So the
first connection to each database file also opens one idle "anchor" connection kept for the life of the
process: sessions' connections are then never the last, and SQLite checkpoints in the background of commits
every 1000 pages instead (its default `wal_autocheckpoint`).
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA busy_timeout=5000")
_anchors: dict[str, sqlite3.Connection] = {}
_lock = threading.Lock()


def tune_connection(dbapi_connection: Any, _record: Any = None) -> None:
    """Apply the pragmas to a new DB-API connection, if and only if it is SQLite."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    try:
        for pragma in PRAGMAS:
            cursor.execute(pragma)
        path = next((row[2] for row in cursor.execute("PRAGMA database_list") if row[1] == "main"), "")
    finally:
        cursor.close()
    if path:  # "" for an in-memory database, which has no log to keep
        _anchor(path)


def _anchor(path: str) -> None:
    with _lock:
        if path not in _anchors:
            anchor = sqlite3.connect(path, check_same_thread=False)
            # a connection opens its file lazily: read once, so the file (and the log's index) stays open
            anchor.execute("SELECT count(*) FROM sqlite_master").fetchone()
            _anchors[path] = anchor


def install() -> None:
    """Listen on every Engine (Rasa creates its own); idempotent."""
    if not installed():
        event.listen(Engine, "connect", tune_connection)


def installed() -> bool:
    return event.contains(Engine, "connect", tune_connection)
