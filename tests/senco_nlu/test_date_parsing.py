"""Dates as teachers type them: the exact value (at the precision given), the error, or the stated assumption.

The table in date_expressions.yaml is the contract for single expressions; the tests below cover expressions inside
real sentences, text that must never be taken for a date, and the rules that must hold for every match.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from rules_engine.rules_data import RULEBOOK
from senco_nlu.dates import DateMatch, find_dates, parse_date_answer
from senco_nlu.dates import context as date_context

TODAY = date(2026, 11, 22)
ROWS: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "date_expressions.yaml").read_text("utf-8"))


def _today(row: dict[str, Any]) -> date:
    return date.fromisoformat(row["today"]) if "today" in row else TODAY


def test_the_table_is_big_enough_and_well_formed() -> None:
    assert len(ROWS) >= 100
    for row in ROWS:
        assert set(row) <= {"text", "today", "span", "iso", "error", "assumed"}, row
        assert ("iso" in row) != ("error" in row), row
        assert ("assumed" in row) == ("iso" in row), row
        assert all(isinstance(row[key], str) for key in ("text", "iso", "error", "span", "today") if key in row), row


@pytest.mark.parametrize("row", ROWS, ids=[f"{row['text']}@{row.get('today', TODAY)}" for row in ROWS])
def test_expression(row: dict[str, Any]) -> None:
    matches = find_dates(row["text"], _today(row))
    assert len(matches) == 1, matches
    match = matches[0]
    assert match.text == row.get("span", row["text"])
    if "error" in row:
        assert match.value is None
        assert match.error is not None
        assert row["error"] in match.error
        assert match.assumption is None
    else:
        assert match.error is None
        assert match.value is not None
        assert match.value.iso() == row["iso"]
        assert (match.assumption is not None) == row["assumed"], match.assumption


@pytest.mark.parametrize("row", ROWS, ids=[row["text"] for row in ROWS])
def test_a_lone_expression_is_also_the_answer(row: dict[str, Any]) -> None:
    """Typed as the whole answer to "when...?", the expression gives the same reading."""
    answer = parse_date_answer(row["text"], _today(row))
    assert answer == find_dates(row["text"], _today(row))[0]


# --- expressions inside real sentences ---------------------------------------------------------------------------

SENTENCES = [
    ("got the SENCO job at our academy last Sept, haven't done NASENCO", [("last Sept", "2026-09")]),
    (
        "started as SENDCo on 6/1/25 and began the NASENCO in Jan 2024",
        [("6/1/25", "2025-01-06"), ("Jan 2024", "2024-01")],
    ),
    (
        "I've been SENCO since 2015 and finished my NASENCO in July 2018",
        [("2015", "2015"), ("July 2018", "2018-07")],
    ),
    (
        "I became SENCO in September and start the NPQ in January",
        [("September", "2026-09"), ("January", "2027-01")],
    ),
    ("I became SENCO in Jan. I will start the NPQ in March.", [("Jan", "2026-01"), ("March", "2027-03")]),
    ("Appointed SENCO 01/09/2009, NASENCO completed 2011", [("01/09/2009", "2009-09-01"), ("2011", "2011")]),
    ("I'm a year 6 teacher and took over as SENCO in the autumn term 2023", [("autumn term 2023", "2023-09")]),
    ("We have 2 SENCOs; I started in the 2023/24 academic year", [("2023/24 academic year", "2023-09")]),
    ("In September 12 teachers left and I became SENCO", [("September", "2026-09")]),
    (
        "i started as senco in septmber 2023 and my nasenco starts next spring",
        [("septmber 2023", "2023-09"), ("next spring", "2027-01")],
    ),
    ("Our school has 1200 pupils, I was made SENDCo 3 months ago", [("3 months ago", "2026-08")]),
    ("call me on 07700 900123 after 3.30pm, I started on 6th Jan 25", [("6th Jan 25", "2025-01-06")]),
    ("I took over from our old SENCO in May 2022 (she retired)", [("May 2022", "2022-05")]),
    ("Been SENCO for 18 months, since last March", [("last March", "2026-03")]),
    ("NPQ starting spring 2025, got the job Sept 2024", [("spring 2025", "2025-01"), ("Sept 2024", "2024-09")]),
    ("I may start the NPQ in may", [("may", "2027-05")]),  # "start" is a future cue
    ("SENCO from Sept 2023 - July 2024 at my last school", [("Sept 2023", "2023-09"), ("July 2024", "2024-07")]),
    ("I teach Year 6 September 2024 onwards", [("September 2024", "2024-09")]),
    ("31/02/2024 is when I started", [("31/02/2024", None)]),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCES, ids=[text for text, _ in SENTENCES])
def test_dates_in_sentences(text: str, expected: list[tuple[str, str | None]]) -> None:
    matches = find_dates(text, TODAY)
    assert [(m.text, m.value.iso() if m.value else None) for m in matches] == expected
    for match in matches:
        assert text[match.start : match.end] == match.text


def test_cue_words_stay_outside_the_span() -> None:
    """dates.roles reads "since", "in", "on" before the span: they must not be swallowed by it."""
    text = "SENCO since Jan, NASENCO in March 2024"
    assert [m.text for m in find_dates(text, TODAY)] == ["Jan", "March 2024"]


# --- not dates -------------------------------------------------------------------------------------------------

NOT_DATES = [
    "Year 6",
    "year 11 class",
    "this year 6 class",
    "KS2",
    "2 SENCOs",
    "I have 2 SENCOs",
    "call me on 07700 900123",
    "0161 496 2019",
    "+44 20 7946 2000",
    "£1333",
    "£2019",
    "it cost £2,000",
    "we have 2000 pupils",
    "at 3.30pm",
    "at 10:30",
    "18 months",
    "for 18 months",
    "for 3 years",
    "in 2 years",
    "2/3 of the class",
    "room 2019",
    "the 2010s",
    "this may be wrong",
    "I may start",
    "May I ask a question?",
    "Jan said I need the NPQ",
    "we march on",
    "the summer holidays",
    "over the last year",
    "my last year at the school",
    "more than 2 years ago",
    "over a year ago",
    "a few months ago",
    "the deceiver",
    "NPQH",
    "version 1.2.3",
    "192.168.1.1",
    "2019.5",
    "12345",
    "1333",
    "autumn",
    "I love spring",
    "",
    "   ",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_a_date(text: str) -> None:
    assert find_dates(text, TODAY) == []


# --- assumptions -----------------------------------------------------------------------------------------------

ASSUMING = [
    "6/1/25",  # day first, both orders possible
    "Sept 23",  # two digits after a month read as a year
    "Sept 28",  # ... or as a day
    "6 January",  # day and month, year chosen
    "January 6th",
    "first of September",
    "last September",
    "September last year",
    "in January",
    "January",
    "last year",
    "the year before last",
    "two years ago",
    "3 months ago",
    "last month",
    "last term",
    "autumn term 2024",
    "spring term 2023/24",
    "autumn 1",
    "autumn term",
    "last autumn",
    "2023/24",
    "academic year 2023 to 2024",
    "2023-24 academic year",
    "this academic year",
]


@pytest.mark.parametrize("text", ASSUMING)
def test_every_interpretation_is_stated(text: str) -> None:
    (match,) = find_dates(text, TODAY)
    assert match.value is not None
    assert match.assumption is not None
    assert match.assumption.startswith(f"I've taken '{match.text}' as ")
    assert str(match.value.year) in match.assumption


@pytest.mark.parametrize("text", ["6 January 2025", "September 2023", "2019", "2024-09-01", "25/12/2024", "Sep '23"])
def test_explicit_dates_need_no_assumption(text: str) -> None:
    (match,) = find_dates(text, TODAY)
    assert match.assumption is None


def test_assumption_wording() -> None:
    (term,) = find_dates("spring term 2024", TODAY)
    assert term.assumption == "I've taken 'spring term 2024' as starting 1 January 2024."
    (month,) = find_dates("last September", TODAY)
    assert month.assumption == "I've taken 'last September' as September 2026."
    (impossible,) = find_dates("31/02/2024", TODAY)
    assert impossible.error == "31 February 2024 isn't a real date: February 2024 has 29 days."


def test_precision_is_never_added() -> None:
    """ "September 2009" stays a month, so the engine asks for the day that decides reg 49(4)."""
    (match,) = find_dates("September 2009", TODAY)
    assert match.value is not None
    assert match.value.precision == "month"
    assert match.value.iso() == "2009-09"


# --- one place for each rule: term and academic-year starts come from the rules data ------------------------------


class _StubRulebook:
    def __init__(self, **changes: Any) -> None:
        self.changes = changes

    def law_on(self, day: date) -> Any:
        return dataclasses.replace(RULEBOOK.law_on(day), **self.changes)


def test_term_starts_are_read_from_the_rules_data(monkeypatch: pytest.MonkeyPatch) -> None:
    starts = {"autumn": {"month": 8, "day": 28}, "spring": {"month": 1, "day": 5}, "summer": {"month": 4, "day": 20}}
    monkeypatch.setattr(date_context, "RULEBOOK", _StubRulebook(term_starts=starts))
    (autumn,) = find_dates("autumn term 2024", TODAY)
    assert autumn.value is not None
    assert autumn.value.iso() == "2024-08"
    assert autumn.assumption == "I've taken 'autumn term 2024' as starting 28 August 2024."
    (summer,) = find_dates("summer term", date(2026, 4, 10))
    assert summer.value is not None
    assert summer.value.iso() == "2025-04"  # the 2026 summer term has not started on 10 April


def test_academic_year_start_is_read_from_the_rules_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(date_context, "RULEBOOK", _StubRulebook(academic_year_start={"month": 8, "day": 1}))
    (match,) = find_dates("2023/24", TODAY)
    assert match.value is not None
    assert match.value.iso() == "2023-08"
    assert match.assumption == "I've taken '2023/24' as starting 1 August 2023."


# --- answers ---------------------------------------------------------------------------------------------------


def test_answer_without_a_date() -> None:
    assert parse_date_answer("no idea, sorry", TODAY) is None
    assert parse_date_answer("", TODAY) is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("sept", "2026-09"),
        ("May", "2026-05"),
        ("jan.", "2026-01"),
        ("around March", "2026-03"),
        ("It was Dec", "2025-12"),
    ],
)
def test_a_lone_month_word_is_an_answer(text: str, iso: str) -> None:
    """Bare abbreviations and "May" are not dates inside a sentence, but are as the whole answer."""
    answer = parse_date_answer(text, TODAY)
    assert answer is not None
    assert answer.value is not None
    assert answer.value.iso() == iso
    assert answer.assumption is not None


def test_agreeing_dates_give_the_most_precise() -> None:
    answer = parse_date_answer("Sept 2023, so about 3 years ago", TODAY)
    assert answer is not None
    assert answer.text == "Sept 2023"
    assert answer.value is not None
    assert answer.value.iso() == "2023-09"


def test_disagreeing_dates_are_not_guessed_between() -> None:
    answer = parse_date_answer("01/09/2009 or maybe 2/9/2009", TODAY)
    assert answer is not None
    assert answer.value is None
    assert answer.error is not None
    assert "'01/09/2009' and '2/9/2009'" in answer.error


def test_an_impossible_date_in_an_answer_is_explained() -> None:
    answer = parse_date_answer("I think 30/02/2024", TODAY)
    assert answer is not None
    assert answer.value is None
    assert answer.error == "30 February 2024 isn't a real date: February 2024 has 29 days."


# --- properties of every match -----------------------------------------------------------------------------------


def test_every_match_has_a_value_or_an_error_and_its_own_text() -> None:
    for row in ROWS:
        for match in find_dates(row["text"], _today(row)):
            assert (match.value is None) != (match.error is None)
            assert row["text"][match.start : match.end] == match.text


def test_matches_are_frozen() -> None:
    (match,) = find_dates("2019", TODAY)
    assert isinstance(match, DateMatch)
    with pytest.raises(dataclasses.FrozenInstanceError):
        match.text = "2020"  # type: ignore[misc]


def test_today_decides_relative_dates() -> None:
    """Resolved against the `today` passed in, never the clock."""
    assert find_dates("last year", date(2030, 6, 1))[0].value.iso() == "2029"  # type: ignore[union-attr]
    assert find_dates("last year", date(2025, 6, 1))[0].value.iso() == "2024"  # type: ignore[union-attr]
