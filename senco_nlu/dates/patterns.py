"""Where dates may be: spaCy `Matcher` token patterns over the shared text layer's norms, one kind per shape of
date ("6/1/25", "Sept 2023", "spring term 2024", "18 months ago"...), and the filters that turn a match down when
its neighbours say it is not a date after all ("Year 6 September", "2000 pupils", "the summer holidays", "£2019").

Each kind has one resolver (`resolvers.py`, `relative.py`); `finder.py` runs the matcher and keeps the longest
candidates that resolve.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span, Token

from ..normalise import BARE_MONTH_NORMS, MONTH_NORMS, MONTH_OF_NORM
from .vocabulary import (
    AFTER_MONTH_WORDS,
    COUNT_NOUNS,
    DAY_BLOCKERS,
    DETERMINERS,
    HOLIDAY_WORDS,
    MONTH_ANCHORS,
    NOT_PLURALS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    ORDINALS,
    QUALIFIERS,
    RELATIVE,
    TENS,
    YEAR_BLOCKERS,
)

__all__ = ["KIND_ORDER", "PATTERNS", "embedded_in_number", "plausible", "trimmed"]

Pattern = list[dict[str, Any]]


def _build_patterns() -> dict[str, list[Pattern]]:
    # ASCII digits by SHAPE and LENGTH (cheap lexeme attributes; SHAPE alone writes "12345" as "dddd").
    day = {"SHAPE": {"IN": ["d", "dd"]}, "IS_ASCII": True}
    digits2 = {"SHAPE": "dd", "IS_ASCII": True}
    digits4 = {"SHAPE": "dddd", "LENGTH": 4, "IS_ASCII": True}
    year = {"SHAPE": {"IN": ["dd", "dddd"]}, "LENGTH": {"IN": [2, 4]}, "IS_ASCII": True}
    num_sep = {"ORTH": {"IN": ["/", "-", ".", "–"]}}
    pair_sep = {"ORTH": {"IN": ["/", "-", "–", "—"]}}
    range_word = {"LOWER": {"IN": ["to", "/", "-", "–", "—"]}}
    opt_word_sep = {"ORTH": {"IN": ["-", "/", ".", ","]}, "OP": "?"}
    opt_comma = {"ORTH": ",", "OP": "?"}
    ordinal = {"LOWER": {"IN": ORDINALS}}
    opt_ordinal = ordinal | {"OP": "?"}
    opt_of = {"LOWER": "of", "OP": "?"}
    opt_the = {"LOWER": "the", "OP": "?"}
    apostrophe = {"NORM": "'"}
    opt_apostrophe = apostrophe | {"OP": "?"}
    month = {"NORM": {"IN": MONTH_NORMS}}
    bare_month = {"NORM": {"IN": BARE_MONTH_NORMS}}
    relative = {"LOWER": {"IN": sorted(RELATIVE)}}
    term = {"NORM": {"IN": ["autumn", "spring", "summer"]}}
    term_word = {"LOWER": {"IN": ["term", "terms", "cohort", "intake"]}}
    opt_term_word = term_word | {"OP": "?"}
    academic = {"NORM": {"IN": ["academic", "school"]}}
    year_word = {"LOWER": "year"}
    of = {"LOWER": "of"}
    ordinal_word = {"LOWER": {"IN": sorted(ORDINAL_WORDS)}}
    tens = {"LOWER": {"IN": sorted(TENS)}}
    unit_ordinal = {"LOWER": {"IN": [word for word, value in ORDINAL_WORDS.items() if value < 10]}}
    opt_hyphen = {"ORTH": "-", "OP": "?"}
    count = {"LOWER": {"IN": sorted(NUMBER_WORDS)}}
    count_digits = {"SHAPE": {"IN": ["d", "dd", "ddd"]}, "IS_ASCII": True}
    unit = {"LOWER": {"IN": ["month", "months", "year", "years", "yr", "yrs"]}}
    ago = {"LOWER": "ago"}
    opt_ago = ago | {"OP": "?"}
    years = {"LOWER": {"IN": ["year", "years", "yr", "yrs"]}}
    number = [count, count_digits]  # a count in words or in digits, as alternative patterns
    bracket_open, bracket_close = {"ORTH": "("}, {"ORTH": ")"}
    term_anchor = {"LOWER": {"IN": ["for", "in", "from", "since", "onto", "on", "until", "after"]}}
    half_name = {"NORM": {"IN": [*MONTH_NORMS, "autumn", "spring", "summer", "whitsun", "whit"]}, "OP": "?"}
    counting = {
        "before_last": [[{"LOWER": "the"}, month, {"LOWER": "before"}, {"LOWER": "last"}]],
        "months_ago": [[n, month, ago] for n in number],
        "years_before_last_month": [[n, years, opt_ago, {"LOWER": "last"}, month] for n in number],
        "years_this_month": [[n, years, opt_ago, {"LOWER": "this"}, {"LOWER": "month"}] for n in number],
        "years_ago_this_named": [[n, years, ago, {"LOWER": "this"}, month] for n in number],
        "easter": [
            [relative | {"OP": "?"}, {"LOWER": "easter"}],
            [{"LOWER": "easter"}, opt_word_sep, opt_apostrophe, year],
        ],
        "half_term": [
            [half_name, {"LOWER": "half"}, opt_hyphen, {"LOWER": "term"}],
            [half_name, {"LOWER": {"IN": ["halfterm", "half-term"]}}],
        ],
        "year_bracket_month": [[digits4, bracket_open, opt_the, month, bracket_close]],
        "year_bracket_term": [[digits4, bracket_open, opt_the, term, opt_term_word]],
        "term_rel_year": [[term, opt_term_word, opt_of, relative, year_word]],
        "day_month_rel_year": [[day, opt_ordinal, opt_of, month, relative, year_word]],
        "rel_week": [[relative, {"LOWER": {"IN": ["week", "fortnight"]}}]],
        "month_cohort": [[month, {"LOWER": {"IN": ["cohort", "intake"]}}]],
        "anchored_term": [[term_anchor, opt_the, term]],
    }
    return counting | {
        "numeric": [[day, num_sep, day, num_sep, year]],
        "numeric_my": [[day, num_sep, digits4]],  # "09/2009"
        "numeric_my2": [[day, {"ORTH": "/"}, digits2]],  # "02/25": February 2025, when 25 cannot be a month
        "iso": [[digits4, num_sep, day, num_sep, day]],
        "year_pair": [[digits4, pair_sep, year]],
        "dmy": [[day, opt_ordinal, opt_word_sep, opt_of, month, opt_word_sep, opt_apostrophe, year]],
        "mdy": [
            [month, opt_word_sep, opt_the, day, opt_ordinal, opt_comma, digits4],
            [month, opt_word_sep, opt_the, day, opt_ordinal, opt_comma, apostrophe, digits2],
        ],
        "dm": [[day, opt_ordinal, opt_of, month]],
        # Word ordinals only with "of" ("the first of September 2009"): "my first September" is not a day.
        "word_dmy": [
            [ordinal_word, of, month, opt_word_sep, opt_apostrophe, year],
            [tens, opt_hyphen, unit_ordinal, of, month, opt_word_sep, opt_apostrophe, year],
        ],
        "word_dm": [[ordinal_word, of, month], [tens, opt_hyphen, unit_ordinal, of, month]],
        "md": [[month, opt_the, day, ordinal]],
        "my": [[month, opt_word_sep, opt_of, opt_apostrophe, year]],
        "month_rel_year": [[month, opt_of, relative, year_word]],
        "rel_month": [[relative, month]],
        "month": [[bare_month]],
        "anchored_month": [[{"LOWER": {"IN": MONTH_ANCHORS}}, {"ORTH": "-", "OP": "?"}, month]],
        "year": [[digits4]],
        "apos_year": [[apostrophe, digits2]],
        "rel_year": [[relative, year_word]],
        "year_before_last": [[{"LOWER": "the"}, year_word, {"LOWER": "before"}, {"LOWER": "last"}]],
        "ago": [[count, unit, ago], [count_digits, unit, ago]],
        "rel_month_word": [[relative, {"LOWER": "month"}]],
        "rel_term": [[relative, {"LOWER": "term"}]],
        "term_year": [[term, opt_term_word, opt_of, opt_comma, opt_apostrophe, year]],
        "term_ay": [[term, opt_term_word, opt_of, opt_the, digits4, pair_sep, year]],
        "term_half": [
            [term, opt_term_word, {"ORTH": {"IN": ["1", "2"]}}],
            [term, opt_term_word, {"ORTH": {"IN": ["1", "2"]}}, opt_comma, opt_apostrophe, year],
        ],
        "term_bare": [[term, term_word]],
        "term_rel": [[relative, term, opt_term_word]],
        "ay": [[academic, year_word, opt_of, opt_the, digits4, range_word, year]],
        "ay_after": [[digits4, range_word, year, academic, year_word]],
        "ay_rel": [[relative, academic, year_word]],
    }


PATTERNS = _build_patterns()
KIND_ORDER = {kind: index for index, kind in enumerate(PATTERNS)}
_RELATIVE_KINDS = {"rel_month", "rel_year", "rel_month_word", "rel_term", "term_rel", "ay_rel"}
_TERM_KINDS = {"term_year", "term_ay", "term_half", "term_bare", "term_rel", "rel_term", "anchored_term"}
_NAMED_KINDS = {"my", "term_year", "dmy", "mdy", "word_dmy", "easter"}
_ENDS_IN_NUMBER = {
    "year", "apos_year", "my", "term_year", "dmy", "mdy", "word_dmy", "numeric", "numeric_my", "iso", "year_pair",
}  # fmt: skip


def _is_count_noun(token: Token) -> bool:
    """A word after a number that makes it a quantity ("2000 pupils", "September 12 teachers")."""
    word = token.lower_
    if word in COUNT_NOUNS:
        return True
    return (
        token.is_alpha
        and token.is_lower
        and len(word) > 3
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is"))
        and word not in NOT_PLURALS
    )


_PHONE_CHARS = frozenset("0123456789 +()-")


def embedded_in_number(text: str, start: int, end: int) -> bool:
    """Part of a longer number, code or amount: "2019.5", "2019-2022", "Y2019", "2010s", "£2019", phone numbers."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before.isalnum() or after.isalnum() or before in "£$€#+":
        return True
    if before in "./-:,'" and start > 1 and text[start - 2].isdigit():
        return True
    if after in "./-:,'" and end + 1 < len(text) and text[end + 1].isdigit():
        return True
    context_digits = 0
    for index, step in ((start - 1, -1), (end, 1)):
        while 0 <= index < len(text) and text[index] in _PHONE_CHARS:
            context_digits += text[index].isdigit()
            index += step
    return context_digits >= 5


def trimmed(kind: str, span: Span) -> Span:
    """The date words of a match: "in Jan" is reported as "Jan" (the cue word stays outside, for `roles.py`)."""
    if kind == "anchored_term":
        return span.doc[span.end - 1 : span.end]
    if kind == "anchored_month":
        first = next(token.i for token in span if MONTH_OF_NORM.get(token.norm_) is not None)
        return span.doc[first : span.end]
    return span


def plausible(kind: str, span: Span) -> bool:
    doc = span.doc
    previous = doc[span.start - 1] if span.start > 0 else None
    following = doc[span.end] if span.end < len(doc) else None
    before = previous.lower_ if previous is not None else ""
    if kind in _RELATIVE_KINDS and before in DETERMINERS and RELATIVE[span[0].lower_] != 0:
        return False
    if kind in ("rel_year", "ay_rel") and following is not None and following.is_digit and len(following) <= 2:
        return False  # "this year 6 class"
    if kind == "ago" and before in QUALIFIERS:
        return False
    if kind in ("dmy", "dm") and before in DAY_BLOCKERS:
        return False  # "Year 6 September 2024"
    named_date = kind in _NAMED_KINDS and following is not None and following.lower_ == "per"  # "spring 2025 per..."
    if kind in _ENDS_IN_NUMBER and following is not None and _is_count_noun(following) and not named_date:
        return False  # "2000 pupils", "September 12 teachers"
    if kind in ("year", "apos_year") and before in YEAR_BLOCKERS:
        return False
    if kind in _TERM_KINDS and following is not None and following.lower_ in HOLIDAY_WORDS:
        return False  # "the summer holidays" are not the summer term
    if kind == "month" and span[0].text == "march":
        return False  # "we march on"; "in march", "march 2021" and a bare answer "march" still count
    last = span[-1]
    if last.text in ("may", "march") and following is not None and following.is_alpha:
        return following.lower_ in AFTER_MONTH_WORDS  # "this may be", "we march on" are not months
    return True
