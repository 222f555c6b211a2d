"""The Rasa NLU components: entities named as the contract's fact keys, dates resolved, payloads untouched."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from senco_nlu.components import SencoReader


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENCO_TODAY", "2026-11-22")


def run(text: str) -> list[dict]:
    message = Message(data={TEXT: text})
    SencoReader.create({}, None, None, None).process([message])
    return message.get(ENTITIES, [])


def test_one_message_gives_every_fact_it_states() -> None:
    entities = run("got the SENCO job at our academy last Sept, haven't done NASENCO, what do I need?")
    found = {(e["entity"], e["value"]) for e in entities}
    assert {
        ("appointment_date", "2026-09"),
        ("setting", "academy_mainstream"),
        ("role", "senco"),
        ("nasenco", "none"),
    } <= found
    assert {e["extractor"] for e in entities} == {"SencoReader"}
    date = next(e for e in entities if e["entity"] == "appointment_date")
    assert date["additional_info"]["note"]
    assert "last Sept" in date["additional_info"]["text"] or "Sept" in date["additional_info"]["text"]


def test_impossible_date_becomes_an_invalid_date_entity_with_the_reason() -> None:
    (entity,) = run("31/02/2024")
    assert entity["entity"] == "invalid_date"
    assert entity["additional_info"]["error"]


def test_a_bare_date_is_generic_and_day_first() -> None:
    (entity,) = run("6/1/25")
    assert (entity["entity"], entity["value"]) == ("date", "2025-01-06")


def test_button_payloads_are_left_alone() -> None:
    assert run('/inform{"setting":"independent"}') == []
