"""Property tests: invariants of the SENCO rules that must hold for every valid set of facts.

The scenario table checks chosen points; these tests check the shape of the whole function. Each invariant is
read off senco-rules.md / engine-decisions.md (the deadline is only ever a third anniversary or 31 Aug 2027,
later appointments never give earlier deadlines, the answer is a pure function of its inputs, no input crashes
the engine, and the outcome/qualification/overdue/needs fields agree with one another).
"""

from __future__ import annotations

import calendar
import copy
import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rules_engine import FactsError, assess_json
from tests.rules_engine.test_scenarios import FACT_VALUES, SETTINGS, check_assessment_shape

PROPERTY_SETTINGS = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,  # CI must be reproducible; the seed space is still explored broadly per property
    database=None,  # no .hypothesis/ directory in the working tree
    suppress_health_check=[HealthCheck.too_slow],
)

NASENCO_LAST_DEADLINE = dt.date(2027, 8, 31)
NASENCO_START_CUTOFF = dt.date(2024, 9, 1)
NEEDS_ORDER = ["setting", "role", "nasenco", "npq", "appointment_date", "prior_senco_service_over_12_months"]
UNKNOWABLE = [  # engine-decisions.md "I don't know": the keys it names
    "prior_senco_service_over_12_months",
    "nasenco",
    "npq",
    "nasenco_start_date",
    "teacher_status",
    "setting",
    "role",
    "appointment_date",
]
QUALIFICATION_BY_OUTCOME = {  # senco-rules.md s5; every other outcome owes NONE
    "NPQ_REQUIRED": "NPQ_SENCO",
    "NPQ_IN_PROGRESS": "NPQ_SENCO",
    "ASPIRING": "NPQ_SENCO",
    "NASENCO_IN_PROGRESS": "NASENCO",
}
DEADLINE_OUTCOMES = ("NPQ_REQUIRED", "NPQ_IN_PROGRESS", "NASENCO_IN_PROGRESS")
NO_DEADLINE_OUTCOMES = (  # senco-rules.md s5: nothing is owed, or nothing is owed yet
    "ALREADY_QUALIFIED",
    "EXEMPT_APPOINTED_BEFORE_SEPT_2009",
    "EXEMPT_PRIOR_EXPERIENCE",
    "ASPIRING",
    "OUTSIDE_ENGLAND",
    "NOT_STATUTORY_SETTING",
    "CANNOT_BE_SENCO",
)
NOT_COVERED = {name for name, statutory in SETTINGS.items() if statutory is False}
DATE_KEYS = [key for key, values in FACT_VALUES.items() if values is None]
CHOICE_KEYS = [key for key, values in FACT_VALUES.items() if values is not None]

# ------------------------------------------------------------------------------------------------ date helpers

PRECISIONS = ("day", "month", "year")


def fmt(day: dt.date, precision: str) -> str:
    """Render a date at the contract's precisions: YYYY-MM-DD, YYYY-MM or YYYY."""
    if precision == "day":
        return day.isoformat()
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"


def span(value: str) -> tuple[dt.date, dt.date]:
    """The earliest and latest day a (possibly partial) date string can mean."""
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return day, day
    if len(parts) == 2:
        year, month = parts
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def third_anniversary(day: dt.date) -> dt.date:
    """reg 49(4), with 29 February giving 28 February."""
    try:
        return day.replace(year=day.year + 3)
    except ValueError:
        return day.replace(year=day.year + 3, day=28)


def minus_22_months(day: dt.date) -> dt.date:
    """Latest safe NPQ start: 22 calendar months back, day clamped to the month's end."""
    index = day.year * 12 + (day.month - 1) - 22
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def appointment_anniversary(facts: dict[str, Any]) -> dt.date | None:
    """The third anniversary the rules derive from `appointment_date` (month-only: the 1st), if it has a day."""
    value = facts.get("appointment_date")
    if value is None or value.count("-") == 0:
        return None
    return third_anniversary(span(value)[0])


def parse(value: str | None) -> dt.date | None:
    """An optional ISO day from an assessment."""
    return None if value is None else dt.date.fromisoformat(value)


# ------------------------------------------------------------------------------------------------ strategies

days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31))
todays = st.dates(min_value=dt.date(2024, 9, 1), max_value=dt.date(2030, 12, 31))
precisions = st.sampled_from(PRECISIONS)


@st.composite
def date_strings(draw: st.DrawFn) -> str:
    """A valid date fact at day, month or year precision."""
    return fmt(draw(days), draw(precisions))


@st.composite
def valid_facts(draw: st.DrawFn, today: dt.date) -> dict[str, Any]:
    """Any subset of the fact keys with valid values, repaired so the documented validation rules pass.

    The only cross-field rules (engine-decisions.md) are: a completion date not after `today` and not before its
    course's start. A completion date that could break either, at its precision, is dropped rather than filtered,
    so hypothesis does not waste examples.
    """
    facts: dict[str, Any] = {}
    for key in CHOICE_KEYS:
        if draw(st.booleans()):
            facts[key] = draw(st.sampled_from(FACT_VALUES[key]))
    for key in DATE_KEYS:
        if draw(st.booleans()):
            facts[key] = draw(date_strings())
    completion = facts.get("nasenco_completion_date")
    if completion is not None:
        earliest, latest = span(completion)
        start = facts.get("nasenco_start_date")
        if latest > today or (start is not None and earliest < span(start)[1]):
            del facts["nasenco_completion_date"]
    # A course recorded as completed cannot have started after today (start <= completion <= today).
    for course, start_key in (("nasenco", "nasenco_start_date"), ("npq", "npq_start_date")):
        start = facts.get(start_key)
        if facts.get(course) == "completed" and start is not None and span(start)[1] > today:
            del facts[start_key]
    return facts


@st.composite
def cases(draw: st.DrawFn) -> tuple[dict[str, Any], dt.date, list[str]]:
    """Valid facts, a valid `today`, and some of the not-given keys marked "I don't know"."""
    today = draw(todays)
    facts = draw(valid_facts(today))
    missing = [key for key in UNKNOWABLE if key not in facts]
    unknown = draw(st.lists(st.sampled_from(missing), unique=True)) if missing and draw(st.booleans()) else []
    return facts, today, unknown


@st.composite
def senco_cases(draw: st.DrawFn) -> tuple[dict[str, Any], dt.date]:
    """Facts biased towards a decided deadline: a covered setting, an in-post SENCO and a dated appointment."""
    today = draw(todays)
    facts = draw(valid_facts(today))
    facts["setting"] = draw(st.sampled_from([name for name, statutory in SETTINGS.items() if statutory]))
    facts["role"] = draw(st.sampled_from(["senco", "other", "senco", "other", "aspiring"]))
    facts["appointment_date"] = fmt(draw(days), draw(st.sampled_from(["day", "month"])))
    facts.setdefault("nasenco", draw(st.sampled_from(["none", "in_progress"])))
    facts.setdefault("npq", draw(st.sampled_from(["none", "enrolled"])))
    facts.setdefault("prior_senco_service_over_12_months", False)
    if facts.get("teacher_status") in ("no_qts", "qts_induction_incomplete"):
        facts["teacher_status"] = "qts_induction_complete"
    return facts, today


# Half general facts, half facts that usually reach a deadline, so no property is vacuously true.
mixed_cases = cases() | senco_cases().map(lambda case: (case[0], case[1], []))


json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
near_dates = st.from_regex(r"\A-?\d{1,5}(-\d{1,3}(-\d{1,3})?)?\Z", fullmatch=True)
valid_choices = st.sampled_from([value for values in FACT_VALUES.values() if values for value in values])
junk_for_key = json_values | near_dates | valid_choices


@st.composite
def junk_facts(draw: st.DrawFn) -> Any:
    """Anything a JSON body could hold: arbitrary values, or dicts with fact keys and junk or valid values."""
    kind = draw(st.integers(min_value=0, max_value=2))
    if kind == 0:
        return draw(json_values)
    keys = st.sampled_from(list(FACT_VALUES))
    if kind == 1:
        return draw(st.dictionaries(keys, junk_for_key, max_size=6))
    return draw(st.dictionaries(keys | st.text(max_size=12), junk_for_key, max_size=6))


# ------------------------------------------------------------------------------------------------ (a) deadlines


def check_deadline_rule(facts: dict[str, Any], result: dict[str, Any]) -> None:
    """A deadline is only ever the third anniversary of becoming SENCO, or 31 Aug 2027 for a NASENCO."""
    deadline = parse(result["deadline"])
    anniversary = appointment_anniversary(facts)
    outcome = result["outcome"]
    aspiring = facts.get("role") == "aspiring"
    if outcome in ("NPQ_REQUIRED", "NPQ_IN_PROGRESS") and not aspiring:
        assert outcome != "NPQ_REQUIRED" or deadline is not None
        if deadline is not None:
            assert deadline == anniversary, (facts, result["deadline"])
    if outcome == "NASENCO_IN_PROGRESS":
        if aspiring:
            assert deadline == NASENCO_LAST_DEADLINE
        else:
            assert anniversary is not None, facts
            assert deadline == min(anniversary, NASENCO_LAST_DEADLINE), (facts, result["deadline"])
    if outcome == "NPQ_IN_PROGRESS" and aspiring:
        assert deadline is None
    if deadline is not None:
        assert deadline in (anniversary, NASENCO_LAST_DEADLINE), (facts, result["deadline"])


@PROPERTY_SETTINGS
@given(cases())
def test_deadline_is_anniversary_or_31_aug_2027(case: tuple[dict[str, Any], dt.date, list[str]]) -> None:
    """(a) over any valid facts."""
    facts, today, unknown = case
    result = assess_json(facts, today, unknown)
    check_assessment_shape(result)
    check_deadline_rule(facts, result)


@PROPERTY_SETTINGS
@given(senco_cases())
def test_deadline_rule_for_dated_sencos(case: tuple[dict[str, Any], dt.date]) -> None:
    """(a) again, on facts that usually reach a deadline, so the rule is exercised and not vacuous.

    Also checks the latest safe NPQ start: deadline minus 22 months for the NPQ outcomes, null otherwise.
    """
    facts, today = case
    result = assess_json(facts, today)
    check_assessment_shape(result)
    check_deadline_rule(facts, result)
    latest = parse(result["latest_npq_start"])
    deadline = parse(result["deadline"])
    if result["outcome"] in ("NPQ_REQUIRED", "NPQ_IN_PROGRESS") and deadline is not None:
        assert latest == minus_22_months(deadline)
    else:  # no NPQ deadline (including an aspiring SENCO on the NPQ): no latest start either
        assert latest is None


# ------------------------------------------------------------------------------------------------ (b) monotone


@PROPERTY_SETTINGS
@given(mixed_cases, st.data())
def test_later_appointment_never_gives_earlier_deadline(
    case: tuple[dict[str, Any], dt.date, list[str]], data: st.DataObject
) -> None:
    """(b) Moving the appointment later (same precision, other facts equal) never moves a deadline earlier."""
    facts, today, unknown = case
    precision = data.draw(precisions, label="precision")
    first, second = sorted([data.draw(days, label="first"), data.draw(days, label="second")])
    earlier = assess_json({**facts, "appointment_date": fmt(first, precision)}, today, unknown)
    later = assess_json({**facts, "appointment_date": fmt(second, precision)}, today, unknown)
    if earlier["deadline"] is not None and later["deadline"] is not None:
        assert parse(later["deadline"]) >= parse(earlier["deadline"]), (first, second, earlier, later)


# ------------------------------------------------------------------------------------------------ (c) pure


@PROPERTY_SETTINGS
@given(mixed_cases)
def test_same_facts_same_answer(case: tuple[dict[str, Any], dt.date, list[str]]) -> None:
    """(c) Deterministic: the same inputs give an identical dict, and the caller's facts are left untouched."""
    facts, today, unknown = case
    before = copy.deepcopy(facts)
    first = assess_json(facts, today, unknown)
    second = assess_json(copy.deepcopy(facts), today, list(unknown))
    assert first == second
    assert facts == before


# ------------------------------------------------------------------------------------------------ (d) no crash


def outcome_or_facts_error(facts: Any, today: dt.date, unknown: Any = ()) -> None:
    """The only acceptable results for any input: an assessment dict, or FactsError naming a field."""
    caught: FactsError | None = None
    try:
        result = assess_json(facts, today, unknown)
    except FactsError as error:
        caught = error
    if caught is not None:
        assert isinstance(caught.field, str)
        assert isinstance(caught.message, str)
        return
    assert isinstance(result, dict)
    check_assessment_shape(result)


@PROPERTY_SETTINGS
@given(junk_facts(), todays)
def test_junk_facts_never_crash(facts: Any, today: dt.date) -> None:
    """(d) Arbitrary JSON-like input: an assessment or FactsError, never another exception."""
    outcome_or_facts_error(facts, today)


@PROPERTY_SETTINGS
@given(cases(), st.lists(st.sampled_from(list(FACT_VALUES)) | st.text(max_size=12), max_size=4))
def test_junk_unknown_never_crashes(case: tuple[dict[str, Any], dt.date, list[str]], unknown: list[str]) -> None:
    """(d) Any list of "I don't know" keys, even ones already given or not fact keys at all, is handled."""
    facts, today, _ = case
    outcome_or_facts_error(facts, today, unknown)


# ------------------------------------------------------------------------------------------------ (e) consistency


@PROPERTY_SETTINGS
@given(mixed_cases)
def test_fields_agree_with_the_outcome(case: tuple[dict[str, Any], dt.date, list[str]]) -> None:
    """(e) needs/outcome, overdue/deadline/today, qualification/outcome and statutory/setting agree."""
    facts, today, unknown = case
    result = assess_json(facts, today, unknown)
    check_assessment_shape(result)
    outcome = result["outcome"]
    needs = result["needs"]
    deadline = parse(result["deadline"])

    # NEED_MORE_INFO exactly when something is asked; asked keys are fact keys, once each, the documented ones in
    # walk order. A course date may also be asked when a rule turns on it (e.g. a NASENCO completed but undated
    # once 1 Sep 2027 has passed): the decisions document does not list those, so only their validity is checked.
    assert (outcome == "NEED_MORE_INFO") == bool(needs)
    assert len(needs) == len(set(needs))
    assert set(needs) <= set(NEEDS_ORDER) | set(DATE_KEYS), needs
    main_needs = [key for key in needs if key in NEEDS_ORDER]
    assert main_needs == sorted(main_needs, key=NEEDS_ORDER.index), needs
    for key in needs:
        if key in DATE_KEYS and key in facts:
            assert facts[key].count("-") < 2, (key, facts)  # a date is asked again only when it is partial
        else:
            assert key not in facts, (key, facts)

    # overdue: a deadline exists, is before today, and the person is not yet qualified.
    if result["overdue"]:
        assert deadline is not None
        assert deadline < today
    if outcome in DEADLINE_OUTCOMES:
        assert result["overdue"] is (deadline is not None and deadline < today)

    # qualification is what is still owed (senco-rules.md s5).
    assert result["qualification"] == QUALIFICATION_BY_OUTCOME.get(outcome, "NONE")

    # statutory follows the setting alone; null while the setting is unknown.
    assert result["statutory"] == SETTINGS.get(facts.get("setting")), (facts.get("setting"), result["statutory"])

    # The setting is decided first, whatever else is true.
    setting = facts.get("setting")
    if setting == "outside_england":
        assert outcome == "OUTSIDE_ENGLAND"
    elif setting in NOT_COVERED:
        assert outcome == "NOT_STATUTORY_SETTING"
    elif facts.get("teacher_status") in ("no_qts", "qts_induction_incomplete"):
        if setting is None:
            assert (outcome, needs) == ("NEED_MORE_INFO", ["setting"])
        else:
            assert outcome == "CANNOT_BE_SENCO"

    # Outcomes with no deadline by definition.
    if outcome in NO_DEADLINE_OUTCOMES:
        assert deadline is None
        assert result["latest_npq_start"] is None
        assert result["overdue"] is False
