"""Where a teacher stands against her deadline today: the next NPQ cohort, whether even that start reaches the
outcome in time (`at_risk`), and the state every answer leads with.

Why a state as well as flags: a past "start by" date is worse than none. A teacher asking in November 2026 whose
latest safe start was March 2026 must hear first that she is late, whether the next cohort can still get her
there, and what to do this week (senco-rules.md section 4). The flags are the contract's
(`latest_npq_start_passed`, `next_npq_cohort`, `at_risk`); the state is how every channel says them:

- `overdue`: the deadline has passed and the qualification is not held;
- `at_risk`: an NPQ started on the next cohort gives its outcome after the deadline even if the results come
  at the earliest (taught months only): start now, agree a plan with the head teacher and governors, talk to
  the provider;
- `late`: the next cohort starts after the latest safe start; it reaches the deadline only if the results
  come early (`at_risk` is true: the contract counts the longest time to the outcome);
- `on_track`: a deadline ahead with time to start (or finish) the course in the usual way;
- None: no deadline to stand against (not covered, exempt, qualified, not yet in post, more to ask).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import outcomes as o
from .dates import PartialDate, add_months
from .parameters import Law

OVERDUE, AT_RISK, LATE, ON_TRACK = "overdue", "at_risk", "late", "on_track"
STATES = (OVERDUE, AT_RISK, LATE, ON_TRACK)
# An NPQ is still to be started for these outcomes, so the next cohort is worth naming.
NPQ_TO_START = frozenset({o.NPQ_REQUIRED, o.ASPIRING})


@dataclass(frozen=True, slots=True)
class Timing:
    latest_npq_start_passed: bool
    next_npq_cohort: date | None
    at_risk: bool
    state: str | None
    earliest_outcome: date | None  # the next cohort's outcome, results at the earliest (taught months)
    latest_outcome: date | None  # ...and at the latest (the whole time to the outcome)


def next_cohort(today: date, law: Law) -> date:
    """The first cohort start on or after `today` (dated data: the later of the dates providers use)."""
    days = sorted(
        date(year, start["month"], start["day"])
        for year in (today.year, today.year + 1)
        for start in law.npq_cohort_starts.values()
    )
    return next(day for day in days if day >= today)


def timing(
    outcome: str,
    deadline: date | None,
    latest_npq_start: date | None,
    overdue: bool,
    npq_start: PartialDate | None,
    today: date,
    law: Law,
) -> Timing:
    """The contract's flags and the state, from a decided outcome."""
    passed = latest_npq_start is not None and latest_npq_start < today
    cohort = next_cohort(today, law) if outcome in NPQ_TO_START else None
    earliest = latest = None
    at_risk = quick_too_late = False
    if outcome == o.NPQ_REQUIRED and cohort is not None and deadline is not None and not overdue:
        earliest, latest = add_months(cohort, law.npq_taught_months), add_months(cohort, law.npq_max_months)
        at_risk, quick_too_late = latest > deadline, earliest > deadline
    elif outcome == o.NPQ_IN_PROGRESS and npq_start is not None and deadline is not None and not overdue:
        earliest = add_months(npq_start.latest(), law.npq_taught_months)
        latest = add_months(npq_start.latest(), law.npq_max_months)
        at_risk, quick_too_late = latest > deadline, earliest > deadline
    if deadline is None:
        state = None
    elif overdue:
        state = OVERDUE
    elif quick_too_late:
        state = AT_RISK
    elif at_risk:
        state = LATE
    else:
        state = ON_TRACK
    return Timing(passed, cohort, at_risk, state, earliest, latest)
