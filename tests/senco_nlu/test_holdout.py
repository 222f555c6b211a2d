"""NLU evaluation on a held-out split (tests/senco_nlu/holdout.yml is never trained on): intent F1 >= 0.95,
date-entity F1 >= 0.95 and FAQ answers selected for >= 90% of FAQ questions. Dates match when the spans overlap
and the resolved values are equal. Failures list every miss, so a regression says what it broke."""

from __future__ import annotations

import asyncio
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.servers import trained_model

pytestmark = pytest.mark.slow
HOLDOUT = Path(__file__).parent / "holdout.yml"
TRAINING = Path(__file__).resolve().parents[2] / "data" / "nlu"
DATE_ENTITIES = {
    "date",
    "appointment_date",
    "nasenco_start_date",
    "nasenco_completion_date",
    "npq_start_date",
    "invalid_date",
}


@pytest.fixture(scope="module")
def parsed() -> list[tuple[Any, dict]]:
    os.environ["SENCO_TODAY"] = "2026-11-22"
    from rasa.core.agent import Agent
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(HOLDOUT))
    agent = Agent.load(str(trained_model()))

    async def parse_all() -> list[dict]:
        return [await agent.parse_message(example.get("text")) for example in data.training_examples]

    return list(zip(data.training_examples, asyncio.run(parse_all()), strict=True))


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w']+", " ", text.lower()).split())


def test_holdout_is_not_training_data() -> None:
    """A held-out example that is also a training example (case and punctuation aside) measures nothing."""
    from rasa.shared.nlu.training_data.loading import load_data

    training = {_normal(example.get("text")) for example in load_data(str(TRAINING)).intent_examples}
    copied = [example.get("text") for example in load_data(str(HOLDOUT)).intent_examples]
    assert not [text for text in copied if _normal(text) in training]


def test_intent_f1(parsed: list[tuple[Any, dict]]) -> None:
    from sklearn.metrics import f1_score

    gold = [example.get("intent") for example, _ in parsed]
    predicted = [result["intent"]["name"] for _, result in parsed]
    score = f1_score(gold, predicted, average="weighted")
    misses = [(example.get("text"), g, p) for (example, _), g, p in zip(parsed, gold, predicted, strict=True) if g != p]
    confusions = Counter((g, p) for _, g, p in misses).most_common()
    assert score >= 0.95, f"intent F1 {score:.3f}; confusions (gold, predicted): {confusions}; misses: {misses}"


def test_faq_answers_are_selected(parsed: list[tuple[Any, dict]]) -> None:
    faq = [(example, result) for example, result in parsed if example.get("intent") == "faq"]
    selected = [
        result.get("response_selector", {}).get("faq", {}).get("response", {}).get("intent_response_key")
        for _, result in faq
    ]
    right = sum(
        chosen == example.get("intent_response_key") for (example, _), chosen in zip(faq, selected, strict=True)
    )
    misses = [
        (example.get("text"), example.get("intent_response_key"), chosen)
        for (example, _), chosen in zip(faq, selected, strict=True)
        if chosen != example.get("intent_response_key")
    ]
    assert faq
    assert right / len(faq) >= 0.9, f"FAQ selection {right / len(faq):.3f}; misses (text, gold, selected): {misses}"


def test_date_entity_f1(parsed: list[tuple[Any, dict]]) -> None:
    tp = fp = fn = 0
    misses = []
    for example, result in parsed:
        gold = [(e["start"], e["end"], e["value"]) for e in example.get("entities") or [] if e["entity"] == "date"]
        found = [(e["start"], e["end"], e["value"]) for e in result["entities"] if e["entity"] in DATE_ENTITIES]
        unmatched = list(found)
        for start, end, value in gold:
            hit = next((f for f in unmatched if f[0] < end and start < f[1] and f[2] == value), None)
            if hit:
                tp += 1
                unmatched.remove(hit)
            else:
                fn += 1
                misses.append((example.get("text"), value, found))
        fp += len(unmatched)
        misses += [(example.get("text"), "unexpected", f) for f in unmatched]
    score = _f1(tp, fp, fn)
    assert tp + fn > 30, "the held-out set needs enough dates to mean anything"
    assert score >= 0.95, f"date F1 {score:.3f}; misses: {misses}"
