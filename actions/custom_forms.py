"""A form validation base class that asks whatever the form decides to ask next, and never loops forever.

Why not the SDK's stock `FormValidationAction.run`: it returns only the slots it validated, so bookkeeping kept
beside the answers (failed attempts, "I don't know" answers) would be lost, and it can only ask a slot that is
empty, while a form may need to ask one again (a date known only to the year). So this base replaces `run` and
keeps the rest of the SDK's shape: a `FormValidationAction` named `validate_<form>`, `required_slots` (by default
the form's required slots in the domain) and SDK-style `validate_<slot>` hooks.

Why a base class at all: a form that cannot understand an answer must not ask the same question forever. After
a set number of answers in a row that move nothing forward it stops (requested slot None), leaving the count in
its slot so that whatever runs next can offer a way out. That rule is the same for any form, so it lives here,
and everything particular to an assistant (slot and response names, the limit, the intents that answer a
question) is given by the subclass in a `FormConfig`. All wording is in domain responses.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict
from rasa_sdk.utils import call_potential_coroutine


@dataclass(frozen=True)
class FormConfig:
    """What a form built on `LimitedAttemptsForm` must name for itself (the base names no slot or response).

    failed_turns_slot: a float slot (initial value 0, `custom` mapping) counting the answers in a row that moved
        nothing forward. It is left at the limit when the form gives up, so the action that follows can see why the
        form ended; that action resets it.
    max_failed_turns: after this many failed turns in a row the form ends instead of asking again.
    not_understood_response: the response uttered after a failed turn that no other message explained.
    answer_intents: the intents that answer the question just asked. Any other intent while a question is
        pending is an interruption (an FAQ, "show my answers"): the form leaves it to the rules and asks again.
    """

    failed_turns_slot: str
    max_failed_turns: int
    not_understood_response: str
    answer_intents: frozenset[str]

    def __post_init__(self) -> None:
        if self.max_failed_turns < 1:
            raise ValueError(f"max_failed_turns must be at least 1, not {self.max_failed_turns}")


class FormTurn:
    """What one user turn changed: slot updates, plus whether it moved the conversation forward.

    Why a separate object: the hooks run one after another and each must see what the earlier ones decided this
    turn (`get`), while `tracker` still shows the conversation as it was before the turn.
    """

    def __init__(self, tracker: Tracker, domain: DomainDict, required: Iterable[str] = ()) -> None:
        self.tracker = tracker
        self.domain = domain  # for hooks that read wording from the domain's responses
        self.required: tuple[str, ...] = tuple(required)
        self.updates: dict[str, Any] = {}
        self.progress = False
        self.explained = False  # a specific message already told the person what was wrong
        self.next_slot: str | None = None  # set by a hook that must ask this slot next, whatever `next_slot` says

    def set(self, slot: str, value: Any) -> None:
        self.updates[slot] = value
        if value is not None:
            self.progress = True

    def get(self, slot: str) -> Any:
        return self.updates[slot] if slot in self.updates else self.tracker.get_slot(slot)


class LimitedAttemptsForm(FormValidationAction, ABC):
    """A form that ends after `config.max_failed_turns` answers in a row that move nothing forward.

    A subclass must supply `name()` ("validate_<form name>", as for any `FormValidationAction`) and `config`, a
    `FormConfig` naming its own bookkeeping slot, limit, "not understood" response and answer intents; the
    constructor refuses a subclass without one, so the action server fails at start rather than mid-conversation.

    It may override any of these hooks, run in this order on each turn (each defaults to the SDK's behaviour):
    - each slot filled this turn that `required_slots` lists is validated by its SDK-style `validate_<slot>(value,
      dispatcher, tracker, domain) -> {slot: value}` when the subclass has one, else by `check_value`;
    - `read_answer` reads the message as an answer to the question asked, when no slot mapping answered it;
    - `check_together` checks the slots against each other;
    - `next_slot` picks the question to ask (by default the first required slot still empty).
    A turn that sets any slot to a value is progress; any other answer is a failed turn, and the configured
    response says so unless a hook already explained what was wrong (`turn.explained`, or a message uttered by a
    `validate_<slot>` hook).
    """

    config: ClassVar[FormConfig]

    def __init__(self) -> None:
        super().__init__()
        if not isinstance(getattr(type(self), "config", None), FormConfig):
            raise TypeError(f"{type(self).__name__} must set `config = FormConfig(...)`: the base names no slot")

    @abstractmethod
    def name(self) -> str:
        """`validate_<form name>`. Abstract so that the action server never registers the base class itself."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        config = self.config
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        asked = tracker.get_slot(REQUESTED_SLOT)
        if asked is not None and intent not in config.answer_intents:
            return []  # an interruption: let the rules answer it, then the form asks again
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        turn = FormTurn(tracker, domain, required)
        for slot, value in tracker.slots_to_validate().items():
            if slot in turn.required:
                await self._validate_slot(slot, value, turn, dispatcher)
        if asked is not None and asked not in turn.updates:
            self.read_answer(asked, turn, dispatcher)
        self.check_together(turn, dispatcher)
        failed = 0.0 if turn.progress or asked is None else float(tracker.get_slot(config.failed_turns_slot) or 0) + 1
        if failed and not turn.explained:
            self.say_not_understood(turn, dispatcher)
        next_slot = None if failed >= config.max_failed_turns else (turn.next_slot or self.next_slot(turn))
        events: list[EventType] = [SlotSet(slot, value) for slot, value in turn.updates.items()]
        return [*events, SlotSet(config.failed_turns_slot, failed), SlotSet(REQUESTED_SLOT, next_slot)]

    def say_not_understood(self, turn: FormTurn, dispatcher: CollectingDispatcher) -> None:
        """Utter the configured "not understood" response; the turn then needs no other explanation."""
        dispatcher.utter_message(response=self.config.not_understood_response)
        turn.explained = True

    async def _validate_slot(self, slot: str, value: Any, turn: FormTurn, dispatcher: CollectingDispatcher) -> None:
        hook = getattr(self, f"validate_{slot.replace('-', '_')}", None)
        if hook is None:
            turn.set(slot, self.check_value(slot, value, turn, dispatcher))
            return
        said = len(dispatcher.messages)
        output = await call_potential_coroutine(hook(value, dispatcher, turn.tracker, turn.domain))
        for name, new in (output or {}).items():
            turn.set(name, new)
        if len(dispatcher.messages) > said:
            turn.explained = True  # as in the SDK, a validator that rejects a value says why itself

    def check_value(self, slot: str, value: Any, turn: FormTurn, dispatcher: CollectingDispatcher) -> Any:
        """The value to keep for a slot filled this turn (None rejects it); used for slots with no `validate_<slot>`."""
        return value

    def read_answer(self, slot: str, turn: FormTurn, dispatcher: CollectingDispatcher) -> None:
        """Interpret the latest message as an answer to the question for `slot` (by default, only the domain's slot
        mappings read answers, so there is nothing more to do)."""

    def check_together(self, turn: FormTurn, dispatcher: CollectingDispatcher) -> None:
        """Cross-slot checks after every slot was read (none by default)."""

    def next_slot(self, turn: FormTurn) -> str | None:
        """The slot to ask next, or None when nothing more is needed: by default, as the SDK, the first required
        slot still empty."""
        return next((slot for slot in turn.required if turn.get(slot) is None), None)


__all__ = ["FormConfig", "FormTurn", "LimitedAttemptsForm"]
