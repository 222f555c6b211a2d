"""The assessment form: asks exactly what the rules engine still needs, in its order."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from rules_engine import assess, parse_facts
from rules_engine.clock import current_day
from rules_engine.dates import parse_partial_date
from rules_engine.render import fact_name

from .choices import change_buttons
from .custom_forms import FormConfig, FormTurn, LimitedAttemptsForm
from .parsing import clean_value, contradiction, dates_a_correction_may_mean, interpret_answer, known_facts
from .slots import (
    ANSWER_INTENTS,
    ASSUMABLE_WHEN_UNKNOWN,
    CHANGE_ENTITY,
    CLARIFY,
    DATE_KEYS,
    FACT_KEYS,
    FAILED_TURNS,
    GENERIC_DATE,
    INVALID_DATE,
    MAX_FAILED_TURNS,
    NOTES,
    REQUESTED_SLOT,
    UNCLEAR,
    UNDERSTOOD,
    UNKNOWN,
)
from .understood import evidence_from, pending_from, still_pending
from .wording import response_text


def unknown_facts(tracker: Tracker, turn: FormTurn | None = None) -> list[str]:
    value = turn.get(UNKNOWN) if turn else tracker.get_slot(UNKNOWN)
    return [k for k in (value or []) if k in ASSUMABLE_WHEN_UNKNOWN]


def engine_needs(slots: dict[str, Any], unknown: list[str]) -> tuple[str, ...]:
    """The engine's questions for the facts so far (every slot value has been cleaned already)."""
    return assess(parse_facts(known_facts(slots)), current_day(), unknown).needs


class ValidateSencoForm(LimitedAttemptsForm):
    """The form's required slots (domain.yml) are every fact slot, so facts given before the form started are
    validated when it starts; the engine, not the slot order, decides what is asked."""

    config = FormConfig(
        failed_turns_slot=FAILED_TURNS,
        max_failed_turns=MAX_FAILED_TURNS,
        not_understood_response="utter_senco_not_understood",
        answer_intents=ANSWER_INTENTS,
    )

    def name(self) -> str:
        return "validate_senco_form"

    def check_value(self, slot: str, value: Any, turn: FormTurn, dispatcher: CollectingDispatcher) -> Any:
        cleaned = clean_value(slot, value)
        if cleaned is None and value is not None:
            self.say_not_understood(turn, dispatcher)
        if cleaned is not None:
            self._note_date(slot, turn, dispatcher)
            self._forget_unknown(slot, turn)
        return cleaned

    def read_answer(self, slot: str, turn: FormTurn, dispatcher: CollectingDispatcher) -> None:
        message = turn.tracker.latest_message
        intent = (message.get("intent") or {}).get("name")
        if slot == CLARIFY:  # "which did you mean?": the answer is for the fact being settled
            pending = turn.get(UNCLEAR) or []
            if not pending or pending[0]["key"] in turn.updates:
                return  # a button already gave it
            slot = pending[0]["key"]
        if intent == "dont_know":
            self._dont_know(slot, turn, dispatcher)
            return
        found = interpret_answer(
            slot, message.get("text") or "", message.get("entities") or [], turn.get(slot), current_day()
        )
        if found.error is not None:
            self._say_invalid_date(found.error, turn, dispatcher)
        elif found.understood:
            turn.set(slot, found.value)
            self._remember_note(slot, found.note, turn, dispatcher)
            self._forget_unknown(slot, turn)

    def check_together(self, turn: FormTurn, dispatcher: CollectingDispatcher) -> None:
        message = turn.tracker.latest_message
        entities = message.get("entities") or []
        if not turn.explained:
            for entity in entities:
                if entity.get("entity") == INVALID_DATE:
                    self._say_invalid_date((entity.get("additional_info") or {}).get("error"), turn, dispatcher)
                    break
        if (message.get("intent") or {}).get("name") == "correct":
            self._correct_a_date(entities, turn, dispatcher)
        slots = {key: turn.get(key) for key in FACT_KEYS}
        problem = contradiction(known_facts(slots), current_day())
        if problem is not None and problem.field in FACT_KEYS:
            dispatcher.utter_message(response="utter_senco_invalid_date", error=f"{problem.message}.")
            turn.set(problem.field, None)
            turn.explained = True
            turn.next_slot = problem.field
        change = next((e.get("value") for e in entities if e.get("entity") == CHANGE_ENTITY), None)
        if change in FACT_KEYS and (message.get("intent") or {}).get("name") == "correct":
            turn.set(change, None)
            self._forget_unknown(change, turn)
            turn.progress = True
            turn.next_slot = change
        self._keep_the_words(entities, turn)
        self._settle_unclear(entities, turn)

    def next_slot(self, turn: FormTurn) -> str | None:
        """The engine's next question; but a fact the words left open, which the engine needs, is settled first
        (offering the readings), and one it does not need is not asked about at all."""
        slots = {key: turn.get(key) for key in FACT_KEYS}
        needs = engine_needs(slots, unknown_facts(turn.tracker, turn))
        pending = turn.get(UNCLEAR) or []
        needed = [item for item in pending if item["key"] in needs]
        if needed:
            ordered = needed + [item for item in pending if item not in needed]
            if ordered != pending:
                turn.updates[UNCLEAR] = ordered
            return CLARIFY
        return needs[0] if needs else None

    # --- helpers ---------------------------------------------------------------------------------------

    def _keep_the_words(self, entities: list[dict[str, Any]], turn: FormTurn) -> None:
        """Remember the words each fact accepted this turn was read from; a fact changed by a button or an answer
        the reader did not give loses its old words."""
        accepted = {key: value for key, value in turn.updates.items() if key in FACT_KEYS and value is not None}
        if not accepted:
            return
        words = dict(turn.get(UNDERSTOOD) or {})
        for key in accepted:
            words.pop(key, None)
        words |= evidence_from(entities, accepted)
        turn.updates[UNDERSTOOD] = words

    def _settle_unclear(self, entities: list[dict[str, Any]], turn: FormTurn) -> None:
        """Facts the words left open wait to be asked, first; one that became known is no longer asked."""
        known = {key: turn.get(key) for key in FACT_KEYS}
        pending = still_pending(turn.get(UNCLEAR), known)
        for item in pending_from(entities, known):
            pending = [old for old in pending if old["key"] != item["key"]] + [item]
        if pending != (turn.tracker.get_slot(UNCLEAR) or []):
            turn.updates[UNCLEAR] = pending
        if pending:
            turn.progress = turn.progress or bool(pending_from(entities, known))

    def _correct_a_date(self, entities: list[dict[str, Any]], turn: FormTurn, dispatcher: CollectingDispatcher) -> None:
        """A correction whose date names no fact ("actually I started in March") replaces the date it can only
        mean; when several dates were given, the person picks which, rather than the assistant guessing."""
        generic = next(
            (e for e in entities if e.get("entity") == GENERIC_DATE and isinstance(e.get("value"), str)), None
        )
        asked = turn.tracker.get_slot(REQUESTED_SLOT)
        if generic is None or asked in DATE_KEYS:
            return  # no date, or it already answered the date question just asked
        before = {key: turn.tracker.get_slot(key) for key in FACT_KEYS}
        stated = {e.get("entity") for e in entities if e.get("entity") in DATE_KEYS}
        targets = dates_a_correction_may_mean(before, stated)
        if not targets:
            return
        if len(targets) > 1:
            buttons = change_buttons(turn.domain, targets)
            dispatcher.utter_message(response="utter_senco_which_date", buttons=buttons)
            turn.explained = True
            return
        (target,) = targets
        turn.set(target, generic["value"])
        self._remember_note(target, (generic.get("additional_info") or {}).get("note"), turn, dispatcher)
        self._forget_unknown(target, turn)

    def _dont_know(self, slot: str, turn: FormTurn, dispatcher: CollectingDispatcher) -> None:
        pending = turn.get(UNCLEAR) or []
        if pending and pending[0]["key"] == slot:  # "not sure" about the readings offered: ask the plain question
            turn.updates[UNCLEAR] = pending[1:]
        if slot in ASSUMABLE_WHEN_UNKNOWN:
            unknown = set(unknown_facts(turn.tracker, turn)) | {slot}
            turn.set(UNKNOWN, sorted(unknown))
            dispatcher.utter_message(response="utter_senco_dont_know_ok")
        else:
            dispatcher.utter_message(response="utter_senco_need_this", question=fact_name(slot))
        turn.explained = True

    def _say_invalid_date(self, error: str | None, turn: FormTurn, dispatcher: CollectingDispatcher) -> None:
        """Why the words are no date, asking again; when the NLU gave no reason, the domain's general one."""
        reason = error or response_text(turn.domain, "utter_senco_not_a_real_date")
        dispatcher.utter_message(response="utter_senco_invalid_date", error=reason)
        turn.explained = True

    def _forget_unknown(self, slot: str, turn: FormTurn) -> None:
        unknown = unknown_facts(turn.tracker, turn)
        if slot in unknown:
            turn.updates[UNKNOWN] = [k for k in unknown if k != slot]

    def _note_date(self, slot: str, turn: FormTurn, dispatcher: CollectingDispatcher) -> None:
        """Carry the NLU's reading of a date entity ("last Sept" -> September 2026) into the answer.

        Only a date the latest message carried changes its note: a slot filled earlier and re-validated when
        the form is activated again keeps the note it had.
        """
        if slot not in DATE_KEYS:
            return
        for entity in turn.tracker.latest_message.get("entities") or []:
            if entity.get("entity") == slot:
                self._remember_note(slot, (entity.get("additional_info") or {}).get("note"), turn, dispatcher)
                return

    def _remember_note(self, slot: str, note: str | None, turn: FormTurn, dispatcher: CollectingDispatcher) -> None:
        notes = dict(turn.get(NOTES) or {})
        if note:
            notes[slot] = note
            dispatcher.utter_message(response="utter_senco_noted", note=note)
        else:
            notes.pop(slot, None)
        if notes != (turn.tracker.get_slot(NOTES) or {}):
            turn.updates[NOTES] = notes


class ActionAskAppointmentDate(Action):
    """Asks for the appointment date, or for just the month/day still missing from one given earlier."""

    def name(self) -> str:
        return "action_ask_appointment_date"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        value = clean_value("appointment_date", tracker.get_slot("appointment_date"))
        if value is None:
            dispatcher.utter_message(response="utter_ask_appointment_date")
        elif parse_partial_date(value, "appointment_date").precision == "year":
            dispatcher.utter_message(response="utter_ask_appointment_month", year=value)
        else:
            dispatcher.utter_message(
                response="utter_ask_appointment_day", month=parse_partial_date(value, "appointment_date").written()
            )
        return []


__all__ = ["ActionAskAppointmentDate", "ValidateSencoForm", "engine_needs", "unknown_facts"]
