"""A form validation base class whose questions come from a decision function and that never loops forever.

Why not the SDK's stock `run`: it validates only slots listed as required and drops every other `SlotSet`,
so bookkeeping (failed attempts, "I don't know" answers) would be lost, and it can only ask slots that are
empty (we must re-ask a date known only to the year). Subclasses supply three hooks: how to read an answer
to the question just asked, how to validate a slot value, and which slot to ask next.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from .slots import ANSWER_INTENTS, FAILED_TURNS, MAX_FAILED_TURNS, REQUESTED_SLOT


class FormTurn:
    """What one user turn changed: slot updates, plus whether it moved the conversation forward."""

    def __init__(self, tracker: Tracker) -> None:
        self.tracker = tracker
        self.updates: dict[str, Any] = {}
        self.progress = False
        self.explained = False  # a specific message already told the person what was wrong
        self.next_slot: str | None = None

    def set(self, slot: str, value: Any) -> None:
        self.updates[slot] = value
        if value is not None:
            self.progress = True

    def get(self, slot: str) -> Any:
        return self.updates[slot] if slot in self.updates else self.tracker.get_slot(slot)


class LimitedAttemptsForm(FormValidationAction):
    """After `MAX_FAILED_TURNS` answers in a row that move nothing forward, the form ends and offers a way out."""

    fact_slots: tuple[str, ...] = ()

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        asked = tracker.get_slot(REQUESTED_SLOT)
        if asked is not None and intent not in ANSWER_INTENTS:
            return []  # an interruption: let the rules answer it, then the form asks again
        turn = FormTurn(tracker)
        for slot, value in tracker.slots_to_validate().items():
            if slot in self.fact_slots:
                turn.set(slot, self.validate_value(slot, value, turn, dispatcher))
        if asked is not None and asked not in turn.updates:
            self.read_answer(asked, turn, dispatcher)
        self.check_together(turn, dispatcher)
        failed = 0.0 if turn.progress or asked is None else float(tracker.get_slot(FAILED_TURNS) or 0) + 1
        if failed and not turn.explained:
            dispatcher.utter_message(response="utter_senco_not_understood")
        next_slot = None if failed >= MAX_FAILED_TURNS else (turn.next_slot or self.next_slot(turn))
        events: list[EventType] = [SlotSet(slot, value) for slot, value in turn.updates.items()]
        return [*events, SlotSet(FAILED_TURNS, failed), SlotSet(REQUESTED_SLOT, next_slot)]

    @abstractmethod
    def validate_value(self, slot: str, value: Any, turn: FormTurn, dispatcher: CollectingDispatcher) -> Any:
        """The value to keep for a slot filled this turn (None to reject it)."""

    @abstractmethod
    def read_answer(self, slot: str, turn: FormTurn, dispatcher: CollectingDispatcher) -> None:
        """Interpret the latest message as an answer to the question for `slot`."""

    def check_together(self, turn: FormTurn, dispatcher: CollectingDispatcher) -> None:
        """Cross-slot checks after every slot was read (none by default)."""

    @abstractmethod
    def next_slot(self, turn: FormTurn) -> str | None:
        """The slot to ask next, or None when nothing more is needed."""
