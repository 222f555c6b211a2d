"""Plain text a person could paste into an email; shared by the CLI (`--text`) and the assistant."""

from __future__ import annotations

from datetime import date

from .assessment import Assessment
from .dates import PartialDate, long_date, parse_partial_date
from .facts import DATE_KEYS
from .rules_data import SETTINGS
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
    lines += ["", _R["headline"][assessment.outcome]]
    if assessment.needs:
        lines.append(_R["needs_line"].format(needs="; ".join(fact_name(k) for k in assessment.needs)))
    else:
        lines.append(_R["qualification_line"].format(qualification=_R["qualification"][assessment.qualification]))
    if assessment.statutory is not None:
        lines.append(_R["statutory_line"][str(assessment.statutory).lower()])
    if assessment.deadline:
        lines.append(_R["deadline_line"].format(deadline=long_date(assessment.deadline)))
    if assessment.latest_npq_start:
        lines.append(_R["latest_start_line"].format(latest_start=long_date(assessment.latest_npq_start)))
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
