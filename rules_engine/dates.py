"""Dates known to the day, the month or only the year, and the calendar arithmetic the rules need.

Teachers often know only "March 2025" or "2019". Rather than guess a day, a date keeps its precision and
exposes the earliest and latest day it could be, so a rule can tell whether the date decides a threshold.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from .errors import FactsError

MIN_YEAR = 1900
MAX_YEAR = 2100
_DATE_RE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")  # ASCII digits only


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date whose month and day may be unknown (never a day without a month)."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        """`day`, `month` or `year`."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def earliest(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date:
        if self.month is None:
            return date(self.year, 12, 31)
        return date(self.year, self.month, self.day or calendar.monthrange(self.year, self.month)[1])

    def written(self) -> str:
        """'6 January 2025', 'January 2025' or '2025': how the date is said back, at the precision known."""
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{calendar.month_name[self.month]} {self.year}"
        return long_date(self.earliest())

    def iso(self) -> str:
        """The contract's string form, at the precision known."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def parse_partial_date(value: object, field: str) -> PartialDate:
    """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; anything else, or a day that does not exist, raises.

    Impossible dates (2024-02-30) are never rolled over to a nearby day: a wrong deadline is worse than
    a question.
    """
    if not isinstance(value, str):
        raise FactsError(field, "must be a date string: YYYY, YYYY-MM or YYYY-MM-DD")
    match = _DATE_RE.fullmatch(value)
    if match is None:
        raise FactsError(field, f"'{value}' is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise FactsError(field, f"the year {year} is outside {MIN_YEAR}-{MAX_YEAR}")
    if month is not None and not 1 <= month <= 12:
        raise FactsError(field, f"'{value}' has no month {month}")
    if day is not None and not 1 <= day <= calendar.monthrange(year, month or 1)[1]:
        raise FactsError(
            field, f"'{value}' is not a real date: {calendar.month_name[month or 1]} {year} has no day {day}"
        )
    return PartialDate(year, month, day)


def parse_iso_day(value: str, field: str) -> date:
    """A full `YYYY-MM-DD` date (used for `today`)."""
    parsed = parse_partial_date(value, field)
    if parsed.day is None:
        raise FactsError(field, f"'{value}' must be a full date YYYY-MM-DD")
    return parsed.earliest()


def add_months(day: date, months: int) -> date:
    """Shift by whole calendar months; a day missing in the target month becomes that month's last day.

    python-dateutil's `relativedelta` does exactly this. Clamping moves backwards (31 -> 28/29/30), so a "latest
    safe start" computed by subtracting months is never later than the truly safe day.
    """
    return day + relativedelta(months=months)


def add_years(day: date, years: int) -> date:
    """Anniversary: 29 February's anniversary in a non-leap year is 28 February (senco-rules.md section 3)."""
    return add_months(day, 12 * years)


def long_date(day: date) -> str:
    """'6 January 2028', the way the answer writes dates."""
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"
