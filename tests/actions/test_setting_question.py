"""One truth for settings: the general answer about a kind of setting and a personal assessment in that setting come
from the same data and cannot disagree."""

from __future__ import annotations

from datetime import date

import pytest

from actions.setting_question import ActionSencoSettingAnswer, setting_answer
from rules_engine import assess
from rules_engine.facts import parse_facts
from rules_engine.rules_data import SETTINGS
from senco_nlu.components import entities as read

from .conftest import DOMAIN, make_tracker, responses, run_action

# What each answer says the law does, as the engine's `statutory` field would say it.
SAYS = {
    "utter_setting_covered": True,
    "utter_setting_not_covered": False,
    "utter_setting_unclear": "unclear",
    "utter_setting_outside": None,
}


@pytest.mark.parametrize("value", sorted(SETTINGS))
def test_the_setting_answer_and_the_engine_agree(value: str) -> None:
    response, values = setting_answer(value)
    facts = parse_facts({"setting": value, "role": "senco", "appointment_date": "2025-03-10", "nasenco": "none"})
    assessed = assess(facts, date(2026, 11, 22), ())
    assert SAYS[response] == assessed.statutory
    assert values["label"] == SETTINGS[value].label
    assert values["source"].startswith("https://")
    text = DOMAIN["responses"][response][0]["text"]
    assert "{source}" in text


def test_every_setting_answer_has_its_response_in_the_domain() -> None:
    assert set(SAYS) <= set(DOMAIN["responses"])
    for value in SETTINGS:
        note = f"utter_setting_note_{value}"
        assert note not in DOMAIN["responses"] or DOMAIN["responses"][note][0]["text"]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("do special academies need a qualified senco", ["utter_setting_not_covered", "utter_setting_note_special"]),
        ("is the npq required in an alternative provision academy", ["utter_setting_unclear"]),
        ("does a maintained nursery school need a qualified senco", ["utter_setting_covered"]),
        ("do private schools have to have a senco with the npq", ["utter_setting_not_covered"]),
        ("which schools does the senco qualification rule cover", ["utter_setting_overview"]),
    ],
)
def test_a_question_about_kinds_of_setting_gets_the_answer_for_each_kind(question: str, expected: list[str]) -> None:
    tracker = make_tracker(text=question, intent="ask_setting", entities=read(question), form_active=False)
    _, messages = run_action(ActionSencoSettingAnswer(), tracker)
    assert responses(messages) == expected
