"""Which fact a date is about, from the cue words in its clause."""

from __future__ import annotations

import pytest

from senco_nlu.dates.roles import date_role
from senco_nlu.lexicon import lexicon
from senco_nlu.reading import Reading


def role_of(text: str, date_text: str) -> str:
    start = text.index(date_text)
    return date_role(Reading(lexicon(), text), start, start + len(date_text)) or "none"


@pytest.mark.parametrize(
    ("text", "date_text", "role"),
    [
        ("got the SENCO job at our academy last Sept, haven't done NASENCO", "last Sept", "appointment_date"),
        ("started as SENDCo on 6/1/25 and began the NASENCO in Jan 2024", "6/1/25", "appointment_date"),
        ("started as SENDCo on 6/1/25 and began the NASENCO in Jan 2024", "Jan 2024", "nasenco_start_date"),
        ("I finished my nasenco in 2019", "2019", "nasenco_completion_date"),
        ("completed the national award in July 2018", "July 2018", "nasenco_completion_date"),
        ("enrolled on the npq senco in November 2024", "November 2024", "npq_start_date"),
        ("i've been senco since 2015", "2015", "appointment_date"),
        ("appointed in september 2023", "september 2023", "appointment_date"),
        ("in March 2024 I became the SENCO", "March 2024", "appointment_date"),
        ("March 2024", "March 2024", "date"),
        ("6/1/25", "6/1/25", "date"),
        ("it started in july 2024", "july 2024", "date"),
        ("I did my NPQH in 2020", "2020", "date"),
    ],
)
def test_date_role(text: str, date_text: str, role: str) -> None:
    assert role_of(text, date_text) == role
