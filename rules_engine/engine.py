"""The decision: facts in, a cited assessment out. Deterministic and clock-free (`today` is passed in).

The walk follows senco-rules.md in its legal order (setting, who may be SENCO, a completed qualification,
role, exemptions, then the deadline). A stage that lacks a fact records it in `needs` and the walk goes on
along the branch that does not end the question, so one pass collects every question that could still
matter; the order they are asked in is `ASK_ORDER` (cheapest question that could end the conversation first).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from . import outcomes as o
from .assessment import Assessment
from .dates import PartialDate, add_months, add_years, long_date
from .errors import FactsError
from .facts import ASSUMABLE_WHEN_UNKNOWN, Facts
from .parameters import Law
from .rules_data import RULEBOOK, SETTINGS, SOURCES
from .timing import Timing, timing
from .wording import WORDING

ASK_ORDER = (
    "setting",
    "role",
    "nasenco",
    "npq",
    "nasenco_start_date",
    "nasenco_completion_date",
    "npq_start_date",
    "appointment_date",
    "prior_senco_service_over_12_months",
)
_ASK_RANK = {key: rank for rank, key in enumerate(ASK_ORDER)}


@dataclass(frozen=True, slots=True)
class _Decided:
    outcome: str
    deadline: date | None = None
    latest_npq_start: date | None = None


@dataclass(slots=True)
class _Walk:
    facts: Facts
    today: date
    law: Law
    unknown: frozenset[str]
    needs: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    trace: list[str] = field(default_factory=list)
    cited: dict[str, None] = field(default_factory=dict)
    statutory: bool | str | None = None

    def need(self, key: str) -> None:
        if key not in self.needs:
            self.needs.append(key)

    def step(self, key: str, *cites: str, **values: object) -> None:
        self.trace.append(WORDING["trace"][key].format(**values))
        for cite in cites:
            self.cited[cite] = None

    def assume(self, key: str, **values: object) -> None:
        self.assumptions.append(WORDING["assumption"][key].format(**values))

    def knows_not(self, key: str) -> bool:
        """The person said "I don't know" to a fact the engine can work without."""
        return key in self.unknown and key in ASSUMABLE_WHEN_UNKNOWN


def assess(facts: Facts, today: date, unknown: Iterable[str] = ()) -> Assessment:
    """Assess `facts` as at `today`. Raises `FactsError` for facts that contradict `today`."""
    law = RULEBOOK.law_on(today)
    check_against_today(facts, today)
    walk = _Walk(facts, today, law, frozenset(unknown))
    decided = (
        _setting(walk)
        or _eligibility(walk)
        or _completed_qualification(walk)
        or _role(walk)
        or _exemptions(walk)
        or _deadline(walk)
    )
    if walk.needs:
        decided = _Decided(o.NEED_MORE_INFO)
    overdue = decided.deadline is not None and decided.deadline < today and decided.outcome != o.ALREADY_QUALIFIED
    if overdue:
        walk.step("overdue", deadline=long_date(decided.deadline))
    when = timing(
        decided.outcome, decided.deadline, decided.latest_npq_start, overdue, facts.npq_start_date, today, law
    )
    _explain_timing(walk, decided, when)
    return Assessment(
        outcome=decided.outcome,
        statutory=walk.statutory,
        qualification=o.qualification_owed(decided.outcome),
        deadline=decided.deadline,
        latest_npq_start=decided.latest_npq_start,
        overdue=overdue,
        needs=tuple(sorted(walk.needs, key=_ASK_RANK.__getitem__)),
        assumptions=tuple(walk.assumptions),
        citations=tuple(SOURCES[c] for c in walk.cited),
        trace=tuple(walk.trace),
        latest_npq_start_passed=when.latest_npq_start_passed,
        next_npq_cohort=when.next_npq_cohort,
        at_risk=when.at_risk,
        state=when.state,
        outcome_window=(when.earliest_outcome, when.latest_outcome)
        if when.earliest_outcome and when.latest_outcome
        else None,
    )


def _explain_timing(w: _Walk, decided: _Decided, when: Timing) -> None:
    """The next cohort is an assumption (dated data); starting on it too late for the deadline is a step."""
    if when.next_npq_cohort is not None:
        w.assume("next_cohort", cohort=long_date(when.next_npq_cohort))
        w.cited["dfe-npq-senco"] = None
    if when.at_risk and decided.deadline is not None and when.latest_outcome is not None:
        key = "next_cohort_late" if decided.outcome == o.NPQ_REQUIRED else "npq_finish_at_risk"
        w.step(
            key,
            cohort=long_date(when.next_npq_cohort) if when.next_npq_cohort else "",
            earliest=long_date(when.earliest_outcome or when.latest_outcome),
            latest=long_date(when.latest_outcome),
            deadline=long_date(decided.deadline),
        )


def check_against_today(facts: Facts, today: date) -> None:
    """A qualification recorded as completed cannot have been completed (or started) after today."""
    checks = (
        ("nasenco", "nasenco_completion_date", facts.nasenco_completion_date),
        ("nasenco", "nasenco_start_date", facts.nasenco_start_date),
        ("npq", "npq_start_date", facts.npq_start_date),
    )
    for state_key, key, value in checks:
        if getattr(facts, state_key) == "completed" and value is not None and value.earliest() > today:
            raise FactsError(
                key, f"{value.iso()} is after today ({today.isoformat()}), but the course is recorded as completed"
            )


# --- 1. setting ---------------------------------------------------------------------------------------


def _setting(w: _Walk) -> _Decided | None:
    if w.facts.setting is None:
        w.need("setting")
        w.step("setting_missing", "cfa-s67")
        return None
    setting = SETTINGS[w.facts.setting]
    w.statutory = setting.statutory
    if setting.value == "outside_england":
        w.step("setting_outside", *setting.citations)
        return _Decided(o.OUTSIDE_ENGLAND)
    if setting.statutory is False:
        w.step("setting_not_covered", *setting.citations, label=setting.label)
        return _Decided(o.NOT_STATUTORY_SETTING)
    if setting.statutory == "unclear":
        w.step("setting_unclear", *setting.citations, label=setting.label)
        w.assume("setting_unclear", label=setting.label.split(" ", 1)[1])
    else:
        w.step("setting_covered", *setting.citations, label=setting.label)
    return None


# --- 2. who may be SENCO -------------------------------------------------------------------------------


def _eligibility(w: _Walk) -> _Decided | None:
    status = w.facts.teacher_status
    if status is None:
        w.assume("teacher_assumed")
        return None
    if status in ("no_qts", "qts_induction_incomplete"):
        w.step(f"cannot_{status}", "reg-49")
        return _Decided(o.CANNOT_BE_SENCO)
    w.step(f"eligible_{status}", "reg-49")
    return None


# --- 3. a completed qualification -----------------------------------------------------------------------


def _cutoffs(law: Law) -> dict[str, str]:
    return {
        "nasenco_start_before": long_date(law.nasenco_start_before),
        "nasenco_complete_before": long_date(law.nasenco_complete_before),
        "npq_start_on_or_after": long_date(law.npq_start_on_or_after),
    }


def _before(value: PartialDate, cutoff: date) -> bool | None:
    """Whether the date is before `cutoff`: None when its precision straddles the cutoff."""
    if value.latest() < cutoff:
        return True
    if value.earliest() >= cutoff:
        return False
    return None


def _nasenco_counts(w: _Walk) -> bool | None:
    """Whether the NASENCO (completed or in progress) meets reg 49(7); None when a date must be asked."""
    law, facts = w.law, w.facts
    cutoffs = _cutoffs(law)
    start = facts.nasenco_start_date
    if start is None:
        w.assume("nasenco_start_assumed", **cutoffs)
    else:
        started_in_time = _before(start, law.nasenco_start_before)
        if started_in_time is None:
            w.need("nasenco_start_date")
            return None
        if not started_in_time:
            w.step("nasenco_started_too_late", "reg-49-7", **cutoffs)
            return False
    end = facts.nasenco_completion_date
    if facts.nasenco == "completed":
        if end is None:
            if w.today < law.nasenco_complete_before:
                return True
            w.need("nasenco_completion_date")
            return None
        finished_in_time = _before(end, law.nasenco_complete_before)
        if finished_in_time is None:
            w.need("nasenco_completion_date")
        elif not finished_in_time:
            w.step("nasenco_completed_too_late", "reg-49-7", **cutoffs)
        return finished_in_time
    # In progress: it can still count only while there is time to finish before the cut-off.
    if w.today >= law.nasenco_complete_before or (end is not None and end.earliest() >= law.nasenco_complete_before):
        w.step("nasenco_expired", "reg-49-7", **cutoffs)
        return False
    return True


def _npq_counts(w: _Walk) -> bool:
    start = w.facts.npq_start_date
    if start is not None and start.latest() < w.law.npq_start_on_or_after:
        w.step("npq_started_before_law", "reg-49-7", **_cutoffs(w.law))
        return False
    return True


def _completed_qualification(w: _Walk) -> _Decided | None:
    if w.facts.nasenco == "completed" and _nasenco_counts(w):
        w.step("nasenco_completed_counts", "reg-49", "reg-49-7", **_cutoffs(w.law))
        return _Decided(o.ALREADY_QUALIFIED)
    if w.facts.npq == "completed" and _npq_counts(w):
        w.step("npq_completed_counts", "reg-49", "reg-49-7", **_cutoffs(w.law))
        w.assume("approved_provider")
        return _Decided(o.ALREADY_QUALIFIED)
    return None


def _course_in_progress(w: _Walk) -> str | None:
    """`nasenco`, `npq` or None: the course in progress that counts. Records questions still open."""
    facts = w.facts
    nasenco, npq = facts.nasenco, facts.npq
    nasenco_dated = facts.nasenco_start_date is not None or facts.nasenco_completion_date is not None
    if nasenco is None:
        # "not sure" may be taken as "not done" only when no course date says it was started
        if w.knows_not("nasenco") and not nasenco_dated:
            w.assume("nasenco_unknown")
        else:
            w.need("nasenco")
    elif nasenco == "in_progress" and _nasenco_counts(w):
        return "nasenco"
    if npq is None:
        if w.knows_not("npq") and facts.npq_start_date is None:
            w.assume("npq_unknown")
        else:
            w.need("npq")
    elif npq == "enrolled" and _npq_counts(w):
        return "npq"
    return None


# --- 4. role ----------------------------------------------------------------------------------------------


def _role(w: _Walk) -> _Decided | None:
    role = w.facts.role
    if role is None:
        if w.facts.appointment_date is not None:
            w.assume("role_from_date")
        else:
            w.need("role")
        return None
    if role == "other":
        w.assume("role_other")
        return None
    if role == "senco":
        return None
    w.step("role_aspiring", "reg-49-7", "dfe-transition")
    course = _course_in_progress(w)
    if course == "nasenco":
        deadline = w.law.nasenco_complete_before - timedelta(days=1)
        return _Decided(o.NASENCO_IN_PROGRESS, deadline)
    return _Decided(o.NPQ_IN_PROGRESS if course == "npq" else o.ASPIRING)


# --- 5. exemptions (reg 49(4)) --------------------------------------------------------------------------


def _exemptions(w: _Walk) -> _Decided | None:
    law, appointed = w.law, w.facts.appointment_date
    after_cutoff: bool | None = None
    if appointed is not None:
        on_or_before = appointed.latest() <= law.duty_applies_after
        if on_or_before:
            w.step("appointed_on_or_before", "reg-49", duty_applies_after=long_date(law.duty_applies_after))
            return _Decided(o.EXEMPT_APPOINTED_BEFORE_SEPT_2009)
        if appointed.earliest() > law.duty_applies_after:
            after_cutoff = True
            w.step("appointed_after", "reg-49", duty_applies_after=long_date(law.duty_applies_after))
    prior = w.facts.prior_senco_service_over_12_months
    months = law.prior_service_limit_months
    if prior:
        w.step("prior_exempt", "reg-49", months=months)
        return _Decided(o.EXEMPT_PRIOR_EXPERIENCE)
    if after_cutoff is None:
        w.need("appointment_date")
    if prior is None:
        if w.knows_not("prior_senco_service_over_12_months"):
            w.assume("prior_assumed_no", months=months)
        else:
            w.need("prior_senco_service_over_12_months")
    else:
        w.step("prior_not_exempt", "reg-49", months=months)
    return None


# --- 6. the deadline --------------------------------------------------------------------------------------


def _start_day(w: _Walk) -> date | None:
    """The appointment day the deadline counts from; a year alone is not enough (ask for the month)."""
    appointed = w.facts.appointment_date
    if appointed is None or appointed.month is None:
        w.need("appointment_date")
        return None
    day = appointed.earliest()
    if appointed.day is None:
        w.assume("date_month_only", what="your appointment", day=long_date(day))
    if (day.month, day.day) == (2, 29):  # the law is silent; the earlier anniversary is the safer one
        w.assume("leap_day", years=w.law.qualification_period_years)
    if w.facts.prior_senco_service_over_12_months is False:
        w.assume("clock_from_this_post", months=w.law.prior_service_limit_months)
    return day


def _deadline(w: _Walk) -> _Decided:
    course = _course_in_progress(w)
    start = _start_day(w)
    if start is None or w.needs:
        return _Decided(o.NEED_MORE_INFO)
    law = w.law
    anniversary = add_years(start, law.qualification_period_years)
    if course == "nasenco":
        last_day = law.nasenco_complete_before - timedelta(days=1)
        deadline = min(anniversary, last_day)
        w.step(
            "nasenco_deadline",
            "reg-49",
            "reg-49-7",
            "dfe-transition",
            last_day=long_date(last_day),
            anniversary=long_date(anniversary),
            deadline=long_date(deadline),
        )
        return _Decided(o.NASENCO_IN_PROGRESS, deadline)
    w.step("third_anniversary", "reg-49", "reg-49-7", deadline=long_date(anniversary))
    w.assume("approved_provider")
    latest_start = add_months(anniversary, -law.npq_max_months)
    w.step("latest_start", "dfe-npq-senco", months=law.npq_max_months, latest_start=long_date(latest_start))
    _transition_note(w, start, anniversary)
    if course == "npq":
        return _Decided(o.NPQ_IN_PROGRESS, anniversary, latest_start)
    if latest_start_passed(latest_start, anniversary, w.today):
        w.step("latest_start_passed", latest_start=long_date(latest_start))
    return _Decided(o.NPQ_REQUIRED, anniversary, latest_start)


def latest_start_passed(latest_start: date | None, deadline: date | None, today: date) -> bool:
    """The safe window to start the NPQ has closed, but the deadline itself has not passed yet."""
    return latest_start is not None and deadline is not None and latest_start < today <= deadline


def _transition_note(w: _Walk, start: date, deadline: date) -> None:
    """DfE guidance for SENCOs who started in post in the 2023-24 academic year (cited, not decisive): it never
    extends the legal deadline, so say so when following it can still end after the deadline."""
    law = w.law
    first = law.transition_cohort_start
    if not first <= start < add_years(first, 1):
        return
    w.step("transition_cohort", "dfe-transition", start_by=law.transition_npq_start_by)
    outcome_by = add_months(law.transition_npq_latest_start, law.npq_max_months)
    if outcome_by > deadline:
        w.step(
            "transition_still_late",
            "reg-49",
            start_by=law.transition_npq_start_by,
            outcome_by=long_date(outcome_by),
            deadline=long_date(deadline),
        )
