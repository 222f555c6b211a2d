"""Giving the answer, and the things a person does with it: see, change, copy, start again."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from rules_engine import Assessment, assess, parse_facts, render_text
from rules_engine.clock import current_day
from rules_engine.dates import long_date
from rules_engine.render import describe_fact, fact_name, render_details, state_line
from rules_engine.rules_data import SETTINGS

from .choices import change_buttons
from .parsing import known_facts
from .payload import payload
from .senco_form import unknown_facts
from .slots import FACT_KEYS, FAILED_TURNS, LAST_ANSWER, MAX_FAILED_TURNS, NOTES, UNDERSTOOD
from .understood import understood_items
from .wording import optional_response_text, response_text


def current_assessment(tracker: Tracker) -> tuple[Assessment, dict[str, Any], tuple[str, ...]]:
    """The engine's answer for the conversation's facts, with how the assistant read any dates."""
    facts = known_facts(tracker.current_slot_values())
    assessment = assess(parse_facts(facts), current_day(), unknown_facts(tracker))
    notes = tracker.get_slot(NOTES) or {}
    extra = tuple(note for key, note in notes.items() if key in facts)
    return assessment, facts, extra


def understood_text(domain: DomainDict, items: list[dict[str, Any]]) -> str:
    """ "From what you told me: special academy, so a special school; 6/1/25, so 6 January 2025." (facts read from the
    teacher's own words only; empty when every fact came from a button)."""
    parts = [
        response_text(domain, "utter_senco_understood_item", {"words": item["words"], "meaning": item["label"]})
        for item in items
        if item["words"]
    ]
    return response_text(domain, "utter_senco_understood", {"items": "; ".join(parts)}) if parts else ""


def warning_responses(assessment: Assessment) -> list[str]:
    """The warnings an answer carries under its headline (where the teacher stands comes first, in the lead)."""
    return ["utter_senco_statutory_unclear"] if assessment.statutory == "unclear" else []


class ActionSencoAnswer(Action):
    """The answer in one message (headline, warnings, why, assumptions, sources), the contract's payload beside it,
    then what the person can do next."""

    def name(self) -> str:
        return "action_senco_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        assessment, facts, extra = current_assessment(tracker)
        if assessment.needs:
            return self._still_need(dispatcher, tracker, domain, assessment)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent == "correct" and tracker.get_slot(LAST_ANSWER) == facts:
            dispatcher.utter_message(response="utter_senco_change_which", buttons=change_buttons(domain, facts))
            return []
        lead = state_line(assessment, current_day())
        values = {
            "lead": f"{lead}\n" if lead else "",
            "deadline": long_date(assessment.deadline) if assessment.deadline else "",
            "latest_start": long_date(assessment.latest_npq_start) if assessment.latest_npq_start else "",
            "setting": SETTINGS[facts["setting"]].label if "setting" in facts else "",
        }
        warnings = "".join(f"\n{response_text(domain, name, values)}" for name in warning_responses(assessment))
        items = understood_items(facts, tracker.get_slot(UNDERSTOOD))
        told = understood_text(domain, items)
        dispatcher.utter_message(
            response=f"utter_senco_outcome_{assessment.outcome}",
            warnings=warnings + (f"\n{told}" if told else ""),
            details=render_details(assessment, extra, spaced=False),
            **values,
        )
        dispatcher.utter_message(json_message=payload(assessment, facts, extra, items))
        dispatcher.utter_message(response="utter_senco_next")
        return [SlotSet(LAST_ANSWER, facts), SlotSet(FAILED_TURNS, 0.0)]

    @staticmethod
    def _still_need(
        dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, assessment: Assessment
    ) -> list[EventType]:
        first = assessment.needs[0]
        if float(tracker.get_slot(FAILED_TURNS) or 0) >= MAX_FAILED_TURNS:
            hint = optional_response_text(domain, f"utter_senco_way_out_hint_{first}")  # example answers, if any
            dispatcher.utter_message(response="utter_senco_way_out", question=fact_name(first), help=hint)
        else:
            questions = "; ".join(fact_name(key) for key in assessment.needs)
            dispatcher.utter_message(response="utter_senco_still_need", questions=questions)
        return [SlotSet(FAILED_TURNS, 0.0)]


class ActionSencoShowAnswers(Action):
    def name(self) -> str:
        return "action_senco_show_answers"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        facts = parse_facts(known_facts(tracker.current_slot_values()))
        known = [key for key in FACT_KEYS if getattr(facts, key) is not None]
        unknown = [key for key in unknown_facts(tracker) if key not in known]
        if not known and not unknown:
            dispatcher.utter_message(response="utter_senco_no_answers")
            return []
        lines = [f"- {describe_fact(key, getattr(facts, key))}" for key in known]
        lines += [f"- {describe_fact(key, None)}" for key in unknown]
        dispatcher.utter_message(
            response="utter_senco_answers", answers="\n".join(lines), buttons=change_buttons(domain, known)
        )
        return []


class ActionSencoCopyAnswer(Action):
    """The answer as plain text a person can paste into an email (the same rendering as the CLI's --text)."""

    def name(self) -> str:
        return "action_senco_copy_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if tracker.get_slot(LAST_ANSWER) is None:
            dispatcher.utter_message(response="utter_senco_no_answer_yet")
            return []
        assessment, _, extra = current_assessment(tracker)
        dispatcher.utter_message(
            response="utter_senco_plain_text", plain_text=render_text(assessment, current_day(), extra)
        )
        return []


class ActionSencoStartOver(Action):
    def name(self) -> str:
        return "action_senco_start_over"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response="utter_restarted")
        return [ActiveLoop(None), AllSlotsReset()]
