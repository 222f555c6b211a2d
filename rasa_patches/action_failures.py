"""Action server down, slow or failing: the person gets `utter_senco_try_again` and the conversation is unharmed.

What Rasa 3.6 does by itself: a custom action whose call fails is logged and its events are dropped, and the turn
carries on (MessageProcessor._run_action catches every Exception). For this assistant that means a form whose
validation never ran: the slot the person just gave is silently not set, the question is not asked, or the answer
is never given; and a slow action server holds the conversation for Rasa's 5-minute request timeout.

Installed by `rasa_patches.install()` (tools/serve_rasa.sh starts Rasa through `python -m rasa_patches.cli`), this
changes two things, and nothing else:

- a call to the action server gets `SENCO_ACTION_TIMEOUT` seconds (default 10), not 5 minutes, and is tried a second
  time (within that time) when the connection is refused or closed before an answer;
- a call that fails (cannot connect, too slow, an error status, an unusable answer) ends the turn: nothing of it is
  stored (the stored conversation stays exactly as it was before the message, form included), and the person is
  told to try again shortly. A rejection by a form's validation (HTTP 400) is not a failure: Rasa handles it.

Outside a message turn (the HTTP API's `execute` and `trigger_intent`), Rasa's own behaviour is unchanged.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable, Mapping
from contextvars import ContextVar
from typing import Any

import aiohttp
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException

from observability import metrics
from senco_settings import BY_NAME
from senco_settings import value as setting

logger = logging.getLogger(__name__)

TRY_AGAIN = "utter_senco_try_again"
DEFAULT_ACTION_TIMEOUT = float(BY_NAME["SENCO_ACTION_TIMEOUT"].default)


def action_timeout(env: Mapping[str, str] = os.environ) -> float:
    """Seconds a call to the action server may take (`SENCO_ACTION_TIMEOUT`, default 10)."""
    return float(setting("SENCO_ACTION_TIMEOUT", env))


_in_message_turn: ContextVar[bool] = ContextVar("senco_in_message_turn", default=False)


class ActionServerUnavailable(BaseException):
    """Ends the turn. A BaseException so that Rasa's catch-all around each action (which would carry on with the
    action's events lost) lets it through to `handle_message`, which drops the turn and answers `TRY_AGAIN`."""

    def __init__(self, action: str, cause: BaseException) -> None:
        super().__init__(action, cause)
        self.action = action
        self.cause = cause


def _connection_lost(error: BaseException) -> bool:
    """Rasa turns aiohttp's connection errors into a RasaException raised while handling them."""
    return any(isinstance(e, aiohttp.ClientConnectionError) for e in (error, error.__cause__, error.__context__))


def _bounded_run(original: Callable[..., Awaitable[Any]], timeout: float) -> Callable[..., Awaitable[Any]]:
    async def call(self: RemoteAction, *args: Any, **kwargs: Any) -> Any:
        try:
            return await original(self, *args, **kwargs)
        except RasaException as error:
            if isinstance(error, ActionExecutionRejection) or not _connection_lost(error):
                raise
        # The connection was refused or closed before an answer (seen under heavy load: "Cannot write to closing
        # transport"). Actions are pure functions of the tracker, so one more try is safe; a server that is down
        # refuses again at once.
        return await original(self, *args, **kwargs)

    async def run(self: RemoteAction, *args: Any, **kwargs: Any) -> Any:
        try:
            return await asyncio.wait_for(call(self, *args, **kwargs), timeout)
        except ActionExecutionRejection:
            raise
        except (RasaException, aiohttp.ClientError, asyncio.TimeoutError) as error:
            if not _in_message_turn.get():
                raise
            raise ActionServerUnavailable(self.name(), error) from error

    run.senco_fault_handling = True  # type: ignore[attr-defined]
    return run


def _turn_or_try_again(original: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    async def handle_message(self: MessageProcessor, message: UserMessage) -> Any:
        token = _in_message_turn.set(True)
        try:
            return await original(self, message)
        except ActionServerUnavailable as failure:
            metrics.ACTION_FAILURES.inc()
            cause = failure.cause
            reason = (
                "no answer in time" if isinstance(cause, asyncio.TimeoutError) else str(cause) or type(cause).__name__
            )
            logger.error(
                "The action server failed on '%s' (%s): the message was not recorded and the person was asked to "
                "try again.",
                failure.action,
                reason,
            )
            return await say_try_again(self, message)
        finally:
            _in_message_turn.reset(token)

    handle_message.senco_fault_handling = True  # type: ignore[attr-defined]
    handle_message.__wrapped__ = original  # type: ignore[attr-defined]  # the chain of wrappers stays readable
    return handle_message


async def say_try_again(processor: MessageProcessor, message: UserMessage) -> list[dict] | None:
    """Send `utter_senco_try_again` (wording in domain.yml) on the message's channel, in place of whatever the failed
    turn had said; used for action-server failures here and a lost database in store_failures."""
    channel = message.output_channel
    if isinstance(channel, CollectingOutputChannel):
        channel.messages.clear()  # what the failed turn said before failing is not part of the conversation
    tracker = DialogueStateTracker.from_events(message.sender_id, [], slots=processor.domain.slots)
    response = await processor.nlg.generate(TRY_AGAIN, tracker, channel.name())
    if response:
        await channel.send_response(message.sender_id, response)
    return channel.messages if isinstance(channel, CollectingOutputChannel) else None


def install() -> None:
    """Apply the behaviour the module docstring describes (once; a second call changes nothing)."""
    if getattr(RemoteAction.run, "senco_fault_handling", False):
        return
    RemoteAction.run = _bounded_run(RemoteAction.run, action_timeout())  # type: ignore[method-assign]
    MessageProcessor.handle_message = _turn_or_try_again(MessageProcessor.handle_message)  # type: ignore[method-assign]
