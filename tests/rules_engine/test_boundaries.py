"""Generated tests one day either side of every date threshold in the SENCO rules.

Off-by-one errors are the likeliest way for a date-driven rules engine to be wrong, and each threshold in the law
is phrased differently ("after 1st September 2009" is strict, "before 1 Sep 2024" excludes the day, "on or after"
includes it). Each case here is derived from senco-rules.md / engine-decisions.md by date arithmetic in this file,
so the tests stay independent of the engine's own date code.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

import pytest

from rules_engine import FactsError, assess_json
from tests.rules_engine.test_scenarios import check_assessment_shape

ONE_DAY = dt.timedelta(days=1)
TODAY = dt.date(2026, 11, 22)
EXEMPT_CUTOFF = dt.date(2009, 9, 1)  # reg 49(4): the duty applies to appointments strictly after this day
NASENCO_START_CUTOFF = dt.date(2024, 9, 1)  # reg 49(7): NASENCO counts only if started before this day
NASENCO_FINISH_CUTOFF = dt.date(2027, 9, 1)  # reg 49(7): ... and completed before this day
NASENCO_LAST_DEADLINE = dt.date(2027, 8, 31)
COHORT_FIRST = dt.date(2023, 9, 1)  # DfE transition: started in post in the 2023-24 academic year
COHORT_LAST = dt.date(2024, 8, 31)
LAW_IN_FORCE = dt.date(2024, 9, 1)  # engine-decisions.md: `today` must be on or after this day

# A covered SENCO with nothing else pending: only the date under test varies.
BASE: dict[str, Any] = {
    "role": "senco",
    "setting": "academy_mainstream",
    "teacher_status": "qts_induction_complete",
    "nasenco": "none",
    "npq": "none",
    "prior_senco_service_over_12_months": False,
}


def third_anniversary(day: dt.date) -> dt.date:
    """reg 49(4): the third anniversary; 29 February falls back to 28 February (senco-rules.md s3)."""
    try:
        return day.replace(year=day.year + 3)
    except ValueError:
        return day.replace(year=day.year + 3, day=28)


def minus_months(day: dt.date, months: int) -> dt.date:
    """Calendar months back, the day clamped to the month's end (engine-decisions.md step 6)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def assess(facts: dict[str, Any], today: dt.date = TODAY) -> dict[str, Any]:
    """Assess and check the contract shape, so every boundary case is also a well-formedness case."""
    result = assess_json(facts, today)
    check_assessment_shape(result)
    return result


def around(day: dt.date) -> list[dt.date]:
    """The threshold day and one day either side."""
    return [day - ONE_DAY, day, day + ONE_DAY]


def cited(result: dict[str, Any]) -> set[str]:
    """The citation ids of an assessment."""
    return {citation["id"] for citation in result["citations"]}


# ------------------------------------------------------------------------------- 1 Sep 2009 appointment (strict)


@pytest.mark.parametrize("appointed", around(EXEMPT_CUTOFF), ids=str)
def test_appointment_2009_threshold(appointed: dt.date) -> None:
    """On or before 1 Sep 2009: exempt. After it: the duty applies, long overdue by now."""
    result = assess({**BASE, "appointment_date": appointed.isoformat()})
    if appointed <= EXEMPT_CUTOFF:
        assert result["outcome"] == "EXEMPT_APPOINTED_BEFORE_SEPT_2009"
        assert result["deadline"] is None
        assert result["qualification"] == "NONE"
        assert result["overdue"] is False
    else:
        deadline = third_anniversary(appointed)
        assert result["outcome"] == "NPQ_REQUIRED"
        assert result["deadline"] == deadline.isoformat()
        assert result["latest_npq_start"] == minus_months(deadline, 22).isoformat()
        assert result["overdue"] is True


# ------------------------------------------------------------------------------- NASENCO start before 1 Sep 2024


NASENCO_APPOINTED = dt.date(2025, 6, 2)


@pytest.mark.parametrize("started", around(NASENCO_START_CUTOFF), ids=str)
def test_nasenco_in_progress_start_threshold(started: dt.date) -> None:
    """A NASENCO begun before 1 Sep 2024 counts (deadline capped at 31 Aug 2027); from that day on, the NPQ."""
    facts = {
        **BASE,
        "appointment_date": NASENCO_APPOINTED.isoformat(),
        "nasenco": "in_progress",
        "nasenco_start_date": started.isoformat(),
    }
    result = assess(facts)
    anniversary = third_anniversary(NASENCO_APPOINTED)
    if started < NASENCO_START_CUTOFF:
        assert result["outcome"] == "NASENCO_IN_PROGRESS"
        assert result["qualification"] == "NASENCO"
        assert result["deadline"] == min(anniversary, NASENCO_LAST_DEADLINE).isoformat()
        assert result["latest_npq_start"] is None
    else:
        assert result["outcome"] == "NPQ_REQUIRED"
        assert result["qualification"] == "NPQ_SENCO"
        assert result["deadline"] == anniversary.isoformat()
        assert result["latest_npq_start"] == minus_months(anniversary, 22).isoformat()


@pytest.mark.parametrize("started", around(NASENCO_START_CUTOFF), ids=str)
def test_nasenco_completed_start_threshold(started: dt.date) -> None:
    """A completed NASENCO counts only if it was started before 1 Sep 2024."""
    facts = {
        **BASE,
        "appointment_date": NASENCO_APPOINTED.isoformat(),
        "nasenco": "completed",
        "nasenco_start_date": started.isoformat(),
        "nasenco_completion_date": "2026-07-15",
    }
    result = assess(facts)
    expected = "ALREADY_QUALIFIED" if started < NASENCO_START_CUTOFF else "NPQ_REQUIRED"
    assert result["outcome"] == expected


# ------------------------------------------------------------------------------- NASENCO completion before 1 Sep 2027


@pytest.mark.parametrize("completed", around(NASENCO_FINISH_CUTOFF), ids=str)
def test_nasenco_completion_threshold(completed: dt.date) -> None:
    """Completed before 1 Sep 2027: qualified. On or after it: the NASENCO no longer counts, so the NPQ is owed."""
    today = dt.date(2027, 9, 30)
    facts = {
        **BASE,
        "appointment_date": NASENCO_APPOINTED.isoformat(),
        "nasenco": "completed",
        "nasenco_start_date": "2024-01-15",
        "nasenco_completion_date": completed.isoformat(),
    }
    result = assess(facts, today)
    if completed < NASENCO_FINISH_CUTOFF:
        assert result["outcome"] == "ALREADY_QUALIFIED"
        assert result["deadline"] is None
    else:
        anniversary = third_anniversary(NASENCO_APPOINTED)
        assert result["outcome"] == "NPQ_REQUIRED"
        assert result["deadline"] == anniversary.isoformat()
        assert result["overdue"] is (anniversary < today)


@pytest.mark.parametrize("today", around(NASENCO_FINISH_CUTOFF), ids=str)
def test_nasenco_in_progress_lapses_on_1_sep_2027(today: dt.date) -> None:
    """A NASENCO unfinished on 31 Aug 2027 stops counting: from 1 Sep 2027 the NPQ path applies."""
    facts = {
        **BASE,
        "appointment_date": NASENCO_APPOINTED.isoformat(),
        "nasenco": "in_progress",
        "nasenco_start_date": "2024-07-01",
    }
    result = assess(facts, today)
    anniversary = third_anniversary(NASENCO_APPOINTED)
    if today < NASENCO_FINISH_CUTOFF:
        assert result["outcome"] == "NASENCO_IN_PROGRESS"
        assert result["deadline"] == NASENCO_LAST_DEADLINE.isoformat()
        assert result["overdue"] is False
    else:
        assert result["outcome"] == "NPQ_REQUIRED"
        assert result["deadline"] == anniversary.isoformat()
        assert result["latest_npq_start"] == minus_months(anniversary, 22).isoformat()


@pytest.mark.parametrize("today", around(NASENCO_FINISH_CUTOFF), ids=str)
def test_aspiring_nasenco_lapses_on_1_sep_2027(today: dt.date) -> None:
    """An aspiring SENCO's NASENCO has deadline 31 Aug 2027; after it they are simply aspiring (NPQ route)."""
    facts = {
        "role": "aspiring",
        "setting": "maintained_mainstream",
        "nasenco": "in_progress",
        "nasenco_start_date": "2024-03-01",
        "npq": "none",
    }
    result = assess(facts, today)
    if today < NASENCO_FINISH_CUTOFF:
        assert result["outcome"] == "NASENCO_IN_PROGRESS"
        assert result["deadline"] == NASENCO_LAST_DEADLINE.isoformat()
    else:
        assert result["outcome"] == "ASPIRING"
        assert result["deadline"] is None
    assert result["overdue"] is False


# ------------------------------------------------------------------------------- NPQ start on/after 1 Sep 2024


@pytest.mark.parametrize("started", around(NASENCO_START_CUTOFF), ids=str)
def test_completed_npq_start_threshold(started: dt.date) -> None:
    """reg 49(7): only an NPQ started on or after 1 Sep 2024 is the relevant qualification."""
    facts = {**BASE, "appointment_date": "2025-03-10", "npq": "completed", "npq_start_date": started.isoformat()}
    result = assess(facts)
    expected = "ALREADY_QUALIFIED" if started >= NASENCO_START_CUTOFF else "NPQ_REQUIRED"
    assert result["outcome"] == expected


# ------------------------------------------------------------------------------- today against the deadline


OVERDUE_CASES: list[tuple[str, dict[str, Any], dt.date]] = [
    ("npq-required-2023-09-04", {**BASE, "appointment_date": "2023-09-04"}, dt.date(2026, 9, 4)),
    ("npq-required-leap-day", {**BASE, "appointment_date": "2024-02-29"}, dt.date(2027, 2, 28)),
    ("npq-required-month-only", {**BASE, "appointment_date": "2023-05"}, dt.date(2026, 5, 1)),
    ("npq-required-2022-02-28", {**BASE, "appointment_date": "2022-02-28"}, dt.date(2025, 2, 28)),
    ("npq-enrolled-2024-01-10", {**BASE, "appointment_date": "2024-01-10", "npq": "enrolled"}, dt.date(2027, 1, 10)),
    (
        "nasenco-anniversary-2024-04-15",
        {**BASE, "appointment_date": "2024-04-15", "nasenco": "in_progress", "nasenco_start_date": "2024-02"},
        dt.date(2027, 4, 15),
    ),
    ("pru-2025-01-06", {**BASE, "setting": "pru", "appointment_date": "2025-01-06"}, dt.date(2028, 1, 6)),
]
OVERDUE_PARAMS = [
    pytest.param(facts, deadline, today, id=f"{name}-{today.isoformat()}")
    for name, facts, deadline in OVERDUE_CASES
    for today in around(deadline)
]


@pytest.mark.parametrize(("facts", "deadline", "today"), OVERDUE_PARAMS)
def test_overdue_flips_the_day_after_the_deadline(facts: dict[str, Any], deadline: dt.date, today: dt.date) -> None:
    """senco-rules.md s5: overdue when the deadline is before today; on the deadline day itself it is not."""
    result = assess(facts, today)
    assert result["deadline"] == deadline.isoformat()
    assert result["overdue"] is (today > deadline)


# ------------------------------------------------------------------------------- 2023-24 transition cohort


COHORT_DAYS = [*around(COHORT_FIRST), dt.date(2024, 2, 29), *around(COHORT_LAST), *around(LAW_IN_FORCE)]


@pytest.mark.parametrize("appointed", sorted(set(COHORT_DAYS)), ids=str)
def test_transition_cohort_citation(appointed: dt.date) -> None:
    """DfE transition guidance applies to SENCOs who started in post 1 Sep 2023 - 31 Aug 2024 without a NASENCO.

    The NPQ_REQUIRED answer must cite it for that cohort and not for anyone appointed outside it.
    """
    result = assess({**BASE, "appointment_date": appointed.isoformat()})
    deadline = third_anniversary(appointed)
    assert result["outcome"] == "NPQ_REQUIRED"
    assert result["deadline"] == deadline.isoformat()
    assert result["latest_npq_start"] == minus_months(deadline, 22).isoformat()
    in_cohort = COHORT_FIRST <= appointed <= COHORT_LAST
    assert ("dfe-transition" in cited(result)) is in_cohort


# ------------------------------------------------------------------------------- `today` and the facts' validation


def test_today_before_the_law_is_rejected() -> None:
    """engine-decisions.md: `today` before 1 Sep 2024 (the encoded law's start) raises, naming `today`."""
    with pytest.raises(FactsError) as caught:
        assess_json(dict(BASE), LAW_IN_FORCE - ONE_DAY)
    assert caught.value.field == "today"


@pytest.mark.parametrize("today", [LAW_IN_FORCE, LAW_IN_FORCE + ONE_DAY], ids=str)
def test_today_from_1_sep_2024_is_accepted(today: dt.date) -> None:
    """The first day the encoded law is in force, and after, are valid `today`s."""
    result = assess({**BASE, "appointment_date": "2024-09-01"}, today)
    assert result["outcome"] == "NPQ_REQUIRED"
    assert result["deadline"] == "2027-09-01"
    assert result["overdue"] is False


@pytest.mark.parametrize("offset", [-1, 0, 1], ids=["day-before-today", "today", "day-after-today"])
def test_nasenco_completion_not_after_today(offset: int) -> None:
    """engine-decisions.md: a completion date after `today` is rejected, naming the field; today itself is fine."""
    completed = TODAY + dt.timedelta(days=offset)
    facts = {
        **BASE,
        "appointment_date": "2025-06-02",
        "nasenco": "completed",
        "nasenco_start_date": "2024-01-15",
        "nasenco_completion_date": completed.isoformat(),
    }
    if offset > 0:
        with pytest.raises(FactsError) as caught:
            assess_json(facts, TODAY)
        assert caught.value.field == "nasenco_completion_date"
    else:
        assert assess(facts)["outcome"] == "ALREADY_QUALIFIED"


@pytest.mark.parametrize("offset", [-1, 0, 1], ids=["day-before-start", "start-day", "day-after-start"])
def test_nasenco_completion_not_before_start(offset: int) -> None:
    """engine-decisions.md: a completion date before its course's start date is rejected, naming the field."""
    started = dt.date(2024, 3, 1)
    completed = started + dt.timedelta(days=offset)
    facts = {
        **BASE,
        "appointment_date": "2025-06-02",
        "nasenco": "completed",
        "nasenco_start_date": started.isoformat(),
        "nasenco_completion_date": completed.isoformat(),
    }
    if offset < 0:
        with pytest.raises(FactsError) as caught:
            assess_json(facts, TODAY)
        assert caught.value.field == "nasenco_completion_date"
    else:
        assert assess(facts)["outcome"] == "ALREADY_QUALIFIED"


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("1899", False),
        ("1899-12-31", False),
        ("1900", True),
        ("1900-01-01", True),
        ("2100-12-31", True),
        ("2101", False),
        ("2101-01-01", False),
        ("2023-02-29", False),
        ("2024-02-29", True),
        ("2024-02-30", False),
        ("2025-13", False),
        ("2025-00", False),
        ("2025-04-31", False),
        ("2025-04-00", False),
        ("2025/03/10", False),
        ("10-03-2025", False),
        ("2025-3-10", False),
        ("25", False),
        ("", False),
        ("2025-03-10T09:00", False),
    ],
)
def test_appointment_date_validation(value: str, valid: bool) -> None:
    """Dates are YYYY, YYYY-MM or YYYY-MM-DD, real calendar days, years 1900-2100 (contract s1, decisions)."""
    facts = {**BASE, "appointment_date": value}
    if valid:
        assess(facts)
    else:
        with pytest.raises(FactsError) as caught:
            assess_json(facts, TODAY)
        assert caught.value.field == "appointment_date"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("setting", "castle"),
        ("role", "governor"),
        ("teacher_status", "qts"),
        ("nasenco", "yes"),
        ("npq", "in_progress"),
        ("prior_senco_service_over_12_months", "maybe"),
        ("npq_start_date", "soon"),
        ("nasenco_start_date", "2024-02-30"),
    ],
)
def test_invalid_value_names_its_field(key: str, value: Any) -> None:
    """An unknown value for a known key raises FactsError naming that key (contract s1)."""
    with pytest.raises(FactsError) as caught:
        assess_json({**BASE, key: value}, TODAY)
    assert caught.value.field == key
    assert isinstance(caught.value.message, str)
    assert caught.value.message


def test_unknown_key_names_its_field() -> None:
    """An unknown fact key raises FactsError naming that key (contract s1)."""
    with pytest.raises(FactsError) as caught:
        assess_json({**BASE, "years_teaching": "2"}, TODAY)
    assert caught.value.field == "years_teaching"
