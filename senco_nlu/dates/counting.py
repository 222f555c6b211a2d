"""Dates that count back or forward in the ways teachers say them: "the September before last", "two Septembers
ago", "a year last September", "three years ago last January", "a year ago this month", "Easter 2025", "after feb
half term", "2021 (September)", "the spring term this year", "1 September this year".

Each is resolved whole, never shortened to the nearest month it contains ("three years ago last January" is January
2023, not January 2026), and stated back. Where the words allow two dates the reading is `unclear` and lists them:
"three years ago this January" said in November is January 2023 or January 2024, depending on which January is
"this" one; "after October half term" is October or November (half terms differ by local authority); "after half
term" with no term named cannot be listed at all. The assistant then asks.
"""

from __future__ import annotations

from datetime import date, timedelta

from spacy.tokens import Span

from rules_engine.dates import MAX_YEAR, MIN_YEAR, PartialDate

from ..normalise import MONTH_OF_NORM, month_name
from .context import Context, Reading, digits, first_month, label, term_name
from .vocabulary import NUMBER_WORDS, RELATIVE

__all__ = ["COUNTING_RESOLVERS"]

# The month a half term is over in ("after feb half term" is February); None where it could be either side.
_HALF_TERMS = {2: 2, 5: 6, 10: None}
_HALF_TERM_OF = {"spring": 2, "summer": 5, "autumn": 10, "whitsun": 5, "whit": 5}
_HALF_TERM_DAY = {2: 15, 5: 28, 10: 25}  # roughly when each half term falls, to tell a past one from a future one


def _count(span: Span) -> int | None:
    token = span[0]
    if token.is_digit:
        return int(token.text)
    return NUMBER_WORDS.get(token.lower_)


def _last_month(ctx: Context, month: int) -> int:
    """The year of the most recent `month` before the current month ("last September")."""
    return ctx.today.year if month < ctx.today.month else ctx.today.year - 1


def _month_reading(span: Span, year: int, month: int, how: str = "") -> Reading | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    note = f"I've taken '{label(span)}' as {month_name(month)} {year}{how}."
    return Reading(PartialDate(year, month), assumption=note)


def resolve_before_last(ctx: Context, span: Span) -> Reading | None:
    """ "the September before last": the September before last September."""
    month = first_month(span)
    return _month_reading(span, _last_month(ctx, month) - 1, month)


def resolve_months_ago(ctx: Context, span: Span) -> Reading | None:
    """ "two Septembers ago": last September was one September ago."""
    count = _count(span)
    if count is None or count < 1:
        return None
    month = first_month(span)
    return _month_reading(span, _last_month(ctx, month) - (count - 1), month)


def resolve_years_before_last_month(ctx: Context, span: Span) -> Reading | None:
    """ "a year last September", "three years ago last January": counted back from last September/January."""
    count = _count(span)
    if count is None:
        return None
    month = first_month(span)
    return _month_reading(span, _last_month(ctx, month) - count, month)


def resolve_years_this_month(ctx: Context, span: Span) -> Reading | None:
    """ "a year ago this month", "three years this month": this month, that many years back."""
    count = _count(span)
    if count is None:
        return None
    return _month_reading(span, ctx.today.year - count, ctx.today.month)


def resolve_years_ago_this_named(ctx: Context, span: Span) -> Reading | None:
    """ "three years ago this January": unless January is this month, "this January" may be this calendar year's or
    the nearest other one, so two dates are possible and the person is asked."""
    count = _count(span)
    if count is None:
        return None
    month, year = first_month(span), ctx.today.year
    if month == ctx.today.month:
        return _month_reading(span, year - count, month)
    other = year + 1 if month < ctx.today.month else year - 1
    choices = tuple(PartialDate(y - count, month) for y in sorted({year, other}) if MIN_YEAR <= y - count <= MAX_YEAR)
    return Reading(choices=choices, unclear=True) if choices else None


def resolve_easter(ctx: Context, span: Span) -> Reading | None:
    """Easter as the start of the summer term that follows it (a rule value)."""
    numbers = digits(span)
    if numbers:
        year = int(numbers[-1].text)
    else:
        shift = next((RELATIVE[token.lower_] for token in span if token.lower_ in RELATIVE), None)
        starts = [start for start, name in ctx.term_starts_around() if name == "summer"]
        if shift == 0:
            year = ctx.today.year
        elif shift == 1 or (shift is None and ctx.future(span)):
            year = min(start for start in starts if start > ctx.today).year
        else:
            year = max(start for start in starts if start <= ctx.today).year
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    start = ctx.term_start("summer", year)
    note = f"I've taken '{label(span)}' as the start of the summer term, {month_name(start.month)} {year}."
    return Reading(PartialDate(year, start.month), assumption=note)


def resolve_half_term(ctx: Context, span: Span) -> Reading | None:
    """ "after feb half term" is February; "October half term" October or November; no term named: unclear."""
    named = next((MONTH_OF_NORM[t.norm_] for t in span if t.norm_ in MONTH_OF_NORM), None)
    if named is None:
        named = next((_HALF_TERM_OF[t.norm_] for t in span if t.norm_ in _HALF_TERM_OF), None)
    if named not in _HALF_TERMS:
        return Reading(unclear=True)
    future = ctx.future(span)
    years = range(ctx.today.year - 2, ctx.today.year + 3)
    dates = [date(y, named, _HALF_TERM_DAY[named]) for y in years]
    year = (min(d for d in dates if d >= ctx.today) if future else max(d for d in dates if d <= ctx.today)).year
    after = _HALF_TERMS[named]
    if after is None:
        return Reading(choices=(PartialDate(year, named), PartialDate(year, named + 1)), unclear=True)
    return _month_reading(span, year, after, ", the month that half term falls in")


def resolve_year_bracket_month(ctx: Context, span: Span) -> Reading | None:
    """ "2021 (September)": the month in brackets makes the year more precise."""
    year = int(digits(span)[0].text)
    return _month_reading(span, year, first_month(span))


def resolve_year_bracket_term(ctx: Context, span: Span) -> Reading | None:
    """ "2024 (summer term I think)": the term of that year."""
    year = int(digits(span)[0].text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    name = term_name(span)
    return ctx.term_reading(label(span), ctx.term_start(name, year), name, explicit=True)


def resolve_term_rel_year(ctx: Context, span: Span) -> Reading | None:
    """ "the spring term this year", "the autumn term last year": that term of that calendar year."""
    shift = next(RELATIVE[token.lower_] for token in span if token.lower_ in RELATIVE)
    name = term_name(span)
    return ctx.term_reading(label(span), ctx.term_start(name, ctx.today.year + shift), name, explicit=True)


def resolve_day_month_rel_year(ctx: Context, span: Span) -> Reading | None:
    """ "1 September this year": the day, in that calendar year."""
    shift = next(RELATIVE[token.lower_] for token in span if token.lower_ in RELATIVE)
    day = int(digits(span)[0].text)
    return ctx.exact_day(label(span), ctx.today.year + shift, first_month(span), day, False)


def resolve_rel_week(ctx: Context, span: Span) -> Reading | None:
    """ "next week", "last week": the month that week falls in."""
    then = ctx.today + timedelta(days=7 * RELATIVE[span[0].lower_])
    return _month_reading(span, then.year, then.month)


def resolve_anchored_term(ctx: Context, span: Span) -> Reading | None:
    """ "booked for spring", "since the summer": the term, the coming one or the last one as the clause says."""
    name = term_name(span)
    starts = [start for start, term in ctx.term_starts_around() if term == name]
    future = ctx.future(span)
    start = min(s for s in starts if s >= ctx.today) if future else max(s for s in starts if s <= ctx.today)
    return ctx.term_reading(label(span), start, name, explicit=False)


def resolve_month_cohort(ctx: Context, span: Span) -> Reading | None:
    """ "the April cohort": April, the coming one or the last one as the clause says."""
    return ctx.month_without_year(span[:1], first_month(span))


COUNTING_RESOLVERS = {
    "month_cohort": resolve_month_cohort,
    "rel_week": resolve_rel_week,
    "anchored_term": resolve_anchored_term,
    "before_last": resolve_before_last,
    "months_ago": resolve_months_ago,
    "years_before_last_month": resolve_years_before_last_month,
    "years_this_month": resolve_years_this_month,
    "years_ago_this_named": resolve_years_ago_this_named,
    "easter": resolve_easter,
    "half_term": resolve_half_term,
    "year_bracket_month": resolve_year_bracket_month,
    "year_bracket_term": resolve_year_bracket_term,
    "term_rel_year": resolve_term_rel_year,
    "day_month_rel_year": resolve_day_month_rel_year,
}
