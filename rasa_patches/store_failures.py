"""The tracker store's database lost while Rasa runs: the person gets `utter_senco_try_again`, as for an action
server failure, and the conversation carries on where it was once the database is back.

What Rasa 3.6 does by itself: the Agent wraps the tracker store in `FailSafeTrackerStore`, which catches the
`OperationalError` of `SQLTrackerStore.retrieve` or `save`, logs it (with the SQL and the sender id) and carries on
with an empty in-memory conversation: the person is answered as a stranger (the form they were in is forgotten),
and that turn is kept in this process's memory, never in the database.

Installed by `rasa_patches.install()`, this changes `FailSafeTrackerStore.on_tracker_store_error` and
`on_tracker_store_retrieve_error` (called inside its `except`): during a message turn, a database error that means
"cannot reach it or lost the connection" (`OperationalError`, `InterfaceError`, or any driver error that
invalidated the connection) becomes `TrackerStoreUnavailable`, a BaseException so that the fail-safe's
`except Exception` lets it through; `MessageProcessor.handle_message` then logs one line without the database's
address or password, counts it (`senco_store_failures_total`) and sends the same reply as
rasa_patches/action_failures.py. Nothing of the turn is stored (a failed read stores nothing; a failed save is one
transaction, rolled back). Outside a message turn (the HTTP API), Rasa's behaviour is unchanged.
SQLAlchemy drops the broken pooled connections itself, so the next message connects afresh. How long it takes is
bounded by libpq's `connect_timeout` (`SENCO_DB_CONNECT_TIMEOUT`, stores/config.py). Other errors: as in Rasa.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.core.tracker_store import FailSafeTrackerStore
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from observability import metrics
from rasa_patches.action_failures import say_try_again

logger = logging.getLogger(__name__)


def store_unreachable(error: BaseException) -> bool:
    """An error that says the database cannot be reached or the connection was lost (not a bad query)."""
    if isinstance(error, (OperationalError, InterfaceError)):
        return True
    return isinstance(error, DBAPIError) and bool(error.connection_invalidated)


class TrackerStoreUnavailable(BaseException):
    """Ends the turn (see the module docstring); `cause` is the database error."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(type(cause).__name__)
        self.cause = cause


_in_message_turn: ContextVar[bool] = ContextVar("senco_store_turn", default=False)


def _raise_when_unreachable(original: Callable[[Any, Exception], None]) -> Callable[[Any, Exception], None]:
    def on_error(self: FailSafeTrackerStore, error: Exception) -> None:
        if _in_message_turn.get() and store_unreachable(error):
            raise TrackerStoreUnavailable(error) from error
        original(self, error)

    return on_error


def _try_again_when_unreachable(original: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    async def handle_message(self: MessageProcessor, message: UserMessage) -> Any:
        token = _in_message_turn.set(True)
        try:
            return await original(self, message)
        except TrackerStoreUnavailable as failure:
            cause = getattr(failure.cause, "orig", None) or failure.cause
            metrics.STORE_FAILURES.labels(store="tracker").inc()
            logger.error(
                "The tracker store does not answer (%s): the message was not recorded and the person was asked "
                "to try again.",
                type(cause).__name__,
            )
            return await say_try_again(self, message)
        finally:
            _in_message_turn.reset(token)

    handle_message.senco_store_failures = True  # type: ignore[attr-defined]
    handle_message.__wrapped__ = original  # type: ignore[attr-defined]  # the chain of wrappers stays readable
    return handle_message


def install() -> None:
    """Apply the behaviour the module docstring describes (once; a second call changes nothing)."""
    if getattr(MessageProcessor.handle_message, "senco_store_failures", False):
        return
    MessageProcessor.handle_message = _try_again_when_unreachable(MessageProcessor.handle_message)  # type: ignore[method-assign]
    FailSafeTrackerStore.on_tracker_store_error = _raise_when_unreachable(  # type: ignore[method-assign]
        FailSafeTrackerStore.on_tracker_store_error
    )
    FailSafeTrackerStore.on_tracker_store_retrieve_error = _raise_when_unreachable(  # type: ignore[method-assign]
        FailSafeTrackerStore.on_tracker_store_retrieve_error
    )
