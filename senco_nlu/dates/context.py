"""What resolving a date needs: `today`, the law in force on it (term and academic-year starts are rule values),
the clause around the date (does it speak of the future?), and checked construction of exact days, months without
a year, terms and academic years. The resolvers (`resolvers.py`, `relative.py`) are small functions over these.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from rules_engine.dates import MAX_YEAR, MIN_YEAR, PartialDate, long_date
from rules_engine.parameters import Law
from rules_engine.rules_data import RULEBOOK

from ..normalise import MONTH_OF_NORM, month_name
from .vocabulary import (
    BACKWARD_WORDS,
    CLAUSE_BREAK_WORDS,
    FORWARD_WORDS,
    FUTURE_CUES,
    NOUN_CUES,
    ORDINALS,
    PAST_CUES,
)

POSTPONED = {"pushed", "postponed", "delayed", "deferred", "rescheduled"}
_SKIPPED = {"the", "early", "mid", "late", "in", "of", "end", "start", "beginning", "middle", "after", "about"}


@dataclass(frozen=True)
class Reading:
    """A resolved date (at the precision given), or the reason it cannot be used, or (`unclear`) a date the words
    leave open, with the readings they allow (`choices`, possibly none); and how it was read."""

    value: PartialDate | None = None
    error: str | None = None
    assumption: str | None = None
    choices: tuple[PartialDate, ...] = ()
    unclear: bool = False


def reported_end(span: Span) -> int:
    """End offset, leaving a sentence's full stop out of an abbreviation token ("... in Jan.")."""
    end = span.end_char
    last = span[-1]
    if last.text.endswith(".") and len(last.text) > 1 and month_of(last) is not None:
        after = span.doc.text[end : end + 1]
        if after in ("", " ", "\n"):
            end -= 1
    return end


def label(span: Span) -> str:
    """The text reported for a span (what assumptions and errors quote)."""
    return span.doc.text[span.start_char : reported_end(span)]


def month_of(token: Token) -> int | None:
    return MONTH_OF_NORM.get(token.norm_)


def expand_year(digits: str, today: date) -> int:
    """A four-digit year as is; two digits are 20yy unless that is over 5 years after today's year, then 19yy."""
    if len(digits) == 4:
        return int(digits)
    year = 2000 + int(digits)
    return year - 100 if year > today.year + 5 else year


def tight(tokens: Iterable[Token]) -> bool:
    """True when no token but the last is followed by whitespace ("6/1/25", not "6 / 1 / 25")."""
    items = list(tokens)
    return not any(token.whitespace_ for token in items[:-1])


class Context:
    """What resolving needs besides the span: the doc, `today` and the law in force on it (read only if needed)."""

    def __init__(self, doc: Doc, today: date) -> None:
        self.doc = doc
        self.today = today

    @cached_property
    def law(self) -> Law:
        return RULEBOOK.law_on(self.today)

    # --- clause cues -------------------------------------------------------------------------------------------

    def _clause_words(self, span: Span) -> list[Token]:
        """The tokens of the clause around `span`, outside it (stopping at punctuation and joining words)."""
        words: list[Token] = []
        for step, index in ((-1, span.start - 1), (1, span.end)):
            while 0 <= index < len(self.doc):
                token = self.doc[index]
                if (
                    token.is_space
                    or token.text in ",;.!?:()"
                    or token.lower_ in CLAUSE_BREAK_WORDS
                    or (len(token.text) > 1 and token.text.endswith("."))  # "in Jan. I will start..."
                ):
                    break
                words.append(token)
                index += step
        return words

    def future(self, span: Span) -> bool:
        """Whether the clause around `span` speaks of the future: "from" or "starting" right before the date looks
        forward and "since" back, whatever the verb ("I've been offered the job from January"); otherwise a
        future cue in the clause with no past-tense cue."""
        before = [token for token in self.doc[max(0, span.start - 3) : span.start] if token.lower_ not in _SKIPPED]
        if before and before[-1].lower_ in FORWARD_WORDS:
            return True
        if before and before[-1].lower_ in BACKWARD_WORDS:
            return False
        words = self._clause_words(span)
        if any(token.lower_ in POSTPONED for token in words):
            return True  # "it got pushed back to january": a date still to come
        if any(token.lower_ in PAST_CUES for token in words):
            return False
        for token in words:
            if token.lower_ not in FUTURE_CUES:
                continue
            previous = self.doc[token.i - 1].lower_ if token.i > 0 else ""
            if token.lower_ in NOUN_CUES and previous in {"the", "a", "this", "that", "its"}:
                continue
            return True
        return False

    # --- exact days ----------------------------------------------------------------------------------------------

    def exact_day(self, text: str, year: int, month: int, day: int, day_first: bool) -> Reading:
        """A date given to the day, checked: never rolled over, never guessed."""
        if not MIN_YEAR <= year <= MAX_YEAR:
            return Reading(error=f"{text} isn't a date I can use: the year {year} is outside {MIN_YEAR}-{MAX_YEAR}.")
        if not 1 <= month <= 12:
            message = f"{text} isn't a real date: there is no month {month}."
            if day_first and 1 <= day <= 12 and 13 <= month <= 31:
                message += f" I read dates day first (day/month/year): did you mean {month} {month_name(day)} {year}?"
            return Reading(error=message)
        name = month_name(month)
        if day < 1:
            return Reading(error=f"{text} isn't a real date: there is no day {day}.")
        last = calendar.monthrange(year, month)[1]
        if day > last:
            leap = f" ({year} isn't a leap year)" if month == 2 and day == 29 else ""
            return Reading(error=f"{day} {name} {year} isn't a real date: {name} {year} has {last} days{leap}.")
        note = None
        if day_first and day <= 12 and month <= 12 and day != month:
            note = f"I've taken '{text}' as {day} {name} {year} (day first)."
        return Reading(PartialDate(year, month, day), assumption=note)

    def day_without_year(self, span: Span, day: int, month: int) -> Reading:
        """A day and month without a year: the most recent not in the future, or after a future cue the next."""
        name = month_name(month)
        longest = 29 if month == 2 else calendar.monthrange(2001, month)[1]
        if not 1 <= day <= longest:
            reason = "February never has more than 29 days" if month == 2 else f"{name} has {longest} days"
            return Reading(error=f"{day} {name} isn't a real date: {reason}.")
        future = self.future(span)
        step = 1 if future else -1
        year = self.today.year
        for _ in range(9):  # 29 February recurs within 8 years
            if day <= calendar.monthrange(year, month)[1]:
                candidate = date(year, month, day)
                if (candidate >= self.today) if future else (candidate <= self.today):
                    break
            year += step
        return Reading(PartialDate(year, month, day), assumption=f"I've taken '{label(span)}' as {day} {name} {year}.")

    # --- months ------------------------------------------------------------------------------------------------

    def month_without_year(self, span: Span, month: int) -> Reading:
        """A month without a year: the most recent, this month counting, or after a future cue the first not past."""
        name = month_name(month)
        today = self.today
        if self.future(span):
            year = today.year if month >= today.month else today.year + 1
            return Reading(
                PartialDate(year, month), assumption=f"I've taken '{label(span)}' as {name} {year}, the next {name}."
            )
        year = today.year if month <= today.month else today.year - 1
        note = f"I've taken '{label(span)}' as {name} {year}, the most recent {name}."
        return Reading(PartialDate(year, month), assumption=note)

    # --- terms and academic years ---------------------------------------------------------------------------------

    def term_start(self, name: str, year: int) -> date:
        start = self.law.term_starts[name]
        return date(year, start["month"], start["day"])

    def term_starts_around(self) -> list[tuple[date, str]]:
        years = range(self.today.year - 2, self.today.year + 3)
        return sorted((self.term_start(name, year), name) for year in years for name in self.law.term_starts)

    def term_reading(self, text: str, start: date, name: str, explicit: bool) -> Reading:
        if explicit:
            note = f"I've taken '{text}' as starting {long_date(start)}."
        else:
            note = f"I've taken '{text}' as the {name} term {start.year}, starting {long_date(start)}."
        return Reading(PartialDate(start.year, start.month), assumption=note)

    def term_year_of(self, name: str, academic_start_year: int) -> int:
        """The calendar year of a term in the academic year starting in `academic_start_year`."""
        months = self.law.academic_year_start
        start = self.law.term_starts[name]
        return (
            academic_start_year
            if (start["month"], start["day"]) >= (months["month"], months["day"])
            else (academic_start_year + 1)
        )

    def academic_year(self, text: str, first_year: int, relative: bool = False) -> Reading:
        start_of = self.law.academic_year_start
        start = date(first_year, start_of["month"], start_of["day"])
        if relative:
            label = f"{first_year}/{(first_year + 1) % 100:02d}"
            note = f"I've taken '{text}' as the {label} academic year, starting {long_date(start)}."
        else:
            note = f"I've taken '{text}' as starting {long_date(start)}."
        return Reading(PartialDate(start.year, start.month), assumption=note)

    def current_academic_year(self) -> int:
        start = self.law.academic_year_start
        today = self.today
        return today.year if (today.month, today.day) >= (start["month"], start["day"]) else today.year - 1


def digits(span: Span) -> list[Token]:
    return [token for token in span if token.is_digit]


def first_month(span: Span) -> int:
    return next(m for m in (month_of(token) for token in span) if m is not None)


def apostrophe_ok(span: Span, year_token: Token) -> bool | None:
    """None when the year has no apostrophe; else whether it is written as one ("'23", not "' 23" or "'2023")."""
    if year_token.i == 0 or year_token.i - 1 < span.start or span.doc[year_token.i - 1].norm_ != "'":
        return None
    return not span.doc[year_token.i - 1].whitespace_ and len(year_token.text) == 2


def ordinal_ok(span: Span) -> bool:
    """An ordinal suffix must touch its number ("6th", not "6 th")."""
    return all(
        not span.doc[token.i - 1].whitespace_ and span.doc[token.i - 1].is_digit
        for token in span
        if token.lower_ in ORDINALS and token.i > 0
    )


def term_name(span: Span) -> str:
    """autumn, spring or summer: the term a span names."""
    return next(token.norm_ for token in span if token.norm_ in ("autumn", "spring", "summer"))
