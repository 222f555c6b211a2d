"""The answer at a glance, as Slack and Teams show it beside the full text: where the teacher stands first, then
the qualification, the law, the dates, a compact timeline and the calendar link. Drawn from the payload only
(actions/payload.py), worded as the email text is (rules_engine/wording.yaml), and never trusting the payload to
be well formed: anything of the wrong shape is left out, never shown raw.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from rules_engine.dates import long_date
from rules_engine.wording import WORDING

_R = WORDING["render"]
_WEB_URL = re.compile(r"https?://[^\s<>|\"']+")
STATES = ("overdue", "at_risk", "late", "on_track")


def day(value: Any) -> date | None:
    """A YYYY-MM-DD payload date, or None for anything else."""
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def state(payload: Mapping[str, Any]) -> str | None:
    value = payload.get("state")
    return value if value in STATES else None


def state_text(payload: Mapping[str, Any]) -> str | None:
    """The lead sentence ("OVERDUE: ...", "AT RISK: ..."), when the payload has a known state."""
    text = payload.get("state_text")
    return text if state(payload) and isinstance(text, str) and text.strip() else None


def summary_lines(payload: Mapping[str, Any]) -> list[str]:
    """Qualification, whether the law requires it, the deadline, the latest safe start (marked when passed: never a
    date to start by) and the next cohort."""
    lines = []
    qualification = _R["qualification"].get(payload.get("qualification"))
    if isinstance(qualification, str):
        lines.append(_R["qualification_line"].format(qualification=qualification))
    statutory = payload.get("statutory")
    if statutory in (True, False, "unclear"):
        lines.append(_R["statutory_line"][str(statutory).lower()])
    deadline, latest_start = day(payload.get("deadline")), day(payload.get("latest_npq_start"))
    if deadline:
        lines.append(_R["deadline_line"].format(deadline=long_date(deadline)))
    if latest_start:
        said = long_date(latest_start)
        if payload.get("latest_npq_start_passed") is True:
            said = _R["passed"].format(day=said)
        lines.append(_R["latest_start_line"].format(latest_start=said))
    cohort = day(payload.get("next_npq_cohort"))
    if cohort:
        lines.append(_R["next_cohort_line"].format(cohort=long_date(cohort)))
    return lines


def timeline_lines(payload: Mapping[str, Any]) -> list[str]:
    """The timeline as text, one date a line, in order ("10 May 2026 (passed): Latest safe start")."""
    points = payload.get("timeline")
    lines = []
    for point in points if isinstance(points, list) else []:
        if not isinstance(point, Mapping) or point.get("kind") not in _R["timeline"]:
            continue
        when = day(point.get("date"))
        if when is None:
            continue
        said = long_date(when)
        if point.get("passed") is True and point.get("kind") != "today":
            said = _R["passed"].format(day=said)
        lines.append(_R["timeline_line"].format(day=said, label=_R["timeline"][point["kind"]]))
    return lines


def calendar_link(payload: Mapping[str, Any]) -> str | None:
    """The calendar file's address when it is an absolute web address (SENCO_PUBLIC_URL set): Slack and Teams can
    only open those."""
    url = payload.get("calendar_url")
    return url if isinstance(url, str) and _WEB_URL.fullmatch(url) else None
