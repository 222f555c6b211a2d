"""Trackers built directly against the real domain, so actions are tested without a running Rasa."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parents[2]
DOMAIN: dict[str, Any] = yaml.safe_load((ROOT / "domain.yml").read_text())
TODAY = "2026-11-22"


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENCO_TODAY", TODAY)


def make_tracker(
    *,
    text: str = "",
    intent: str = "inform",
    entities: Iterable[Mapping[str, Any]] = (),
    slots: Mapping[str, Any] | None = None,
    candidates: Mapping[str, Any] | None = None,
    requested: str | None = None,
    form_active: bool = True,
    domain: Mapping[str, Any] = DOMAIN,
    form: str = "senco_form",
) -> Tracker:
    """A tracker as the form action hands it to the validation action: candidates are this turn's SlotSets.

    `domain` and `form` default to this assistant's; another form (tests/actions/test_custom_forms.py) passes its own.
    """
    values: dict[str, Any] = {name: spec.get("initial_value") for name, spec in domain["slots"].items()}
    values |= dict(slots or {}) | dict(candidates or {}) | {"requested_slot": requested}
    message = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": list(entities)}
    events: list[dict[str, Any]] = [
        {"event": "user", "text": text, "parse_data": message},
        {"event": "action", "name": form},
        *({"event": "slot", "name": k, "value": v} for k, v in (candidates or {}).items()),
    ]
    return Tracker(
        "test",
        values,
        message,
        events,
        False,
        None,
        {"name": form} if form_active else {},
        "action_listen",
    )


def run_action(
    action: Action, tracker: Tracker, domain: dict[str, Any] = DOMAIN
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain))
    return events, dispatcher.messages


def slot_sets(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def responses(messages: list[dict[str, Any]]) -> list[str]:
    return [m["response"] for m in messages if m.get("response")]
