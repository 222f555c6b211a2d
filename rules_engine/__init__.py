"""Deterministic SENCO qualification rules for England (no Rasa import: usable and testable on its own)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from .assessment import Assessment
from .engine import ASK_ORDER, assess
from .errors import FactsError, RulesDataError
from .facts import FACT_KEYS, Facts, facts_to_dict, parse_facts
from .outcomes import OUTCOMES
from .render import render_text


def assess_json(facts: object, today: date, unknown: Iterable[str] = ()) -> dict[str, Any]:
    """Validate contract-shaped facts and return the contract-shaped assessment dict."""
    return assess(parse_facts(facts), today, unknown).to_dict()


__all__ = [
    "ASK_ORDER",
    "FACT_KEYS",
    "OUTCOMES",
    "Assessment",
    "Facts",
    "FactsError",
    "RulesDataError",
    "assess",
    "assess_json",
    "facts_to_dict",
    "parse_facts",
    "render_text",
]
