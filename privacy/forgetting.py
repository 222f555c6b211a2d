"""Erasing conversations from the tracker store, in the Rasa process.

"Delete my conversation" cannot be done by the action server: Rasa saves the tracker after the action has run,
and `SQLTrackerStore.save` appends the events it has not stored yet, so a deletion made during the action would
be followed by the turn's events (and the conversation would carry on). So the tracker store itself does it:
`ForgettingMixin.save` sees the forget action among the events of the turn being saved and erases every stored
event of that conversation instead of saving. The next message then finds no tracker and starts afresh.

The mixin only needs the SQLAlchemy `session_scope()` and `SQLEvent` model of Rasa's `SQLTrackerStore`, so it sits
on that class or any subclass of it (SQLite, PostgreSQL):

    class MyStore(ForgettingMixin, SomeSQLTrackerStore): ...
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)

FORGET_ACTION = "action_senco_forget_conversation"
"""The action that answers "delete my conversation" (actions/privacy.py); its name in a turn triggers erasure."""


def asked_to_forget(tracker: DialogueStateTracker) -> bool:
    """Whether the latest turn (the events after the last user message) ran the forget action."""
    for event in reversed(tracker.events):
        if isinstance(event, ActionExecuted) and event.action_name == FORGET_ACTION:
            return True
        if isinstance(event, UserUttered):
            return False
    return False


class ForgettingMixin:
    """Adds erasure to an SQL tracker store: on request (the forget action) and by age (retention)."""

    session_scope: Any
    SQLEvent: Any

    async def save(self, tracker: DialogueStateTracker) -> None:
        if asked_to_forget(tracker):
            erased = self.erase_conversation(tracker.sender_id)
            logger.info("privacy: erased conversation %s on request (%d events)", tracker.sender_id, erased)
            return
        await super().save(tracker)  # type: ignore[misc]

    def erase_conversation(self, sender_id: str) -> int:
        """Delete every stored event of one conversation, in every session; returns how many rows went."""
        with self.session_scope() as session:
            erased = (
                session.query(self.SQLEvent)
                .filter(self.SQLEvent.sender_id == sender_id)
                .delete(synchronize_session=False)
            )
            session.commit()
        return int(erased)

    def erase_inactive_before(self, timestamp: float) -> int:
        """Delete every conversation whose latest event is older than `timestamp` (seconds since the epoch), all its
        events at once, in one statement; returns how many conversations went."""
        import sqlalchemy as sa

        event = self.SQLEvent
        with self.session_scope() as session:
            stale = (
                sa.select(event.sender_id)
                .group_by(event.sender_id)
                .having(sa.func.max(event.timestamp) < timestamp)
                .subquery()
            )
            count = session.execute(sa.select(sa.func.count()).select_from(stale)).scalar_one()
            if count:
                session.execute(
                    sa.delete(event).where(event.sender_id.in_(sa.select(stale.c.sender_id))),
                    execution_options={"synchronize_session": False},
                )
            session.commit()
        return int(count)


class ForgettingSQLTrackerStore(ForgettingMixin, SQLTrackerStore):
    """Rasa's SQL tracker store (SQLite or PostgreSQL, as endpoints.yml says) with erasure."""
