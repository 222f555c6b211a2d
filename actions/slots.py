"""Names shared by the actions and the domain: fact slots are the contract's fact keys."""

from __future__ import annotations

from rules_engine.facts import ASSUMABLE_WHEN_UNKNOWN, BOOL_KEYS, CHOICES, DATE_KEYS, FACT_KEYS

REQUESTED_SLOT = "requested_slot"
UNKNOWN = "senco_unknown"
NOTES = "senco_notes"
FAILED_TURNS = "senco_failed_turns"
LAST_ANSWER = "senco_last_answer"
UNCLEAR = "senco_unclear"  # facts the teacher's words left open, still to ask (with the readings to offer)
UNDERSTOOD = "senco_understood"  # fact key -> the words it was read from
CLARIFY = "senco_clarify"  # asked (requested_slot) while a fact in UNCLEAR is being settled
CHANGE_ENTITY = "senco_change"
GENERIC_DATE = "date"
INVALID_DATE = "invalid_date"

MAX_FAILED_TURNS = 3  # the form's limit (its FormConfig), and when the answer then offers a way out

# Intents that answer the question just asked; anything else (an FAQ, "show my answers"...) is an interruption
# the form leaves to the rules, then resumes.
ANSWER_INTENTS = frozenset({"inform", "affirm", "deny", "dont_know", "correct", "ask_qualification", "nlu_fallback"})

__all__ = [
    "ANSWER_INTENTS",
    "ASSUMABLE_WHEN_UNKNOWN",
    "BOOL_KEYS",
    "CHANGE_ENTITY",
    "CHOICES",
    "CLARIFY",
    "DATE_KEYS",
    "FACT_KEYS",
    "FAILED_TURNS",
    "GENERIC_DATE",
    "INVALID_DATE",
    "LAST_ANSWER",
    "MAX_FAILED_TURNS",
    "NOTES",
    "REQUESTED_SLOT",
    "UNCLEAR",
    "UNDERSTOOD",
    "UNKNOWN",
]
