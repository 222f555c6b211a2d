"""The answer as an RFC 5545 calendar file: the deadline and, while it is still ahead, the latest safe start for
the NPQ, as all-day events with a reminder a few weeks before (made with `icalendar`).

What it holds, on purpose: dates and the qualification only. No name, no school, no message text: nothing a
stranger could not guess, so the file (and the link that makes it, `calendar_query`) can be shared or left in a
browser history without giving anyone away. The same dates always give the same file (stable UIDs), so adding it
twice updates the events instead of doubling them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urlencode

from icalendar import Alarm, Calendar, Event

from .assessment import Assessment
from .dates import long_date, parse_iso_day
from .errors import FactsError
from .wording import WORDING

_C = WORDING["calendar"]
QUALIFICATIONS = ("NPQ_SENCO", "NASENCO")
REMINDER_DAYS = 28
PRODID = "-//SENCO qualification assistant//senco-calendar//EN"
CALENDAR_PATH = "/webhooks/calendar/senco.ics"  # served by channels/calendar.py on the Rasa port


def calendar_url(query: Mapping[str, str], public_url: str = "") -> str:
    """The link for an answer's query: a path on the Rasa server, absolute when the assistant's public address
    (SENCO_PUBLIC_URL) is given."""
    return f"{public_url.rstrip('/')}{CALENDAR_PATH}?{urlencode(query)}"


def calendar_query(assessment: Assessment, today: date) -> dict[str, str] | None:
    """The link's query (all the file needs), or None when there is no deadline or nothing is owed."""
    if assessment.deadline is None or assessment.qualification not in QUALIFICATIONS:
        return None
    query = {"deadline": assessment.deadline.isoformat(), "qualification": assessment.qualification}
    if assessment.latest_npq_start is not None and assessment.latest_npq_start >= today:
        query["start_by"] = assessment.latest_npq_start.isoformat()
    return query


def calendar_from_query(query: Mapping[str, str]) -> bytes:
    """The file for a link's query; a bad or missing value raises `FactsError` naming it (400 on the server)."""
    unknown = set(query) - {"deadline", "qualification", "start_by"}
    if unknown:
        raise FactsError(sorted(unknown)[0], "not a calendar field")
    qualification = query.get("qualification")
    if qualification not in QUALIFICATIONS:
        raise FactsError("qualification", f"must be one of {', '.join(QUALIFICATIONS)}")
    deadline = parse_iso_day(query.get("deadline"), "deadline")
    start_by = parse_iso_day(query["start_by"], "start_by") if query.get("start_by") else None
    if start_by is not None and start_by > deadline:
        raise FactsError("start_by", "is after the deadline")
    return calendar_ics(deadline, qualification, start_by)


def calendar_ics(deadline: date, qualification: str, start_by: date | None = None) -> bytes:
    """The calendar: the deadline, and the latest safe start when given, each with a reminder."""
    name = WORDING["render"]["qualification"][qualification]
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _C["name"])
    calendar.add("x-wr-caldesc", _C["description"])
    calendar.add_component(_event(deadline, _C["deadline_summary"].format(qualification=name), _C["deadline_note"]))
    if start_by is not None:
        note = _C["start_note"].format(deadline=long_date(deadline))
        calendar.add_component(_event(start_by, _C["start_summary"].format(qualification=name), note))
    return calendar.to_ical()


def _event(day: date, summary: str, description: str) -> Event:
    event = Event()
    event.add("uid", hashlib.sha256(f"{day.isoformat()}|{summary}".encode()).hexdigest()[:32] + "@senco-assistant")
    event.add("dtstamp", datetime.now(timezone.utc).replace(microsecond=0))  # when this copy was made
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", timedelta(days=-REMINDER_DAYS))
    event.add_component(alarm)
    return event
