"""Dates given relative to today: "last September", "this term", "two years ago", "18 months ago", "the year before
last", "next academic year". Each resolves against `today` and states how it was read, because the person may
have meant another year and must be able to see which one was taken.
"""

from __future__ import annotations

from spacy.tokens import Span

from rules_engine.dates import MIN_YEAR, PartialDate, add_months

from ..normalise import month_name
from .context import Context, Reading, first_month, label, term_name
from .vocabulary import NUMBER_WORDS, RELATIVE


def resolve_month_rel_year(ctx: Context, span: Span) -> Reading:
    month = first_month(span)
    year = ctx.today.year + RELATIVE[span[-2].lower_]
    return Reading(PartialDate(year, month), assumption=f"I've taken '{label(span)}' as {month_name(month)} {year}.")


def resolve_rel_month(ctx: Context, span: Span) -> Reading:
    month, shift, today = first_month(span), RELATIVE[span[0].lower_], ctx.today
    if shift < 0:
        year = today.year if month < today.month else today.year - 1
    elif shift > 0:
        year = today.year if month > today.month else today.year + 1
    else:
        year = today.year
    return Reading(PartialDate(year, month), assumption=f"I've taken '{label(span)}' as {month_name(month)} {year}.")


def resolve_rel_year(ctx: Context, span: Span) -> Reading:
    year = ctx.today.year + RELATIVE[span[0].lower_]
    return Reading(PartialDate(year), assumption=f"I've taken '{label(span)}' as {year}.")


def resolve_year_before_last(ctx: Context, span: Span) -> Reading:
    year = ctx.today.year - 2
    return Reading(PartialDate(year), assumption=f"I've taken '{label(span)}' as {year}.")


def resolve_ago(ctx: Context, span: Span) -> Reading | None:
    amount_token, unit = span[0], span[1].lower_
    amount = int(amount_token.text) if amount_token.is_digit else NUMBER_WORDS[amount_token.lower_]
    if amount_token.lower_ in ("a", "an") and unit.endswith("s"):
        return None  # "a years ago" is not English enough to trust
    if unit.startswith("y"):
        year = ctx.today.year - amount
        if year < MIN_YEAR:
            return None
        return Reading(PartialDate(year), assumption=f"I've taken '{label(span)}' as {year}.")
    if amount > 12 * 100:
        return None
    then = add_months(ctx.today, -amount)
    note = f"I've taken '{label(span)}' as {month_name(then.month)} {then.year}."
    return Reading(PartialDate(then.year, then.month), assumption=note)


def resolve_rel_month_word(ctx: Context, span: Span) -> Reading:
    then = add_months(ctx.today, RELATIVE[span[0].lower_])
    note = f"I've taken '{label(span)}' as {month_name(then.month)} {then.year}."
    return Reading(PartialDate(then.year, then.month), assumption=note)


def resolve_rel_term(ctx: Context, span: Span) -> Reading:
    """The term that started most recently ("this term"), or the one before or after it ("last"/"next")."""
    terms = ctx.term_starts_around()
    current = max(index for index, (start, _) in enumerate(terms) if start <= ctx.today)
    start, name = terms[current + RELATIVE[span[0].lower_]]
    return ctx.term_reading(label(span), start, name, explicit=False)


def resolve_term_rel(ctx: Context, span: Span) -> Reading:
    name, shift = term_name(span), RELATIVE[span[0].lower_]
    terms = ctx.term_starts_around()
    if shift == 0:
        start = ctx.term_start(name, ctx.today.year)
    elif shift > 0:
        start = min(s for s, term in terms if term == name and s > ctx.today)
    else:
        current = max(s for s, _ in terms if s <= ctx.today)
        start = max(s for s, term in terms if term == name and s < current)
    return ctx.term_reading(label(span), start, name, explicit=False)


def resolve_ay_rel(ctx: Context, span: Span) -> Reading:
    return ctx.academic_year(label(span), ctx.current_academic_year() + RELATIVE[span[0].lower_], relative=True)
