"""Dates given outright: day/month/year in numbers or words, month and year, a year, a school term, an academic
year. Each resolver takes a matched span and returns a checked `Reading`, or None when the span turns out not to
be a date; `RESOLVERS` maps every pattern kind (`patterns.py`) to its resolver.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Span

from rules_engine.dates import MAX_YEAR, MIN_YEAR, PartialDate

from ..normalise import month_name
from . import relative
from .context import (
    Context,
    Reading,
    apostrophe_ok,
    digits,
    expand_year,
    first_month,
    label,
    ordinal_ok,
    term_name,
    tight,
)
from .counting import COUNTING_RESOLVERS
from .patterns import PATTERNS
from .vocabulary import ORDINAL_WORDS, TENS

__all__ = ["RESOLVERS"]


def _resolve_numeric(ctx: Context, span: Span) -> Reading | None:
    day, sep1, month, sep2, year = span
    if not tight(span) or sep1.text != sep2.text:
        return None
    return ctx.exact_day(label(span), expand_year(year.text, ctx.today), int(month.text), int(day.text), True)


def _resolve_iso(ctx: Context, span: Span) -> Reading | None:
    year, sep1, month, sep2, day = span
    if not tight(span) or sep1.text != sep2.text:
        return None
    return ctx.exact_day(label(span), int(year.text), int(month.text), int(day.text), False)


def _resolve_year_pair(ctx: Context, span: Span) -> Reading | None:
    first, sep, second = span
    if not tight(span):
        return None
    year, number = int(first.text), int(second.text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    if number == (year + 1 if len(second.text) == 4 else (year + 1) % 100):
        return ctx.academic_year(label(span), year)
    if sep.text == "-" and len(second.text) == 2 and 1 <= number <= 12:
        return Reading(PartialDate(year, number))  # ISO "2024-09"
    return None


def _day_and_month(span: Span) -> tuple[int, int] | None:
    """The day (in digits, or in words: "twenty-first") and month of a span that names both."""
    if not ordinal_ok(span):
        return None
    in_words = sum(ORDINAL_WORDS.get(token.lower_, 0) + TENS.get(token.lower_, 0) for token in span)
    day = in_words or int(digits(span)[0].text)  # in digits the day always comes before any year
    return day, first_month(span)


def _resolve_numeric_my(ctx: Context, span: Span) -> Reading | None:
    """Month/year in numbers ("09/2009"); anything but months 1-12 is not taken for a date."""
    month, _, year = span
    number = int(month.text)
    if not tight(span) or not 1 <= number <= 12 or not MIN_YEAR <= int(year.text) <= MAX_YEAR:
        return None
    return Reading(PartialDate(int(year.text), number))


def _resolve_numeric_my2(ctx: Context, span: Span) -> Reading | None:
    """ "02/25": month/two-digit year, only when the second number cannot be a month (else "6/11" is a day)."""
    month, _, year = span
    number, second = int(month.text), int(year.text)
    if not tight(span) or not 1 <= number <= 12 or second <= 12:
        return None
    value = expand_year(year.text, ctx.today)
    note = f"I've taken '{label(span)}' as {month_name(number)} {value}."
    return Reading(PartialDate(value, number), assumption=note)


def _resolve_dmy(ctx: Context, span: Span) -> Reading | None:
    parts = _day_and_month(span)
    year_token = digits(span)[-1]
    if parts is None or apostrophe_ok(span, year_token) is False:
        return None
    day, month = parts
    return ctx.exact_day(label(span), expand_year(year_token.text, ctx.today), month, day, False)


def _resolve_dm(ctx: Context, span: Span) -> Reading | None:
    parts = _day_and_month(span)
    return None if parts is None else ctx.day_without_year(span, *parts)


def _resolve_my(ctx: Context, span: Span) -> Reading | None:
    month = first_month(span)
    year_token = digits(span)[-1]
    apostrophe = apostrophe_ok(span, year_token)
    if apostrophe is False:
        return None
    name = month_name(month)
    if len(year_token.text) == 4:
        year = int(year_token.text)
        if not MIN_YEAR <= year <= MAX_YEAR:
            return Reading(
                error=f"{label(span)} isn't a date I can use: the year {year} is outside {MIN_YEAR}-{MAX_YEAR}."
            )
        return Reading(PartialDate(year, month))
    year = expand_year(year_token.text, ctx.today)
    if apostrophe:
        return Reading(PartialDate(year, month))
    number = int(year_token.text)
    if number == 0 or number > 31 or year <= ctx.today.year + 1:
        return Reading(PartialDate(year, month), assumption=f"I've taken '{label(span)}' as {name} {year}.")
    return ctx.day_without_year(span, number, month)


def _resolve_month(ctx: Context, span: Span) -> Reading:
    return ctx.month_without_year(span, first_month(span))


def _resolve_year(ctx: Context, span: Span) -> Reading | None:
    year = int(span[-1].text)
    return Reading(PartialDate(year)) if MIN_YEAR <= year <= MAX_YEAR else None


def _resolve_apos_year(ctx: Context, span: Span) -> Reading | None:
    if not apostrophe_ok(span, span[-1]):
        return None
    return Reading(PartialDate(expand_year(span[-1].text, ctx.today)))


def _resolve_term_year(ctx: Context, span: Span) -> Reading | None:
    year_token = digits(span)[-1]
    if apostrophe_ok(span, year_token) is False:
        return None
    year = expand_year(year_token.text, ctx.today)
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    return ctx.term_reading(label(span), ctx.term_start(term_name(span), year), term_name(span), explicit=True)


def _resolve_term_ay(ctx: Context, span: Span) -> Reading | None:
    first, _, second = span[-3:]
    if not tight(span[-3:]):
        return None
    year, number = int(first.text), int(second.text)
    if number != (year + 1 if len(second.text) == 4 else (year + 1) % 100) or not MIN_YEAR <= year < MAX_YEAR:
        return None
    name = term_name(span)
    return ctx.term_reading(label(span), ctx.term_start(name, ctx.term_year_of(name, year)), name, explicit=True)


def _resolve_term_half(ctx: Context, span: Span) -> Reading | None:
    half = next(token for token in span if token.text in ("1", "2"))
    if half.text == "2":
        return Reading(error=f"I can't tell which month '{label(span)}' starts in: which month was it?")
    if span[-1].i == half.i:
        return _resolve_term_bare(ctx, span)
    return _resolve_term_year(ctx, span)


def _resolve_term_bare(ctx: Context, span: Span) -> Reading:
    name = term_name(span)
    starts = [start for start, term in ctx.term_starts_around() if term == name]
    future = ctx.future(span)
    start = min(s for s in starts if s >= ctx.today) if future else max(s for s in starts if s <= ctx.today)
    return ctx.term_reading(label(span), start, name, explicit=False)


def _resolve_ay(ctx: Context, span: Span) -> Reading | None:
    numbers = [token for token in span if token.is_digit]
    first, second = numbers[0], numbers[1]
    year, number = int(first.text), int(second.text)
    if number != (year + 1 if len(second.text) == 4 else (year + 1) % 100) or not MIN_YEAR <= year < MAX_YEAR:
        return None
    return ctx.academic_year(label(span), year)


RESOLVERS: dict[str, Callable[[Context, Span], Reading | None]] = {
    **COUNTING_RESOLVERS,
    "numeric": _resolve_numeric,
    "numeric_my": _resolve_numeric_my,
    "numeric_my2": _resolve_numeric_my2,
    "iso": _resolve_iso,
    "year_pair": _resolve_year_pair,
    "dmy": _resolve_dmy,
    "mdy": _resolve_dmy,
    "dm": _resolve_dm,
    "word_dmy": _resolve_dmy,
    "word_dm": _resolve_dm,
    "md": _resolve_dm,
    "my": _resolve_my,
    "month_rel_year": relative.resolve_month_rel_year,
    "rel_month": relative.resolve_rel_month,
    "month": _resolve_month,
    "anchored_month": _resolve_month,
    "year": _resolve_year,
    "apos_year": _resolve_apos_year,
    "rel_year": relative.resolve_rel_year,
    "year_before_last": relative.resolve_year_before_last,
    "ago": relative.resolve_ago,
    "rel_month_word": relative.resolve_rel_month_word,
    "rel_term": relative.resolve_rel_term,
    "term_year": _resolve_term_year,
    "term_ay": _resolve_term_ay,
    "term_half": _resolve_term_half,
    "term_bare": _resolve_term_bare,
    "term_rel": relative.resolve_term_rel,
    "ay": _resolve_ay,
    "ay_after": _resolve_ay,
    "ay_rel": relative.resolve_ay_rel,
}
if set(RESOLVERS) != set(PATTERNS):
    raise RuntimeError("every date pattern kind needs a resolver")
