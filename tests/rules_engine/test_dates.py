"""Partial dates and calendar arithmetic: the places a deadline could silently go wrong by a day."""

from __future__ import annotations

from datetime import date

import pytest

from rules_engine.dates import PartialDate, add_months, add_years, long_date, parse_partial_date
from rules_engine.errors import FactsError


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("2025", PartialDate(2025), "year"),
        ("2025-03", PartialDate(2025, 3), "month"),
        ("2025-03-10", PartialDate(2025, 3, 10), "day"),
        ("2024-02-29", PartialDate(2024, 2, 29), "day"),
    ],
)
def test_parses_each_precision(text: str, expected: PartialDate, precision: str) -> None:
    parsed = parse_partial_date(text, "appointment_date")
    assert parsed == expected
    assert parsed.precision == precision
    assert parsed.iso() == text


@pytest.mark.parametrize(
    "text",
    [
        "2023-02-29",
        "2024-02-30",
        "2024-04-31",
        "2024-13",
        "2024-00",
        "2024-01-00",
        "6/1/25",
        "25-01-06",
        "2024-1-5",
        " 2024",
        "2024-01-05T00:00",
        "",
        "1899",
        "2101",
        "２０２４",
    ],
)
def test_rejects_impossible_or_malformed_dates_naming_the_field(text: str) -> None:
    with pytest.raises(FactsError) as err:
        parse_partial_date(text, "npq_start_date")
    assert err.value.field == "npq_start_date"


@pytest.mark.parametrize("value", [2024, 2024.0, None, ["2024"], {"y": 2024}, True])
def test_rejects_non_strings(value: object) -> None:
    with pytest.raises(FactsError):
        parse_partial_date(value, "appointment_date")


def test_range_of_partial_dates() -> None:
    assert PartialDate(2024).earliest() == date(2024, 1, 1)
    assert PartialDate(2024).latest() == date(2024, 12, 31)
    assert PartialDate(2024, 2).latest() == date(2024, 2, 29)
    assert PartialDate(2023, 2).latest() == date(2023, 2, 28)
    assert PartialDate(2024, 2, 10).earliest() == PartialDate(2024, 2, 10).latest() == date(2024, 2, 10)


def test_anniversary_of_29_february_is_28_february() -> None:
    assert add_years(date(2024, 2, 29), 3) == date(2027, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2028, 3, 10), -22, date(2026, 5, 10)),
        (date(2027, 12, 31), -22, date(2026, 2, 28)),  # clamped back, never forward
        (date(2028, 1, 31), -23, date(2026, 2, 28)),
        (date(2026, 9, 4), -22, date(2024, 11, 4)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_long_date_has_no_leading_zero() -> None:
    assert long_date(date(2028, 1, 6)) == "6 January 2028"
