"""The contract's custom payload for an answer (assessment-contract.md section 2): the assessment object, plus what
every channel draws from it, so that none of them works anything out again:

- `state` and `state_text`: where the teacher stands, the first thing every rendering says;
- `timeline`: the dates the answer turns on, in order (the web card draws it; Slack and Teams list it);
- `calendar_url`: the "add to calendar" file (dates and the qualification only), whenever there is a deadline;
- `understood`: each fact, how it is said, and the teacher's own words it was read from;
- `plain_text`: the whole answer as text to copy or print.
"""

from __future__ import annotations

from typing import Any

from rules_engine import Assessment, render_text
from rules_engine.calendar_file import calendar_query, calendar_url
from rules_engine.clock import current_day
from rules_engine.dates import parse_partial_date
from rules_engine.render import state_line, timeline
from senco_settings import value as setting

PAYLOAD_TYPE = "senco_assessment"


def payload(
    assessment: Assessment,
    facts: dict[str, Any],
    extra: tuple[str, ...],
    understood: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    today = current_day()
    query = calendar_query(assessment, today)
    appointed = facts.get("appointment_date")
    day = parse_partial_date(appointed, "appointment_date") if appointed else None
    return {
        "type": PAYLOAD_TYPE,
        **assessment.to_dict(),
        "as_at": today.isoformat(),
        "state": assessment.state,
        "state_text": state_line(assessment, today),
        "timeline": timeline(assessment, today, day.earliest() if day and day.month else None),
        "calendar_url": calendar_url(query, setting("SENCO_PUBLIC_URL")) if query else None,
        "facts": facts,
        "understood": understood or [],
        "plain_text": render_text(assessment, today, extra),
    }
