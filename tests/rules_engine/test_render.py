"""The plain-text rendering carries every part of the assessment a person needs to act on."""

from __future__ import annotations

from datetime import date

import pytest

from rules_engine import OUTCOMES, assess, parse_facts, render_text
from rules_engine.dates import PartialDate, long_date
from rules_engine.facts import CHOICES
from rules_engine.render import describe_fact

TODAY = date(2026, 11, 22)
CASES = {
    "NPQ_REQUIRED": {
        "role": "senco",
        "setting": "maintained_mainstream",
        "appointment_date": "2023-09-04",
        "nasenco": "none",
        "npq": "none",
        "prior_senco_service_over_12_months": False,
    },
    "NEED_MORE_INFO": {},
    "NOT_STATUTORY_SETTING": {"setting": "independent"},
    "ASPIRING": {"setting": "academy_mainstream", "role": "aspiring", "nasenco": "none", "npq": "none"},
}


@pytest.mark.parametrize("outcome", list(CASES))
def test_rendering_contains_dates_sources_and_reasons(outcome: str) -> None:
    result = assess(parse_facts(CASES[outcome]), TODAY)
    assert result.outcome == outcome
    text = render_text(result, TODAY)
    assert long_date(TODAY) in text
    for citation in result.citations:
        assert citation.url in text
    for line in (*result.trace, *result.assumptions):
        assert line in text
    for day in (result.deadline, result.latest_npq_start):
        if day:
            assert long_date(day) in text
    assert ("OVERDUE" in text) == result.overdue


def test_every_outcome_has_a_headline() -> None:
    from rules_engine.wording import WORDING

    assert set(WORDING["render"]["headline"]) == set(OUTCOMES)


def test_needs_are_described_in_words_not_keys() -> None:
    text = render_text(assess(parse_facts({}), TODAY))
    assert "appointment_date" not in text
    assert "the kind of school or setting" in text


@pytest.mark.parametrize(
    ("key", "value", "line"),
    [
        ("appointment_date", PartialDate(2025, 1, 6), "When you became SENCO at this school: 6 January 2025"),
        ("nasenco_start_date", PartialDate(2024, 6), "When your NASENCO course started: June 2024"),
        ("npq_start_date", PartialDate(2025), "When your NPQ started: 2025"),
        ("setting", "pru", "The kind of school or setting: a pupil referral unit"),
        ("npq", "enrolled", "Whether you are on, or have finished, the NPQ for SENCOs: enrolled or doing it"),
        (
            "prior_senco_service_over_12_months",
            True,
            "Whether you were a SENCO elsewhere for more than 12 months before: yes",
        ),
        ("nasenco", None, "Whether you have done the NASENCO: not sure"),
    ],
)
def test_each_fact_is_said_back_in_words(key: str, value: object, line: str) -> None:
    assert describe_fact(key, value) == line


def test_every_fact_value_has_words() -> None:
    for key, values in CHOICES.items():
        for value in values:
            assert describe_fact(key, value)
