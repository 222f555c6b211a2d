"""Readiness: do the tracker store and the lock store answer, right now, within a short time?

Why ask the stores themselves: a Rasa process that cannot read conversations answers every message with "try
again shortly"; a load balancer or Kubernetes should route around it until its database is back. Each check is
bounded (`CHECK_TIMEOUT_S`); a check still running from an earlier probe is awaited rather than started again, so
a hung database never piles up threads. What a failed check says is the error's type and first line, with any
password removed: the answer may be read by whoever can reach the port.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

CHECK_TIMEOUT_S = 2.0
OK = "ok"
NOT_YET = "not set up yet: Rasa is still starting"
_USERINFO = re.compile(r"(//[^/@\s:]*):[^@\s/]*@")  # the password of a URL: scheme://user:password@host


def scrub(error: BaseException, secrets: tuple[str, ...] = ()) -> str:
    """`Type: first line of the message`, with URL passwords and the given secrets replaced by `***`."""
    cause = getattr(error, "orig", None) or error  # SQLAlchemy wraps the driver's error; its text is the useful part
    lines = str(cause).strip().splitlines()
    message = _USERINFO.sub(r"\1:***@", lines[0] if lines else "")[:200]
    for secret in secrets:
        if secret:
            message = message.replace(secret, "***")
    return f"{type(cause).__name__}: {message}" if message else type(cause).__name__


def _tracker_check(store: Any) -> Callable[[], None] | None:
    store = getattr(store, "_tracker_store", None) or store  # the store inside Rasa's FailSafeTrackerStore
    engine = getattr(store, "engine", None)
    if engine is None:
        return None

    def check() -> None:
        for attempt in (1, 2):
            try:
                with engine.connect() as connection:
                    connection.execute(text("SELECT 1"))
                return
            except DBAPIError as error:
                # a pooled connection the database closed (it restarted): SQLAlchemy drops the pool; try afresh once
                if not (error.connection_invalidated and attempt == 1):
                    raise

    return check


def _lock_check(store: Any) -> Callable[[], None] | None:
    red = getattr(store, "red", None)  # Rasa's RedisLockStore; the in-memory lock store always answers
    return None if red is None else red.ping


def _secrets(tracker_store: Any, lock_store: Any) -> tuple[str, ...]:
    found = []
    tracker_store = getattr(tracker_store, "_tracker_store", None) or tracker_store
    url = getattr(getattr(tracker_store, "engine", None), "url", None)
    found.append(getattr(url, "password", None) or "")
    pool = getattr(getattr(lock_store, "red", None), "connection_pool", None)
    found.append(str((getattr(pool, "connection_kwargs", None) or {}).get("password") or ""))
    return tuple(secret for secret in found if secret)


class Readiness:
    """Checks both stores at once; each check runs in a thread, at most one at a time per store."""

    def __init__(self, timeout: float = CHECK_TIMEOUT_S) -> None:
        self.timeout = timeout
        self._running: dict[str, asyncio.Future[None]] = {}

    async def _run(self, name: str, check: Callable[[], None] | None, secrets: tuple[str, ...]) -> str:
        if check is None:
            return OK
        running = self._running.get(name)
        if running is None or running.done():
            running = asyncio.get_running_loop().run_in_executor(None, check)
            self._running[name] = running
        try:
            await asyncio.wait_for(asyncio.shield(running), self.timeout)
        except asyncio.TimeoutError:
            return f"no answer within {self.timeout:g} seconds"
        except Exception as error:
            return scrub(error, secrets)
        return OK

    async def stores(self, tracker_store: Any, lock_store: Any) -> Mapping[str, str]:
        """{"tracker": "ok" or what went wrong, "lock": the same}. No store yet (Rasa still loading the model) is
        not ready either."""
        if tracker_store is None or lock_store is None:
            named = (("tracker", tracker_store), ("lock", lock_store))
            return {name: NOT_YET if store is None else OK for name, store in named}
        secrets = _secrets(tracker_store, lock_store)
        tracker, lock = await asyncio.gather(
            self._run("tracker", _tracker_check(tracker_store), secrets),
            self._run("lock", _lock_check(lock_store), secrets),
        )
        return {"tracker": tracker, "lock": lock}
