"""Plain text a person could paste into an email; shared by the CLI (`--text`) and the assistant."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

from . import outcomes as o
from .assessment import Assessment
from .dates import PartialDate, long_date, parse_partial_date
from .facts import DATE_KEYS
from .rules_data import RULEBOOK, SETTINGS
from .wording import WORDING

_R = WORDING["render"]


def fact_name(key: str) -> str:
    """How a fact key is described to a person."""
    return _R["fact_names"][key]


def value_label(key: str, value: object) -> str:
    """How one fact's value is said back: "a special school", "6 January 2025", "started, not finished".

    `value` is the fact as parsed (`Facts` field) or in its contract JSON form; `None` means "not sure".
    """
    words = _R["fact_values"]
    if value is None:
        return words["unknown"]
    if key == "setting":
        return SETTINGS[str(value)].label
    if isinstance(value, PartialDate):
        return value.written()
    if key in DATE_KEYS:
        return parse_partial_date(str(value), key).written()
    if isinstance(value, bool):
        return words[key][str(value).lower()]
    return words[key][str(value)]


def understood_label(key: str, value: object) -> str:
    """How a fact read from the teacher's own words is said back beside them ("became SENCO at this school on
    6 January 2025", "a special school"), so a misreading shows at once."""
    words = _R["understood"]
    if key == "setting":
        return SETTINGS[str(value)].label
    if key in DATE_KEYS:
        when = value if isinstance(value, PartialDate) else parse_partial_date(str(value), key)
        return words[key].format(when=words["when"][when.precision].format(date=when.written()))
    return words[key][str(value).lower() if isinstance(value, bool) else str(value)]


def describe_fact(key: str, value: object) -> str:
    """One known fact as a line a person recognises ("When you became SENCO at this school: 6 January 2025")."""
    name = fact_name(key)
    return _R["fact_values"]["answer_line"].format(Name=name[:1].upper() + name[1:], value=value_label(key, value))


def render_text(assessment: Assessment, today: date | None = None, extra_assumptions: tuple[str, ...] = ()) -> str:
    """The whole answer as plain text; `extra_assumptions` come first (e.g. how the assistant read a date)."""
    lines = [_R["title"]]
    if today is not None:
        lines.append(_R["as_at"].format(today=long_date(today)))
    lines.append("")
    if state_line(assessment, today):
        lines.append(state_line(assessment, today))
    lines.append(_R["headline"][assessment.outcome])
    if assessment.needs:
        lines.append(_R["needs_line"].format(needs="; ".join(fact_name(k) for k in assessment.needs)))
    else:
        lines.append(_R["qualification_line"].format(qualification=_R["qualification"][assessment.qualification]))
    if assessment.statutory is not None:
        lines.append(_R["statutory_line"][str(assessment.statutory).lower()])
    if assessment.deadline:
        lines.append(_R["deadline_line"].format(deadline=long_date(assessment.deadline)))
    if assessment.latest_npq_start:
        latest_start = long_date(assessment.latest_npq_start)
        if assessment.latest_npq_start_passed:
            latest_start = _R["passed"].format(day=latest_start)
        lines.append(_R["latest_start_line"].format(latest_start=latest_start))
    if assessment.next_npq_cohort:
        lines.append(_R["next_cohort_line"].format(cohort=long_date(assessment.next_npq_cohort)))
    if assessment.overdue:
        lines.append(_R["overdue_line"])
    lines += ["", render_details(assessment, extra_assumptions)]
    return "\n".join(lines) + "\n"


def render_details(assessment: Assessment, extra_assumptions: tuple[str, ...] = (), spaced: bool = True) -> str:
    """The why / assumptions / sources block, shared by the email text and the chat answer.

    `spaced=False` leaves out the blank lines between sections: chat channels split a message at blank lines, and
    the chat answer must stay one message.
    """
    lines: list[str] = []
    assumptions = (*extra_assumptions, *assessment.assumptions)
    for heading, items in ((_R["why"], assessment.trace), (_R["assumptions"], assumptions)):
        if items:
            lines += [heading, *(f"- {item}" for item in items)]
            if spaced:
                lines.append("")
    if assessment.citations:
        lines.append(_R["sources"])
        lines += [
            "- "
            + _R["source_line"].format(
                title=c.title, provision=c.provision, url=c.url, last_checked=long_date(c.last_checked)
            )
            for c in assessment.citations
        ]
    return "\n".join(lines).rstrip("\n")


def state_line(assessment: Assessment, today: date | None = None) -> str:
    """Where the teacher stands, first in every answer ("OVERDUE: ...", "AT RISK: ...", "LATE TO START: ...",
    "ON TRACK: ..."), or "" when there is no deadline to stand against. `today` picks the law in force (the
    course length); without it, the law in force on the deadline's day."""
    if assessment.state is None or assessment.deadline is None:
        return ""
    course = assessment.outcome != o.NPQ_REQUIRED
    key = f"{assessment.state}_course" if course else assessment.state
    window = assessment.outcome_window
    law = RULEBOOK.law_on(today or assessment.deadline)
    values = {
        "deadline": long_date(assessment.deadline),
        "cohort": long_date(assessment.next_npq_cohort) if assessment.next_npq_cohort else "",
        "latest_start": long_date(assessment.latest_npq_start) if assessment.latest_npq_start else "",
        "earliest": long_date(window[0]) if window else "",
        "latest": long_date(window[1]) if window else "",
        "late_by": late_by(assessment.deadline, window[0]) if window else "",
        "months": law.npq_max_months,
    }
    return _R["state"][key].format(**values)


def late_by(deadline: date, day: date) -> str:
    """How long after the deadline `day` falls, in whole months ("more than 6 months") or days ("12 days")."""
    gap = relativedelta(day, deadline)
    months = gap.years * 12 + gap.months
    words = _R["late_by"]
    if months:
        said = words["month"] if months == 1 else words["months"].format(n=months)
        return words["more_than"].format(span=said) if gap.days else said
    days = (day - deadline).days
    return words["day"] if days == 1 else words["days"].format(n=days)


def timeline(assessment: Assessment, today: date, appointed: date | None) -> list[dict[str, object]]:
    """The dates an answer turns on, in order, for a timeline (web card SVG, Slack and Teams text): becoming SENCO,
    the latest safe start, today, the next cohort's earliest outcome (or the NPQ's latest), the deadline. Empty
    when there is no deadline."""
    if assessment.deadline is None:
        return []
    names = _R["timeline"]
    points: list[tuple[date, str]] = [(today, "today"), (assessment.deadline, "deadline")]
    if appointed is not None:
        points.append((appointed, "appointed"))
    if assessment.latest_npq_start is not None and assessment.outcome == o.NPQ_REQUIRED:
        points.append((assessment.latest_npq_start, "latest_start"))
    if assessment.outcome_window is not None:
        if assessment.outcome == o.NPQ_REQUIRED:
            points.append((assessment.outcome_window[0], "cohort_outcome"))
        else:
            points.append((assessment.outcome_window[1], "course_outcome"))
    order = ("appointed", "latest_start", "today", "cohort_outcome", "course_outcome", "deadline")
    return [
        {"date": day.isoformat(), "kind": kind, "label": names[kind], "passed": day < today}
        for day, kind in sorted(points, key=lambda point: (point[0], order.index(point[1])))
    ]
