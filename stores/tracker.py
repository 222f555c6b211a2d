"""The tracker store endpoints.yml names: Rasa's SQLTrackerStore, on SQLite or PostgreSQL as the environment says.

`EnvironmentSQLTrackerStore` stays a plain `SQLTrackerStore` subclass taking the usual keyword arguments, so other
behaviour is mixed in front of it; arguments given explicitly win over the environment. `SencoTrackerStore`, the
class endpoints.yml names, puts erasure in front ("delete my conversation" and retention: privacy/forgetting.py).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain

from privacy.forgetting import ForgettingMixin
from stores.config import describe_tracker, tracker_settings

logger = logging.getLogger(__name__)


class EnvironmentSQLTrackerStore(SQLTrackerStore):
    """SQLite (`SENCO_TRACKER_DB`) by default, PostgreSQL when `DB_URL` or `DB_*` are set (stores/config.py)."""

    def __init__(
        self,
        domain: Domain | None = None,
        host: str | None = None,
        event_broker: EventBroker | None = None,
        **kwargs: Any,
    ) -> None:
        settings = tracker_settings(os.environ)
        store_kwargs = settings.store_kwargs() | kwargs
        if host is not None:
            store_kwargs["host"] = host
        if store_kwargs["dialect"] == "sqlite":
            Path(store_kwargs["db"]).parent.mkdir(parents=True, exist_ok=True)
        logger.info("Conversations are stored in %s.", describe_tracker(settings))
        try:
            super().__init__(domain=domain, event_broker=event_broker, **store_kwargs)
        except (AttributeError, ImportError) as error:
            # Rasa would swallow these two and quietly keep conversations in memory only, losing them on restart.
            raise RuntimeError(f"could not set up the tracker store: {error}") from error


class SencoTrackerStore(ForgettingMixin, EnvironmentSQLTrackerStore):
    """The product's store: chosen from the environment, and able to erase conversations (UK GDPR requests and
    storage limitation), whichever database holds them."""
