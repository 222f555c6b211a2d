"""Where a teacher stands today: `latest_npq_start_passed`, `next_npq_cohort`, `at_risk` (assessment-contract.md
section 1) and the state each answer leads with. Every expected date was worked out by hand from senco-rules.md
section 4: cohorts are taken to start on 1 April and 1 November, an NPQ gives its outcome 18 to 22 months after
its start, and `at_risk` counts the 22."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from rules_engine import assess
from rules_engine.facts import parse_facts
from tests.examples import FIRST_ROW

TODAY = date(2026, 11, 22)


def assessed(today: date = TODAY, **changes: Any) -> Any:
    facts = {key: value for key, value in (FIRST_ROW | changes).items() if value is not None}
    return assess(parse_facts(facts), today)


def flags(result: Any) -> tuple[Any, ...]:
    data = result.to_dict()
    return (data["latest_npq_start_passed"], data["next_npq_cohort"], data["at_risk"], result.state)


@pytest.mark.parametrize(
    ("why", "today", "changes", "expected"),
    [
        # deadline 2028-03-10, latest start 2026-05-10 (passed); next cohort 2027-04-01 gives its outcome
        # 2028-10-01 at the earliest: after the deadline even if the results come quickly
        ("row 1: late, and even the next cohort is too late", TODAY, {}, (True, "2027-04-01", True, "at_risk")),
        # deadline 2029-09-01, latest start 2027-11-01; 2027-04-01 + 22 months = 2029-02-01, in time
        (
            "appointed 2026-09-01: on track",
            TODAY,
            {"appointment_date": "2026-09-01"},
            (False, "2027-04-01", False, "on_track"),
        ),
        # deadline 2028-12-01 lies between the next cohort's earliest (2028-10-01) and latest (2029-02-01) outcomes
        (
            "deadline between the cohort's two outcome dates: late, possible only with quick results",
            TODAY,
            {"appointment_date": "2025-12-01"},
            (False, "2027-04-01", True, "late"),
        ),
        (
            "today on a cohort date: that cohort is next",
            date(2027, 4, 1),
            {"appointment_date": "2026-09-01"},
            (False, "2027-04-01", False, "on_track"),
        ),
        (
            "today on the autumn cohort date",
            date(2026, 11, 1),
            {"appointment_date": "2026-09-01"},
            (False, "2026-11-01", False, "on_track"),
        ),
        (
            "the day after a cohort date: the next one",
            date(2026, 11, 2),
            {"appointment_date": "2026-09-01"},
            (False, "2027-04-01", False, "on_track"),
        ),
        # contract s6 row 2: deadline 2026-09-04 has passed: overdue, never at risk; the next cohort is still named
        (
            "overdue",
            TODAY,
            {"setting": "maintained_mainstream", "appointment_date": "2023-09-04"},
            (True, "2027-04-01", False, "overdue"),
        ),
        ("not covered: nothing to stand against", TODAY, {"setting": "independent"}, (False, None, False, None)),
        (
            "aspiring: the next cohort, no deadline",
            TODAY,
            {"role": "aspiring", "appointment_date": None},
            (False, "2027-04-01", False, None),
        ),
        # NPQ under way from November 2026 (taken as 30 November): outcome 2028-05-30 to 2028-09-30, deadline 2028-03-10
        (
            "NPQ started too late to finish in time",
            TODAY,
            {"npq": "enrolled", "npq_start_date": "2026-11"},
            (True, None, True, "at_risk"),
        ),
        # NPQ from October 2025: outcome by 2027-08-31 at the latest, before 2028-03-10
        (
            "NPQ under way in time",
            TODAY,
            {"npq": "enrolled", "npq_start_date": "2025-10"},
            (True, None, False, "on_track"),
        ),
        (
            "NASENCO in progress: no NPQ to start",
            TODAY,
            {"setting": "academy_mainstream", "appointment_date": "2024-04-15", "nasenco": "in_progress"},
            (False, None, False, "on_track"),
        ),
    ],
)
def test_where_the_teacher_stands(why: str, today: date, changes: dict[str, Any], expected: tuple[Any, ...]) -> None:
    assert flags(assessed(today, **changes)) == expected, why


def test_a_late_answer_says_when_the_next_cohort_would_give_its_outcome() -> None:
    result = assessed()
    assert any(
        "1 April 2027" in step and "1 October 2028" in step and "1 February 2029" in step for step in result.trace
    )
    assert any("1 April 2027" in sentence and "provider" in sentence for sentence in result.assumptions)
    assert "dfe-npq-senco" in {c.id for c in result.citations}


def test_a_29_february_appointment_uses_28_february_and_names_1_march() -> None:
    result = assessed(appointment_date="2024-02-29")
    assert result.deadline == date(2027, 2, 28)
    assert result.latest_npq_start == date(2025, 4, 28)
    assert any("28 February" in sentence and "1 March" in sentence for sentence in result.assumptions)
    assert not any("1 March" in s for s in assessed(appointment_date="2024-03-01").assumptions)


def test_earlier_service_of_12_months_or_less_states_the_cautious_reading() -> None:
    said = assessed().assumptions
    assert any("becomes a SENCO" in sentence and "first SENCO start" in sentence for sentence in said)
    unknown = assess(
        parse_facts({k: v for k, v in FIRST_ROW.items() if k != "prior_senco_service_over_12_months"}),
        TODAY,
        ["prior_senco_service_over_12_months"],
    )
    assert not any("first SENCO start" in sentence for sentence in unknown.assumptions)


def test_only_an_npq_from_an_approved_provider_counts() -> None:
    assert any("Schedule A1" in sentence for sentence in assessed().assumptions)
    done = assessed(npq="completed")
    assert done.outcome == "ALREADY_QUALIFIED"
    assert any("Schedule A1" in sentence for sentence in done.assumptions)


@pytest.mark.parametrize(
    ("appointed", "today", "warned"),
    [
        # 2023-24 appointee: deadline 2026-10-01; a spring 2025 start (1 April) gives its outcome by 2027-02-01
        ("2023-10-01", date(2025, 1, 15), True),
        # deadline 2027-08-01 is after 2027-02-01: following the guidance ends in time
        ("2024-08-01", date(2025, 1, 15), False),
        # not a 2023-24 appointee: the guidance says nothing
        ("2024-09-02", date(2025, 1, 15), False),
    ],
)
def test_the_transition_guidance_never_extends_the_deadline(appointed: str, today: date, warned: bool) -> None:
    result = assessed(today, appointment_date=appointed)
    warning = [step for step in result.trace if "does not extend" in step]
    assert bool(warning) == warned
    if warned:
        assert "1 February 2027" in warning[0]
        assert "1 October 2026" in warning[0]
