"""Pure, typed interpretation of what a person typed, outside the action classes (no rasa-sdk import).

The NLU components already turn explicit statements into entities; these functions handle the rest: the free
text of an answer to the question just asked, a slot value that must be checked before the engine sees it,
and a month or day that completes a date given earlier ("2019" then "March").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from rules_engine import FactsError, parse_facts
from rules_engine.dates import PartialDate, parse_partial_date
from rules_engine.engine import check_against_today
from senco_nlu.dates import parse_date_answer
from senco_nlu.facts import match_answer

from .slots import BOOL_KEYS, CHOICES, DATE_KEYS, FACT_KEYS, GENERIC_DATE, INVALID_DATE

_BARE_DAY = re.compile(r"^\s*(?:the\s+)?([0-9]{1,2})(?:st|nd|rd|th)?\s*\.?\s*$", re.IGNORECASE)
_HAS_DIGIT = re.compile(r"[0-9]")


@dataclass(frozen=True)
class Interpretation:
    """What an answer meant for one slot: a value, or an error to show, plus any note on how it was read.

    An error of "" means the words are no real date but the NLU gave no reason: the action then says the domain's
    general wording (no words for the person are kept in this module).
    """

    value: Any = None
    error: str | None = None
    note: str | None = None

    @property
    def understood(self) -> bool:
        return self.value is not None


def clean_value(key: str, value: Any) -> Any:
    """A slot value as the engine accepts it, or None when it is not one (never a guess)."""
    if value is None:
        return None
    if key in BOOL_KEYS:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        return None
    if key in DATE_KEYS:
        try:
            return parse_partial_date(value, key).iso()
        except FactsError:
            return None
    if key in CHOICES:
        return value if isinstance(value, str) and value in CHOICES[key] else None
    return None


def known_facts(slots: Mapping[str, Any]) -> dict[str, Any]:
    """The fact slots that hold valid values (an invalid one is treated as not known, never passed on)."""
    facts = {}
    for key in FACT_KEYS:
        value = clean_value(key, slots.get(key))
        if value is not None:
            facts[key] = value
    return facts


def contradiction(facts: Mapping[str, Any], today: date) -> FactsError | None:
    """The engine's objection to a combination of facts (a completion before its start, or after today)."""
    try:
        check_against_today(parse_facts(facts), today)
    except FactsError as err:
        return err
    return None


def complete_partial(current: Any, text: str, today: date) -> Interpretation | None:
    """Fill in a month (for "2019") or a day (for "2009-09") from a short follow-up answer."""
    if not isinstance(current, str):
        return None
    try:
        known = parse_partial_date(current, "date")
    except FactsError:
        return None
    if known.precision == "month":
        bare = _BARE_DAY.match(text)
        if bare:
            candidate = f"{known.iso()}-{int(bare.group(1)):02d}"
            return _checked(candidate)
        return None
    if known.precision == "year":
        found = parse_date_answer(text, today)
        if found and found.value and found.value.month and not _HAS_DIGIT.search(found.text):
            return _checked(PartialDate(known.year, found.value.month).iso())
    return None


def _checked(candidate: str) -> Interpretation:
    try:
        return Interpretation(value=parse_partial_date(candidate, "date").iso())
    except FactsError as err:
        return Interpretation(error=f"{err.message}.")


def interpret_date(
    key: str, text: str, entities: Sequence[Mapping[str, Any]], current: Any, today: date
) -> Interpretation:
    """A date answer: the missing month/day of a date given earlier, an entity the NLU found (specific to `key`,
    or generic), else the typed text itself."""
    completed = complete_partial(current, text, today)
    if completed is not None:
        return completed
    for entity in entities:
        if entity.get("entity") == INVALID_DATE:
            return Interpretation(error=(entity.get("additional_info") or {}).get("error") or "")
    for wanted in (key, GENERIC_DATE):
        for entity in entities:
            if entity.get("entity") == wanted and isinstance(entity.get("value"), str):
                info = entity.get("additional_info") or {}
                return Interpretation(value=entity["value"], note=info.get("note"))
    if any(entity.get("entity") in DATE_KEYS for entity in entities):
        # The NLU tied every date here to another fact ("started the NPQ in Jan 2025" answering "when did you
        # become SENCO?"): that date fills its own fact, and is not reused as the answer to this question.
        return Interpretation()
    found = parse_date_answer(text, today)
    if found is None:
        return Interpretation()
    if found.value is None:
        return Interpretation(error=found.error)
    return Interpretation(value=found.value.iso(), note=found.assumption)


def dates_a_correction_may_mean(before: Mapping[str, Any], stated_now: Iterable[str] = ()) -> tuple[str, ...]:
    """The date facts that a correction's date with no cue ("actually I started in March") could replace: those
    answered before this message, less any this message states itself ("appointed 1 March 2024 ... started the
    course in February 2025" corrects nothing). None when nothing earlier is left to correct: the date is then not
    taken at all, rather than guessed to be the appointment date.
    """
    stated = set(stated_now)
    return tuple(key for key in DATE_KEYS if key not in stated and clean_value(key, before.get(key)) is not None)


def interpret_answer(
    key: str, text: str, entities: Sequence[Mapping[str, Any]], current: Any, today: date
) -> Interpretation:
    """What the typed `text` answers for the slot `key` that was just asked."""
    if key in DATE_KEYS:
        return interpret_date(key, text, entities, current, today)
    value = match_answer(key, text)
    return Interpretation(value=clean_value(key, value))
