"""`python -m stores.preflight`: check the stores before Rasa starts, and say in one line what is wrong.

Rasa's SQLTrackerStore retries an unreachable database every 5 seconds for ever, and a bad setting ends in a
traceback. tools/serve_rasa.sh runs this first, so a wrong `DB_URL`, a database that is down or missing, or a Redis
that does not answer stops the start within seconds with `error: ...` on stderr (exit 1; 2 for a bad setting).
It imports neither Rasa nor SQLAlchemy, so it costs well under a second.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Mapping
from pathlib import Path

from stores.config import (
    LockSettings,
    StoreConfigError,
    TrackerSettings,
    check_locking,
    describe_lock,
    describe_tracker,
    lock_settings,
    tracker_settings,
)


class StoreUnavailable(RuntimeError):
    """A configured store that cannot be used; the message is one line and never holds a password."""


def _first_line(error: BaseException, secret: str | None) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    text = lines[0] if lines else type(error).__name__
    text = " ".join(text.replace("FATAL:", "").split())
    return text.replace(secret, "***") if secret else text


def check_tracker(settings: TrackerSettings) -> None:
    """Connect once (PostgreSQL within its connect timeout), or raise StoreUnavailable."""
    where = describe_tracker(settings)
    if not settings.is_postgresql:
        try:
            Path(settings.db).parent.mkdir(parents=True, exist_ok=True)
            with sqlite3.connect(settings.db, timeout=settings.connect_timeout) as db:
                db.execute("CREATE TABLE IF NOT EXISTS senco_preflight (x INTEGER)")
                db.execute("DROP TABLE senco_preflight")
        except (OSError, sqlite3.Error) as error:
            raise StoreUnavailable(f"cannot use the tracker store, {where}: {_first_line(error, None)}") from None
        return
    import psycopg2

    kwargs = settings.store_kwargs()
    try:
        psycopg2.connect(
            host=settings.host,
            port=settings.port,
            dbname=settings.db,
            user=settings.username,
            password=settings.password,
            **(kwargs["query"] or {}),
        ).close()
    except psycopg2.Error as error:
        raise StoreUnavailable(
            f"cannot reach the tracker store, {where}: {_first_line(error, settings.password)}"
        ) from None


def check_lock(settings: LockSettings | None) -> None:
    """PING Redis within the socket timeout, or raise StoreUnavailable."""
    if settings is None:
        return
    import redis

    client = redis.Redis(**settings.client_kwargs())
    try:
        client.ping()
    except redis.RedisError as error:
        raise StoreUnavailable(
            f"cannot reach the lock store, {describe_lock(settings)}: {_first_line(error, settings.password)}"
        ) from None
    finally:
        client.close()


def main(env: Mapping[str, str] | None = None) -> int:
    env = os.environ if env is None else env
    try:
        tracker, lock = tracker_settings(env), lock_settings(env)
        check_locking(env)
    except StoreConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        check_tracker(tracker)
        check_lock(lock)
    except StoreUnavailable as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Stores: conversations in {describe_tracker(tracker)}; locks {describe_lock(lock)}.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
