"""What the assistant took from the teacher's own words, and what it still has to ask because the words allowed two
readings. Pure functions over entities and slot values (no rasa-sdk import), used by the form and the answer.

Why keep the words: an answer must show what it rests on ("From what you told me: special academy, so a special
school; 6/1/25, so 6 January 2025"), so that a misreading is seen at once and corrected in one message.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rules_engine.render import understood_label, value_label

from .slots import FACT_KEYS

UNCLEAR_ENTITY = "senco_unclear"
READER = "SencoReader"

Evidence = dict[str, dict[str, Any]]  # fact key -> {"value": ..., "text": the words it came from}
Pending = list[dict[str, Any]]  # [{"key", "text", "choices": [{"value", "label"}]}]
Item = dict[str, Any]  # {"key", "value", "label", "words"}


def evidence_from(entities: Iterable[Mapping[str, Any]], accepted: Mapping[str, Any]) -> Evidence:
    """The words each fact accepted this turn was read from (facts read by the assistant's reader only: a button
    carries no words of the teacher's)."""
    found: Evidence = {}
    for entity in entities:
        key = entity.get("entity")
        if key not in FACT_KEYS or entity.get("extractor") != READER or key not in accepted:
            continue
        if str(accepted[key]).lower() != str(entity.get("value")).lower():
            continue
        text = (entity.get("additional_info") or {}).get("text")
        if text:
            found[key] = {"value": accepted[key], "text": text}
    return found


def pending_from(entities: Iterable[Mapping[str, Any]], known: Mapping[str, Any]) -> Pending:
    """Facts the latest message left open to more than one reading and that are not known otherwise."""
    pending: Pending = []
    for entity in entities:
        key = entity.get("value")
        if entity.get("entity") != UNCLEAR_ENTITY or key not in FACT_KEYS or known.get(key) is not None:
            continue
        info = entity.get("additional_info") or {}
        choices = []
        for choice in info.get("choices") or []:
            value = choice.get("value")
            try:
                label = value_label(key, value)
            except (KeyError, ValueError, TypeError):
                continue  # a reading the engine would not accept is not offered
            choices.append({"value": value, "label": label})
        pending.append({"key": key, "text": info.get("text") or "", "choices": choices})
    return pending


def still_pending(pending: Sequence[Mapping[str, Any]] | None, known: Mapping[str, Any]) -> Pending:
    """The clarifications whose fact is still not known (a button or a typed answer settles one)."""
    return [dict(item) for item in pending or [] if known.get(item.get("key")) is None]


def understood_items(facts: Mapping[str, Any], evidence: Mapping[str, Mapping[str, Any]] | None) -> list[Item]:
    """Each known fact with the words it was read from, when it was read from the teacher's words, in the contract's
    order: what the answer shows as "From what you told me"."""
    items = []
    for key in FACT_KEYS:
        if key not in facts:
            continue
        words = (evidence or {}).get(key) or {}
        if str(words.get("value", "")).lower() != str(facts[key]).lower():
            words = {}
        label = understood_label(key, facts[key])
        items.append({"key": key, "value": facts[key], "label": label, "words": words.get("text")})
    return items
