"""Storage limitation: delete conversations nobody has touched for `SENCO_RETENTION_DAYS` days (default 30).

    python -m privacy.retention              # once (`make retention`)
    python -m privacy.retention --every 60   # every 60 minutes until stopped (what `make run` starts)

The store is the server's own: built from endpoints.yml by Rasa's `read_endpoint_config` and
`TrackerStore.create`, so the command deletes from whatever the server uses (SQLite, PostgreSQL), as long as the
store has `erase_inactive_before` (privacy.forgetting.ForgettingMixin). A conversation's age is the time of its
latest event, so a conversation still going on is never cut short.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

from senco_settings import BY_NAME, SettingsError
from senco_settings import value as setting

# The store's own default, so the command finds the file `make run` writes to.
from stores.config import DEFAULT_SQLITE_PATH as DEFAULT_TRACKER_DB

logger = logging.getLogger("privacy.retention")

DEFAULT_RETENTION_DAYS = int(BY_NAME["SENCO_RETENTION_DAYS"].default)
DEFAULT_INTERVAL_MINUTES = int(BY_NAME["SENCO_RETENTION_INTERVAL_MINUTES"].default)
_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class RetentionError(Exception):
    """A setting or the store is unusable; the message says which."""


def retention_days(value: str | None = None) -> int:
    """SENCO_RETENTION_DAYS (or `value`, as given on the command line), parsed as senco_settings declares it."""
    try:
        return int(setting("SENCO_RETENTION_DAYS", None if value is None else {"SENCO_RETENTION_DAYS": value}))
    except SettingsError as error:
        raise RetentionError(str(error)) from None


def interval_minutes(value: str | None) -> float | None:
    """--every (SENCO_RETENTION_INTERVAL_MINUTES in `make run`): None for a single run, else minutes above zero."""
    if value is None:
        return None
    try:
        minutes = float(value)
    except ValueError:
        minutes = 0.0
    if not 0 < minutes < float("inf"):
        raise RetentionError(
            f"SENCO_RETENTION_INTERVAL_MINUTES (--every) '{value}' is not a positive number of minutes"
        )
    return minutes


def _fill_environment(endpoints: Path) -> None:
    """endpoints.yml refers to variables (`${VAR}`) that tools/serve_rasa.sh defaults; Rasa refuses an unset one.
    Unset ones get the same defaults: the tracker database its default path, anything else empty."""
    os.environ.setdefault("SENCO_TRACKER_DB", DEFAULT_TRACKER_DB)
    for name in _REFERENCE.findall(endpoints.read_text(encoding="utf-8")):
        os.environ.setdefault(name, "")


def unwrap(store: Any) -> Any:
    """The store itself, inside Rasa's wrappers (FailSafeTrackerStore, AwaitableTrackerStore)."""
    while hasattr(store, "_tracker_store"):
        store = store._tracker_store
    return store


def open_store(endpoints: Path = Path("endpoints.yml")) -> Any:
    """The tracker store endpoints.yml configures, as the server builds it."""
    from rasa.core.tracker_store import TrackerStore
    from rasa.utils.endpoints import read_endpoint_config

    _fill_environment(endpoints)
    if Path(os.environ["SENCO_TRACKER_DB"]).parent != Path("."):
        Path(os.environ["SENCO_TRACKER_DB"]).parent.mkdir(parents=True, exist_ok=True)
    config = read_endpoint_config(str(endpoints), "tracker_store")
    store = unwrap(TrackerStore.create(config))
    if not hasattr(store, "erase_inactive_before"):
        raise RetentionError(
            f"the tracker store in {endpoints} ({type(store).__name__}) cannot delete old conversations: "
            "use stores.tracker.SencoTrackerStore (or a store with privacy.forgetting.ForgettingMixin)"
        )
    return store


def purge(store: Any, days: int, now: float | None = None) -> int:
    """Delete conversations whose latest event is more than `days` days before `now`; returns how many."""
    cutoff = (time.time() if now is None else now) - days * 86400
    return store.erase_inactive_before(cutoff)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m privacy.retention", description=__doc__.splitlines()[0])
    parser.add_argument("--endpoints", type=Path, default=Path("endpoints.yml"))
    parser.add_argument("--days", help="override SENCO_RETENTION_DAYS")
    parser.add_argument("--every", metavar="MINUTES", help="repeat every MINUTES until stopped")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s - %(message)s")
    try:
        days = retention_days(args.days)
        every = interval_minutes(args.every)
        store = open_store(args.endpoints)
    except (RetentionError, OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    while True:
        try:
            erased = purge(store, days)
            logger.info("deleted %d conversation(s) with no activity for %d days", erased, days)
        except Exception as error:  # a scheduled run must survive a database that is down for a moment
            if every is None:
                print(f"error: could not delete old conversations: {error}", file=sys.stderr)
                return 1
            logger.error("could not delete old conversations (will try again): %s", error)
        if every is None or stop.wait(every * 60):
            return 0


if __name__ == "__main__":
    sys.exit(main())
