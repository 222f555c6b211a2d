"""Finding every date in a message and resolving it (see the package docstring for the rules), and reading the
one date a person typed in answer to "when did you...?".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from rules_engine.dates import MAX_YEAR, MIN_YEAR, PartialDate

from ..text import document, pipeline
from .context import Context, first_month, month_of, reported_end
from .patterns import KIND_ORDER, PATTERNS, embedded_in_number, plausible, trimmed
from .resolvers import RESOLVERS
from .vocabulary import ANSWER_FILLERS

__all__ = ["DateMatch", "find_dates", "parse_date_answer"]


@dataclass(frozen=True)
class DateMatch:
    """One date expression found in a message.

    `start`/`end` are character offsets into the text and `text` is `text[start:end]`. Exactly one of `value`,
    `error` and `unclear` is set: `value` at the precision the person actually gave; `error` in plain English when
    the expression is a date that cannot be used (an impossible day, a month 13); `unclear` when the words allow
    more than one date ("three years ago this January": January 2023 or 2024), with the readings in `choices`
    (none when they cannot be listed, as for "after half term"): the assistant asks, never picks one.
    `assumption` says, in plain English, how an expression that needed interpreting was read, so the assistant can
    repeat it and the person can correct it.
    """

    start: int
    end: int
    text: str
    value: PartialDate | None
    error: str | None = None
    assumption: str | None = None
    choices: tuple[PartialDate, ...] = ()
    unclear: bool = False


@lru_cache(maxsize=1)
def _matcher() -> tuple[Matcher, dict[int, str]]:
    """The date patterns compiled once, on the shared pipeline's vocabulary."""
    vocab = pipeline().vocab
    matcher = Matcher(vocab)
    for kind, patterns in PATTERNS.items():
        matcher.add(kind, patterns)
    return matcher, {vocab.strings[kind]: kind for kind in PATTERNS}


def candidates(doc: Doc) -> Iterable[tuple[str, Span]]:
    matcher, kinds = _matcher()
    for match_id, start, end in matcher(doc):
        yield kinds[match_id], doc[start:end]


def find_dates(text: str, today: date) -> list[DateMatch]:
    """Every date expression in `text`, in order, each resolved relative to `today` (see the module rules).

    Terms and academic years read `term_starts`/`academic_year_start` as in force on `today` (`RULEBOOK.law_on`), so
    a `today` on which the rules data has no law in force (before 1 September 2024) raises the rules engine's
    `ParameterOutOfRange` for them, as the engine itself would.

    Overlapping candidates are settled by the longest one that resolves ("6th Jan 25" beats "Jan 25"); a candidate
    that turns out not to be a date ("2019-2022", "September 12 teachers") drops out so a shorter reading can win.
    """
    if isinstance(today, datetime):
        today = today.date()  # a datetime would not compare with the dates built here
    doc = document(text)
    ctx = Context(doc, today)
    found: list[tuple[int, int, int, DateMatch]] = []
    seen: set[tuple[int, int, str]] = set()
    for kind, matched in candidates(doc):
        span = trimmed(kind, matched)
        key = (span.start, span.end, kind)
        if key in seen or not plausible(kind, span):
            continue
        seen.add(key)
        start, end = span.start_char, reported_end(span)
        if embedded_in_number(text, start, span.end_char):
            continue
        reading = RESOLVERS[kind](ctx, span)
        if reading is None or (reading.value is not None and not MIN_YEAR <= reading.value.year <= MAX_YEAR):
            continue  # not a date after all, or a relative date outside the years the engine accepts
        match = DateMatch(
            start,
            end,
            text[start:end],
            reading.value,
            reading.error,
            reading.assumption,
            reading.choices,
            reading.unclear,
        )
        found.append((end - start, start, KIND_ORDER[kind], match))
    chosen: list[DateMatch] = []
    for _, _, _, match in sorted(found, key=lambda item: (-item[0], item[1], item[2])):
        if all(match.end <= other.start or other.end <= match.start for other in chosen):
            chosen.append(match)
    return sorted(chosen, key=lambda match: match.start)


_PRECISION_RANK = {"year": 0, "month": 1, "day": 2}


def parse_date_answer(text: str, today: date) -> DateMatch | None:
    """The one date a person typed in answer to "when did you...?", or None when the answer holds no date.

    An impossible date wins (so it is explained, never skipped). Several dates that agree ("Sept 2023, about 3 years
    ago") give the most precise; dates that disagree give an error asking which one was meant, since picking one
    would be a guess. A lone month abbreviation or "May", which `find_dates` leaves alone inside a sentence ("Jan
    said", "I may"), counts when it is the whole answer.
    """
    matches = find_dates(text, today)
    if not matches:
        return _lone_month(text, today)
    for match in matches:
        if match.value is None:
            return match  # an impossible or unclear date is answered as such, never skipped
    best = max(matches, key=lambda match: _PRECISION_RANK[match.value.precision] if match.value else -1)
    assert best.value is not None
    if all(
        other.value is not None
        and other.value.earliest() <= best.value.earliest()
        and best.value.latest() <= other.value.latest()
        for other in matches
    ):
        return best
    quoted = " and ".join(f"'{match.text}'" for match in matches)
    start, end = matches[0].start, matches[-1].end
    error = f"I can see more than one date there ({quoted}): which one is the answer?"
    return DateMatch(start, end, text[start:end], None, error, None)


def _lone_month(text: str, today: date) -> DateMatch | None:
    doc = document(text)
    words = [token for token in doc if not (token.is_punct or token.is_space) and token.lower_ not in ANSWER_FILLERS]
    if len(words) != 1 or month_of(words[0]) is None:
        return None
    span = doc[words[0].i : words[0].i + 1]
    reading = Context(doc, today).month_without_year(span, first_month(span))
    end = reported_end(span)
    return DateMatch(span.start_char, end, text[span.start_char : end], reading.value, None, reading.assumption)
