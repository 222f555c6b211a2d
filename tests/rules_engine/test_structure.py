"""Structural guarantees over the whole fact space: every outcome reachable, every answer cites the law."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from rules_engine import OUTCOMES, assess, assess_json, parse_facts
from rules_engine.facts import CHOICES
from rules_engine.outcomes import qualification_owed

TODAY = date(2026, 11, 22)


def _grid() -> list[dict[str, object]]:
    """A coarse grid over every choice and typical dates: several thousand combinations."""
    grid = []
    for setting, role, teacher, nasenco, npq, appointed, prior in itertools.product(
        (*CHOICES["setting"], None),
        ("senco", "aspiring", "other", None),
        ("qts_induction_complete", "no_qts", None),
        ("none", "in_progress", "completed", None),
        ("none", "enrolled", "completed", None),
        ("2008-05-01", "2009-09", "2023-10-01", "2025-03", "2019", None),
        (True, False, None),
    ):
        facts = {
            "setting": setting,
            "role": role,
            "teacher_status": teacher,
            "nasenco": nasenco,
            "npq": npq,
            "appointment_date": appointed,
            "prior_senco_service_over_12_months": prior,
        }
        grid.append({k: v for k, v in facts.items() if v is not None})
    return grid


GRID = _grid()
RESULTS = [assess(parse_facts(facts), TODAY) for facts in GRID]


def test_every_outcome_is_reachable() -> None:
    assert {r.outcome for r in RESULTS} == set(OUTCOMES)


def test_every_decided_outcome_cites_legislation() -> None:
    for facts, result in zip(GRID, RESULTS, strict=False):
        if result.outcome != "NEED_MORE_INFO":
            assert any(c.kind == "legislation" for c in result.citations), facts
            assert result.trace, facts


def test_need_more_info_exactly_when_something_is_needed() -> None:
    for facts, result in zip(GRID, RESULTS, strict=False):
        assert (result.outcome == "NEED_MORE_INFO") == bool(result.needs), facts
        assert len(set(result.needs)) == len(result.needs)
        assert not set(result.needs) & set(facts) - {"appointment_date"}, facts


def test_qualification_and_dates_follow_the_outcome() -> None:
    for facts, result in zip(GRID, RESULTS, strict=False):
        assert result.qualification == qualification_owed(result.outcome)
        if result.outcome == "NPQ_REQUIRED":
            assert result.deadline, facts
            assert result.latest_npq_start, facts
        if result.overdue:
            assert result.deadline is not None
            assert result.deadline < TODAY


def test_a_question_is_never_asked_when_the_answer_is_already_decided() -> None:
    """Independent schools need no dates; NASENCO holders and aspiring SENCOs are never asked for dates."""
    for facts, result in zip(GRID, RESULTS, strict=False):
        if facts.get("setting") == "independent":
            assert result.needs == ()
        if facts.get("nasenco") == "completed" or facts.get("role") == "aspiring":
            assert "prior_senco_service_over_12_months" not in result.needs
            assert "appointment_date" not in result.needs


@pytest.mark.parametrize(
    ("dated", "key"),
    [
        ({"npq_start_date": "2025-01"}, "npq"),
        ({"nasenco_start_date": "2024-06"}, "nasenco"),
        ({"nasenco_completion_date": "2025-07"}, "nasenco"),
    ],
)
def test_not_sure_about_a_course_is_not_taken_as_not_done_when_a_date_says_it_started(dated: dict, key: str) -> None:
    facts = {
        "role": "senco",
        "setting": "academy_mainstream",
        "appointment_date": "2025-01-06",
        "prior_senco_service_over_12_months": False,
        "nasenco": "none",
        "npq": "none",
    }
    del facts[key]
    without_date = assess_json(facts, TODAY, unknown=[key])
    assert without_date["outcome"] == "NPQ_REQUIRED"
    with_date = assess_json(facts | dated, TODAY, unknown=[key])
    assert (with_date["outcome"], with_date["needs"]) == ("NEED_MORE_INFO", [key])
