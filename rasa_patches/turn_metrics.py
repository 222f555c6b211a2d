"""Counts each message turn for /metrics (observability/metrics.py): messages by channel, the time to answer,
answers by outcome, fallbacks (turns the assistant did not understand: NLU's `nlu_fallback`, or a reply of
`FALLBACK_REPLIES`), and over-long messages refused. Counts only: no text, no sender id.

Why here and not in the actions: actions run in the separate action server process, and a turn that fails is not
an answer. So the counting is on the Rasa side, from what the turn stored: `MessageProcessor.save_tracker` is
called once at the end of a turn that succeeded, with the whole tracker; its events since the person's message
are exactly what the person was sent (a `BotUttered` with the custom payload `{"type": "senco_assessment",
"outcome": ...}` is an answer). A turn ended by "try again shortly" saves nothing, so it counts no answer.

Installed by `rasa_patches.install()`; wraps two public methods and changes nothing they return.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any

from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.nlu.constants import RESPONSE_SELECTOR_UTTER_ACTION_KEY as RESPONSE_NAME_KEY
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from actions.payload import PAYLOAD_TYPE
from channels.limits import MESSAGE_TOO_LONG_INTENT
from observability import metrics

TOO_LONG_MESSAGE = f"/{MESSAGE_TOO_LONG_INTENT}"  # what channels/limits.py passes on in place of an over-long message
FALLBACK_INTENT = "nlu_fallback"
FALLBACK_REPLIES = frozenset({"action_default_fallback", "utter_default", "utter_senco_not_understood"})
"""Rasa's fallback action, and domain.yml's "I didn't follow that" replies (outside the form, and to a question)."""

# RESPONSE_NAME_KEY: the bot event's metadata key naming the response sent (Rasa's own constant: written as a literal
# it would read as a response name to tools/validate_data.py, which checks every quoted utter_ name in rasa_patches/).

_saved: ContextVar[list[DialogueStateTracker] | None] = ContextVar("senco_turn_saved", default=None)


def count_turn(tracker: DialogueStateTracker) -> None:
    """Count the answers and fallback of the tracker's last turn (the events since its last user message)."""
    fallback = False
    for event in reversed(tracker.events):
        if isinstance(event, BotUttered):
            custom = (event.data or {}).get("custom")
            if isinstance(custom, dict) and custom.get("type") == PAYLOAD_TYPE:
                metrics.ASSESSMENTS.labels(outcome=metrics.outcome_label(custom.get("outcome"))).inc()
            fallback = fallback or (event.metadata or {}).get(RESPONSE_NAME_KEY) in FALLBACK_REPLIES
        elif isinstance(event, ActionExecuted) and event.action_name in FALLBACK_REPLIES:
            fallback = True
        elif isinstance(event, UserUttered):
            fallback = fallback or (event.intent or {}).get("name") == FALLBACK_INTENT
            break
    if fallback:
        metrics.FALLBACKS.inc()


def _counted_message(original: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    async def handle_message(self: Agent, message: UserMessage) -> Any:
        channel = metrics.channel_label(message.input_channel)
        metrics.MESSAGES.labels(channel=channel).inc()
        if (message.text or "").startswith(TOO_LONG_MESSAGE):
            metrics.refused(channel, "too_long")
        saved: list[DialogueStateTracker] = []
        token = _saved.set(saved)
        started = time.perf_counter()
        try:
            return await original(self, message)
        finally:
            metrics.RESPONSE_SECONDS.observe(time.perf_counter() - started)
            _saved.reset(token)
            if saved:
                count_turn(saved[-1])

    handle_message.senco_metrics = True  # type: ignore[attr-defined]
    return handle_message


def _noted_save(original: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    async def save_tracker(self: MessageProcessor, tracker: DialogueStateTracker) -> None:
        await original(self, tracker)
        saved = _saved.get()
        if saved is not None:  # inside a message turn (not the HTTP API's own saves)
            saved.append(tracker)

    return save_tracker


def install() -> None:
    """Wrap `Agent.handle_message` and `MessageProcessor.save_tracker` (once; a second call changes nothing)."""
    if getattr(Agent.handle_message, "senco_metrics", False):
        return
    Agent.handle_message = _counted_message(Agent.handle_message)  # type: ignore[method-assign]
    MessageProcessor.save_tracker = _noted_save(MessageProcessor.save_tracker)  # type: ignore[method-assign]
