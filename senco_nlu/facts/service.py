"""Earlier SENCO service (the contract's `prior_senco_service_over_12_months`).

Durations of earlier SENCO posts are added up (more than 12 months -> true, at most 12 -> false, "about a year"
-> no fact) and beat a phrase such as "first SENCO job" (false). Service at a setting the law does not clearly
cover (special, independent, PRU...) does not count, so it gives no fact: the assistant asks the precise question.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import NamedTuple

from rules_engine.rules_data import SETTINGS

from ..reading import Reading, starts_with
from .base import FactMatch, fact

__all__ = ["COVERED_SETTINGS", "PRIOR", "Duration", "durations", "read_prior_service"]

PRIOR = "prior_senco_service_over_12_months"
# Earlier SENCO service counts only at settings the law covers (senco-rules.md section 3).
COVERED_SETTINGS = frozenset(value for value, setting in SETTINGS.items() if setting.statutory is True)
_YEAR = re.compile(r"^(?:19[89]\d|20[0-4]\d)$")
_SHORT_YEAR = re.compile(r"^\d\d$")


class Duration(NamedTuple):
    """A stretch of time in the message, as a range in months, and whether a word ties it to service."""

    start: int
    end: int
    low: float
    high: float
    introduced: bool
    exact_unit: bool = True  # False for a unit of no fixed length ("2 terms")


def read_prior_service(r: Reading) -> FactMatch | None:
    durations, uncounted = _service_durations(r)
    if durations or uncounted:
        low, high = sum(d.low for d in durations), sum(d.high for d in durations)
        if low > 12:
            return fact(r, PRIOR, True, durations[0].start, durations[-1].end)
        if high <= 12 and not uncounted:
            return fact(r, PRIOR, False, durations[0].start, durations[-1].end)
        # "about a year", or service elsewhere that may or may not count ("9 months at an academy, then 2 years at
        # an independent school", "acting SENCO for a term"): the assistant asks
        return None
    for group in ("prior_false", "prior_false_weak"):
        for hit in reversed(r.hits.get(group, [])):
            if r.negated(hit.start) or r.hypothetical(hit.start):
                continue
            if group == "prior_false_weak" and not any(r.self_label(k) or r.norms[k] == "@senco" for k in range(r.n)):
                continue
            return fact(r, PRIOR, False, hit.start, hit.end)
    return None


def _service_durations(r: Reading) -> tuple[list[Duration], bool]:
    """Durations of earlier SENCO posts at settings the law covers (all of them in answer mode: the question gave
    the context), and whether other earlier service was named that does not count or may not: at a setting the law
    does not cover or outside England, or as acting SENCO."""
    r.service_clauses = set()
    found = durations(r)
    if r.answer_mode:
        return found, False
    kept, uncounted = [], False
    for duration in found:
        c = _service_clause(r, duration.start)
        if c is None or not duration.introduced or _deputy(r, c):
            continue
        r.service_clauses.add(c)
        if _acting(r, c):
            r.acting_service = True
        if _uncovered_setting(r, c) or _acting(r, c):
            uncounted = True
        else:
            kept.append(duration)
    return kept, uncounted


def _senco_units(r: Reading, c: int) -> list[int]:
    return [k for k in range(r.n) if r.clause[k] == c and r.norms[k] == "@senco"]


def _deputy(r: Reading, c: int) -> bool:
    """ "I was deputy SENCO for three years": not SENCO service."""
    units = _senco_units(r, c)
    return bool(units) and all(k > 0 and r.norms[k - 1] in r.lex.words["not_the_senco"] for k in units)


def _acting(r: Reading, c: int) -> bool:
    """ "I was acting SENCO for a term": service whose counting is unclear."""
    return any(k > 0 and r.norms[k - 1] in ("acting", "interim", "temporary", "covering") for k in _senco_units(r, c))


def _service_clause(r: Reading, i: int) -> int | None:
    """The clause a duration at unit i describes, if it is about an earlier SENCO post."""
    c = r.clause[i]
    start = r.clause_start[c]
    members = [k for k in range(r.n) if r.clause[k] == c]
    if r.norms[start] in ("then", "and", "before", "after") and _after_service(r, c):
        return c  # "SENCO at an academy for 7 months, then at another academy for 8 months"
    if not any(r.norms[k] == "@senco" for k in members):
        # "I was SENCO at my last school, for about 3 years": a "for" clause carries on the one before.
        if c == 0 or r.norms[start] != "for" or r.sentence[r.clause_start[c - 1]] != r.sentence[start]:
            return None
        c -= 1
        if c in r.attached:  # "...at my last school (an academy) for 2 years": skip the bracket
            c = r.clause[r.attached[c]]
        members = [k for k in range(r.n) if r.clause[k] == c]
        if not any(r.norms[k] == "@senco" for k in members):
            return None
    if any(r.clause[hit.start] == c for hit in r.hits.get("current_marker", ())):
        return None
    groups = ("previous_marker", "previous_place", "previous_post_marker", "past_service_marker")
    if c in r.previous_clauses or any(r.clause[hit.start] == c for g in groups for hit in r.hits.get(g, ())):
        return c
    return None


def _after_service(r: Reading, c: int) -> bool:
    """Is the clause before c (skipping a bare "and") about earlier service, in the same sentence?"""
    for earlier in (c - 1, c - 2):
        if earlier in r.service_clauses:
            return r.sentence[r.clause_start[earlier]] == r.sentence[r.clause_start[c]]
        members = [r.norms[k] for k in range(r.n) if r.clause[k] == earlier]
        if members and set(members) - {"and", ","}:
            return False
    return False


def _uncovered_setting(r: Reading, c: int) -> bool:
    """Earlier service counts only at settings the law covers: not a special or independent school, nor a
    PRU or AP academy, where the law is unclear (so such service gives no fact rather than a guess)."""
    described = {c} | ({r.clause[r.attached[c]]} if c in r.attached else set())  # "Perth, where I was..."
    if c > 0 and any(r.norms[k] == "there" for k in range(r.n) if r.clause[k] == c):
        described |= {c - 1, c - 2}  # "joined us from a special school - she was SENCO there for six years"
    return any(
        described & _described_clauses(r, i)
        and (
            (term.kind == "setting" and term.value not in COVERED_SETTINGS)
            or (term.kind == "place" and "england" not in (term.value or "").split("|"))
        )
        for i, term in r.terms.items()
    )


def _described_clauses(r: Reading, i: int) -> set[int]:
    """The clause of unit i and, for a bracket or "which" clause, the clause it describes."""
    c = r.clause[i]
    anchor = r.attached.get(c)
    return {c} if anchor is None else {c, r.clause[anchor]}


def durations(r: Reading) -> list[Duration]:
    """Every duration in the message ("for 2 years", "over a year", "18 months", "2018-2021")."""
    out: list[Duration] = []
    i = 0
    while i < r.n:
        norm = r.norms[i]
        if not (r.units[i].number or norm in r.lex.numbers or norm in r.lex.months):
            i += 1
            continue
        found = _year_span(r, i) or _amount(r, i)
        if found is None:
            i += 1
        else:
            out.append(found)
            i = found.end
    return out


def _range_at(
    r: Reading, i: int, table: Mapping[str, list[tuple[tuple[str, ...], float, float]]]
) -> tuple[int, float, float] | None:
    """(units used, low, high) of the longest phrase of `table` at unit i."""
    for phrase, low, high in table.get(r.norms[i], ()):
        if starts_with(r.norms, i, phrase):
            return len(phrase), low, high
    return None


def _number(r: Reading, i: int) -> tuple[int, float, float] | None:
    """(units used, low, high) for a number at unit i: digits, words, or a range such as "2-3"."""
    if r.norms[i] in r.lex.numbers:
        return _range_at(r, i, r.lex.numbers)
    try:
        value = float(r.units[i].text.replace(",", ""))
    except ValueError:
        return _range_at(r, i, r.lex.numbers)
    if i + 2 < r.n and r.norms[i + 1] in ("-", "to", "or"):
        try:
            upper = float(r.units[i + 2].text)
        except ValueError:
            return 1, value, value
        return 3, min(value, upper), max(value, upper)
    return 1, value, value


def _amount(r: Reading, i: int) -> Duration | None:
    number = _number(r, i)
    if number is None:
        return None
    used, low, high = number
    j = i + used
    half = ("and", "a", "half")
    if starts_with(r.norms, j, half):
        low, high, j = low + 0.5, high + 0.5, j + 3
    unit = _range_at(r, j, r.lex.units) if j < r.n else None
    if unit is None:
        return None
    used, unit_low, unit_high = unit
    exact_unit = unit_low == unit_high
    low, high, j = low * unit_low, high * unit_high, j + used
    if starts_with(r.norms, j, half):
        low, high, j = low + unit_low / 2, high + unit_high / 2, j + 3
    start, kind = i, "exact"
    for phrase, modifier in r.lex.modifiers:
        if i >= len(phrase) and starts_with(r.norms, i - len(phrase), phrase):
            start, kind = i - len(phrase), modifier
            break
    for tail in (("or", "so"), ("ish",)):
        if starts_with(r.norms, j, tail):
            kind, j = "approx", j + len(tail)
    before = r.norms[start - 1] if start > 0 else ""
    if before in r.lex.duration_excluded_before:
        return None
    if any(starts_with(r.norms, j, phrase) for phrase in r.lex.duration_excluded_after):
        return None
    introduced = any(starts_with(r.norms, j, phrase) for phrase in r.lex.duration_after) or (
        before in r.lex.duration_before and not (start > 1 and r.norms[start - 2] in r.lex.duration_activity)
    )
    low, high = _modified(low, high, kind)
    return Duration(start, j, low, high, introduced, exact_unit)


def _year_span(r: Reading, i: int) -> Duration | None:
    """A span of years as a range of months: "2018-2021", "from Sept 2019 to July 2020", "between 2018 and 21"."""
    norms, units, months = r.norms, r.units, r.lex.months
    first_month = months.get(norms[i])
    y = i + 1 if first_month else i
    if y + 2 >= r.n or not _YEAR.match(units[y].text) or norms[y + 1] not in r.lex.span_joiners:
        return None
    k = y + 2
    second_month = months.get(norms[k])
    k += 1 if second_month else 0
    if k >= r.n:
        return None
    if _YEAR.match(units[k].text):
        second = int(units[k].text)
    elif _SHORT_YEAR.match(units[k].text) and not second_month:
        second = 2000 + int(units[k].text)
    else:
        return None
    first = int(units[y].text)
    if second < first:
        return None
    if first_month and second_month:
        span = (second * 12 + second_month) - (first * 12 + first_month)
        low, high = max(0.0, span - 1.0), span + 1.0
    else:
        low, high = max(0.0, 12.0 * (second - first) - 11), 12.0 * (second - first) + 11
    start = i - 1 if i > 0 and norms[i - 1] in ("from", "between") else i
    return Duration(start, k + 1, low, high, True)


def _modified(low: float, high: float, kind: str) -> tuple[float, float]:
    """Apply "over", "nearly", "about"... to a duration range in months."""
    if kind == "above":
        return high + 0.01, math.inf
    if kind == "near_above":  # "just over two years": a little more, not any amount more
        return low + 0.01, high * 1.25
    if kind == "at_least":
        return low, math.inf
    if kind == "below":
        return 0.0, max(0.0, low - 0.01)
    if kind == "near_below":
        return low * 0.75, max(0.0, low - 0.01)
    if kind == "approx":
        return low * 0.85, high * 1.15
    return low, high
