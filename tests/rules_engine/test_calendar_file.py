"""The calendar file: RFC 5545 parsed back with the same library, the right all-day dates with reminders, nothing
personal, a past start never offered, and a bad link refused naming the field."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from icalendar import Calendar

from rules_engine import assess, parse_facts
from rules_engine.calendar_file import calendar_from_query, calendar_ics, calendar_query, calendar_url
from rules_engine.errors import FactsError
from tests.examples import FIRST_ROW

TODAY = date(2026, 11, 22)


def events(ics: bytes) -> dict[date, dict]:
    calendar = Calendar.from_ical(ics)
    assert str(calendar["version"]) == "2.0"
    return {
        e.decoded("dtstart"): {
            "end": e.decoded("dtend"),
            "summary": str(e["summary"]),
            "alarms": [a.decoded("trigger") for a in e.walk("VALARM")],
            "uid": str(e["uid"]),
        }
        for e in calendar.walk("VEVENT")
    }


def test_the_deadline_and_a_start_still_ahead_are_all_day_events_with_reminders() -> None:
    assessment = assess(parse_facts(FIRST_ROW | {"appointment_date": "2026-09-01"}), TODAY)
    query = calendar_query(assessment, TODAY)
    assert query == {"deadline": "2029-09-01", "qualification": "NPQ_SENCO", "start_by": "2027-11-01"}
    found = events(calendar_from_query(query))
    assert sorted(found) == [date(2027, 11, 1), date(2029, 9, 1)]
    for day, event in found.items():
        assert event["end"] == day + timedelta(days=1)  # all day
        assert event["alarms"] == [timedelta(days=-28)]
    assert "NPQ for SENCOs" in found[date(2029, 9, 1)]["summary"]


def test_a_start_date_already_past_is_left_out() -> None:
    assessment = assess(parse_facts(FIRST_ROW), TODAY)  # latest safe start 2026-05-10 has passed
    query = calendar_query(assessment, TODAY)
    assert query == {"deadline": "2028-03-10", "qualification": "NPQ_SENCO"}
    assert sorted(events(calendar_from_query(query))) == [date(2028, 3, 10)]


def test_no_deadline_no_calendar() -> None:
    assert calendar_query(assess(parse_facts({"setting": "independent"}), TODAY), TODAY) is None
    assert calendar_query(assess(parse_facts({"nasenco": "completed"}), TODAY), TODAY) is None


def test_the_same_dates_give_the_same_events_and_nothing_personal() -> None:
    first, second = calendar_ics(date(2028, 3, 10), "NPQ_SENCO"), calendar_ics(date(2028, 3, 10), "NPQ_SENCO")
    assert [e["uid"] for e in events(first).values()] == [e["uid"] for e in events(second).values()]
    text = first.decode()
    for field in ("ATTENDEE", "ORGANIZER", "LOCATION", "CONTACT"):
        assert field not in text


def test_the_link_is_a_path_or_absolute_with_the_public_address() -> None:
    query = {"deadline": "2028-03-10", "qualification": "NPQ_SENCO"}
    assert calendar_url(query) == "/webhooks/calendar/senco.ics?deadline=2028-03-10&qualification=NPQ_SENCO"
    assert calendar_url(query, "https://senco.example.sch.uk/").startswith(
        "https://senco.example.sch.uk/webhooks/calendar/senco.ics?"
    )


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"qualification": "NPQ_SENCO"}, "deadline"),
        ({"deadline": "2028-02-30", "qualification": "NPQ_SENCO"}, "deadline"),
        ({"deadline": "2028-03", "qualification": "NPQ_SENCO"}, "deadline"),
        ({"deadline": "2028-03-10", "qualification": "NONE"}, "qualification"),
        ({"deadline": "2028-03-10", "qualification": "NPQ_SENCO", "start_by": "2029-01-01"}, "start_by"),
        ({"deadline": "2028-03-10", "qualification": "NPQ_SENCO", "email": "x@example.org"}, "email"),
    ],
)
def test_a_bad_query_is_refused_naming_the_field(query: dict[str, str], field: str) -> None:
    with pytest.raises(FactsError) as refused:
        calendar_from_query(query)
    assert refused.value.field == field
