"""Dates in what teachers type: find every date expression in a message and resolve it at the precision given.

Why this exists: the dates a teacher types decide legal deadlines (reg 49(4): the qualification is due by the third
anniversary of becoming SENCO), so a silently wrong date is the worst possible bug. This module therefore

* never invents a day or month that was not given: "September 2009" stays month precision (the rules engine then
  asks for the day), "2019" stays year precision;
* never rolls an impossible date over: "31/02/2024" is an error naming what is wrong, never 2 March;
* states, in plain English in `DateMatch.assumption`, every interpretation it had to choose;
* matches only what is clearly a date: "Year 6", "KS2", "2 SENCOs", "£1333", "3.30pm", phone numbers and
  durations such as "18 months" are not dates.

Finding uses a blank English spaCy pipeline built in code (no model download), whose tokenizer additionally splits
digits from letters and from date separators ("6/1/25" -> 6 / 1 / 25, "jan24" -> jan 24), a normaliser that maps
month, term and "academic" spellings (abbreviations and typos such as "septmber", "feburary") to one NORM each, and
`spacy.matcher.Matcher` token patterns. Resolving is plain Python, relative to the `today` passed in (the clock is
never read). Rule values come from the rules engine (`term_starts`, `academic_year_start`), never from here.

Resolution rules for the ambiguous cases:

- Numbers are read day first, English style: "6/1/25" is 6 January 2025. When both orders were possible the reading
  is stated ("(day first)"); "12/25/2024" is an error that says dates are read day first.
- Two-digit years are 20yy, unless that is more than 5 years after today's year, then 19yy ("6/1/95" is 1995).
  Two digits straight after a month name without an apostrophe ("Sept 23") are a year when that year is no later
  than next year or the number cannot be a day (00, 32-99), and otherwise a day: with today in 2026, "Sept 23" is
  September 2023 but "Sept 28" is 28 September 2026. Either reading is stated. "Sep '23" is always a year.
- "09/2009" is September 2009 (month precision). Days in words count only as "the first of September (2009)":
  "my first September" is not a day.
- A month (or a day and month) without a year is the most recent one not in the future, this month counting
  ("since Jan" on 22 November 2026 is January 2026). When its clause signals the future ("I start in Jan",
  "will", "going to", "starting", "due to") and nothing in the clause signals the past ("started", "since",
  "was", ...), it is the first one not in the past instead (January 2027). Both are stated.
- "this September" is September of today's calendar year; "last September" the most recent September before the
  current month; "next September" the first September after the current month. "September last year" is
  September of last year.
- School terms start on the days in `term_starts` and give month precision, with the day taken stated: "spring term
  2024" is 2024-01 ("I've taken 'spring term 2024' as starting 1 January 2024."). "summer 2023" is the summer term.
  A term without a year ("the autumn term") is the most recent one that has started, or the coming one when the
  clause signals the future. "this term" is the term that started most recently (the summer holidays count as the
  summer term), "last term" the one before it, "next term" the one after it. "last autumn" is the most recent
  autumn term before the current term, "next spring" the first spring term still to start, "this summer" the
  summer term of today's calendar year. A half term "autumn 1" is the term's start; "autumn 2" (whose start is not
  a rule value) is an error asking for the month.
- Academic years start on `academic_year_start`: "2023/24", "2023-24", "the 2023/24 academic year" and "academic
  year 2023 to 2024" are 2023-09 at month precision, stated. A year-dash-two-digits pair is an academic year when
  the second number is the next year ("2011-12"), else an ISO month when it is 01-12 ("2024-09").
- "last year", "this year", "two years ago" are year precision; "last month", "3 months ago" are month precision.
  Expressions that are durations or qualified ("the last year", "over a year ago", "18 months") are not dates.
- A bare abbreviation ("Jan", also a name) or "may" (also a verb) is a month inside a sentence only next to a year,
  a day, "last/this/next" or a preposition ("since Jan", "in may"); as the whole answer ("sept") it is accepted by
  `parse_date_answer`.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property, lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.util import compile_infix_regex

from rules_engine.dates import MAX_YEAR, MIN_YEAR, PartialDate, add_months, long_date
from rules_engine.parameters import Law
from rules_engine.rules_data import RULEBOOK
from senco_nlu.encodable import encodable

__all__ = ["DateMatch", "find_dates", "parse_date_answer"]


@dataclass(frozen=True)
class DateMatch:
    """One date expression found in a message.

    `start`/`end` are character offsets into the text and `text` is `text[start:end]`. Exactly one of `value` and
    `error` is set: `value` at the precision the person actually gave, or `error` in plain English when the
    expression is a date that cannot be used (an impossible day, a month 13, a half term we cannot place).
    `assumption` says, in plain English, how an expression that needed interpreting was read, so the assistant can
    repeat it and the person can correct it.
    """

    start: int
    end: int
    text: str
    value: PartialDate | None
    error: str | None = None
    assumption: str | None = None


# ---------------------------------------------------------------------------------------------------------------
# Vocabulary. English names are spelled out here: `calendar.month_name` follows the process locale.
# ---------------------------------------------------------------------------------------------------------------

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_FULL = {name.lower(): number for number, name in enumerate(MONTH_NAMES, start=1)}
_ABBR_NORM = {number: f"{name[:3].lower()}." for number, name in enumerate(MONTH_NAMES, start=1)}
_ABBREVIATIONS = {"sept": 9} | {name[:3].lower(): number for number, name in enumerate(MONTH_NAMES, start=1)}
# Longer prefixes ("septem", "janua") of the long names only: "marc" (a name) and "juli" are not months.
_ABBREVIATIONS |= {
    name[:length]: number for name, number in _FULL.items() if len(name) >= 6 for length in range(4, len(name))
}
del _ABBREVIATIONS["may"]  # "may" is a full name, kept out of the bare-month pattern below
_FUZZY_TARGETS = tuple(name for name in _FULL if len(name) >= 6)  # typos only for long names: "june"~"tune"
_MONTH_OF_NORM = dict(_FULL) | {norm: number for number, norm in _ABBR_NORM.items()}
_BARE_MONTH_NORMS = sorted(name for name in _FULL if name != "may")  # "I may start" is not May
_MONTH_NORMS = sorted(_MONTH_OF_NORM)

_TERM_SPELLINGS = {
    "autumn": "autumn", "autum": "autumn", "autmn": "autumn", "atumn": "autumn", "autunm": "autumn",
    "autumm": "autumn", "autuum": "autumn",
    "spring": "spring", "sprng": "spring", "spirng": "spring", "sprnig": "spring",
    "summer": "summer", "sumer": "summer", "summmer": "summer", "sumemr": "summer", "summr": "summer",
}  # fmt: skip
_ACADEMIC_SPELLINGS = {"academic", "acadmic", "acedemic", "accademic", "academc", "acadamic", "acadeimc"}
_APOSTROPHES = {"'", "’", "‘", "`"}  # curly quotes are what phones type
_ORDINALS = ["st", "nd", "rd", "th"]
_RELATIVE = {"last": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty": 20,
}  # fmt: skip
_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30}
_MONTH_ANCHORS = [
    "in", "since", "from", "during", "until", "till", "til", "by", "before", "after", "around", "about", "early",
    "late", "mid", "of", "end", "start", "beginning", "middle", "on", "for", "at",
]  # fmt: skip
# A relative expression after one of these is a duration or a description, not a date ("over the last year",
# "my last term").
_DETERMINERS = {"the", "my", "your", "his", "her", "our", "their", "its", "a", "an", "that", "each", "every"}
_QUALIFIERS = {"over", "than", "nearly", "almost", "under", "within"}  # "over a year ago" is not a date
_DAY_BLOCKERS = {"year", "years", "yr", "yrs", "y", "ks", "stage", "room", "group", "set", "class", "no", "number"}
_YEAR_BLOCKERS = {"£", "$", "€", "#", "room", "no", "no.", "number", "ext", "tel", "page", "code", "ref", "id", "x"}
_HOLIDAY_WORDS = {"holiday", "holidays", "hols", "break", "half", "half-term", "halfterm", "vacation", "fair", "fete"}
_COUNT_NOUNS = {
    "pupil", "pupils", "student", "students", "child", "children", "kids", "staff", "people", "teacher", "teachers",
    "senco", "sencos", "sendco", "sendcos", "pound", "pounds", "quid", "k", "hours", "hrs", "words", "miles",
    "members", "places", "schools", "families", "parents", "classes", "days", "weeks", "months", "years", "minutes",
    "mins", "times", "percent", "%", "pence", "p", "per", "x", "ehcps", "plans", "ehcp",
}  # fmt: skip
_NOT_PLURALS = {
    "was", "has", "is", "his", "its", "as", "us", "this", "thus", "plus", "yes", "does", "always", "perhaps",
    "unless", "besides", "towards", "afterwards", "onwards", "whereas", "thanks", "cheers", "ours", "yours",
    "hers", "theirs", "becomes", "starts", "begins", "across", "nevertheless", "less", "process",
}  # fmt: skip
_CLAUSE_BREAK_WORDS = {"and", "but", "then", "while", "whilst", "although", "though", "so", "because", "however"}
_FUTURE_CUES = {
    "will", "'ll", "ll", "shall", "going", "gonna", "start", "starts", "starting", "begin", "begins", "beginning",
    "commence", "commences", "commencing", "plan", "plans", "planning", "intend", "intends", "intending", "hope",
    "hoping", "due", "upcoming",
}  # fmt: skip
_NOUN_CUES = {"start", "beginning", "begin"}  # "at the start of January" is not a future cue
_PAST_CUES = {
    "since", "started", "began", "begun", "became", "joined", "was", "were", "been", "did", "got", "took", "had",
    "appointed", "finished", "completed", "went", "moved", "qualified", "passed", "gained", "enrolled", "ago",
}  # fmt: skip
# Lower-case "may"/"march" ending a match count as months only before one of these (or punctuation, or nothing).
_AFTER_MONTH_WORDS = {
    "and", "but", "or", "i", "we", "when", "as", "so", "then", "after", "before", "until", "till", "of", "last",
    "this", "next", "for", "at", "in", "on", "with", "the", "my", "our", "year", "onwards", "time", "half",
}  # fmt: skip
_ANSWER_FILLERS = {"in", "since", "from", "around", "about", "roughly", "approx", "approximately", "it", "was"}

# Extra tokenizer infixes: split digits from letters and from date separators, so "6/1/25", "6th", "Sept'23",
# "jan24" and "2023/24" become separate tokens the patterns can see. "3.30pm" becomes 3 . 30 pm: no pattern has
# two numbers around one separator, so times stay unmatched.
_INFIXES = (
    r"(?<=[0-9])[/.\-–—](?=[0-9])",  # en and em dashes are typed in year ranges
    r"(?<=[0-9])(?=[A-Za-z])",
    r"(?<=[A-Za-z])(?=[0-9])",
    r"(?<=[0-9])-(?=[A-Za-z])",
    r"(?<=[A-Za-z])[-'’‘/](?=[0-9])",
)


def _osa_distance(a: str, b: str) -> int:
    """Edit distance counting an adjacent swap as one edit ("feburary" is one edit from "february")."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[i - 2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def _common_letters(a: str, b: str) -> int:
    """Length of the longest common subsequence: a typo keeps nearly all of the name's letters in order."""
    previous = [0] * (len(b) + 1)
    for letter in a:
        current = [0]
        for j, other in enumerate(b, start=1):
            current.append(previous[j - 1] + 1 if letter == other else max(previous[j], current[j - 1]))
        previous = current
    return previous[-1]


@lru_cache(maxsize=8192)
def _norm_of(lower: str) -> str | None:
    """The NORM the patterns match on for one lower-cased token, or None to keep spaCy's own.

    Full month names and their typos normalise to the name ("september"); abbreviations to "sep." style, because a
    bare abbreviation ("Jan", a person's name too) is only a month next to a year, a day or a preposition.
    Typos are accepted only for long names, within one edit (two for names of eight letters or more), with the
    right first letter and all but one of the name's letters in order, so ordinary words ("deceiver") are not
    taken for months.
    """
    if lower in _APOSTROPHES:
        return "'"
    word = lower[:-1] if lower.endswith(".") and len(lower) > 1 else lower
    if not word.isalpha():
        return None
    if word in _FULL:
        return word
    if word in _ABBREVIATIONS:
        return _ABBR_NORM[_ABBREVIATIONS[word]]
    if word in _TERM_SPELLINGS:
        return _TERM_SPELLINGS[word]
    if word in _ACADEMIC_SPELLINGS:
        return "academic"
    if len(word) >= 5:
        for name in _FUZZY_TARGETS:
            allowed = 1 if len(name) <= 7 else 2
            if (
                word[0] == name[0]
                and abs(len(word) - len(name)) <= allowed
                and _osa_distance(word, name) <= allowed
                and _common_letters(word, name) >= len(name) - 1
            ):
                return name
    return None


# ---------------------------------------------------------------------------------------------------------------
# Patterns. Each key is a kind with its own resolver below; the Matcher finds every candidate, overlapping ones
# included, and the longest resolvable candidates win.
# ---------------------------------------------------------------------------------------------------------------

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
    ordinal = {"LOWER": {"IN": _ORDINALS}}
    opt_ordinal = ordinal | {"OP": "?"}
    opt_of = {"LOWER": "of", "OP": "?"}
    opt_the = {"LOWER": "the", "OP": "?"}
    apostrophe = {"NORM": "'"}
    opt_apostrophe = apostrophe | {"OP": "?"}
    month = {"NORM": {"IN": _MONTH_NORMS}}
    bare_month = {"NORM": {"IN": _BARE_MONTH_NORMS}}
    relative = {"LOWER": {"IN": sorted(_RELATIVE)}}
    term = {"NORM": {"IN": ["autumn", "spring", "summer"]}}
    term_word = {"LOWER": {"IN": ["term", "terms"]}}
    opt_term_word = term_word | {"OP": "?"}
    academic = {"NORM": {"IN": ["academic", "school"]}}
    year_word = {"LOWER": "year"}
    of = {"LOWER": "of"}
    ordinal_word = {"LOWER": {"IN": sorted(_ORDINAL_WORDS)}}
    tens = {"LOWER": {"IN": sorted(_TENS)}}
    unit_ordinal = {"LOWER": {"IN": [word for word, value in _ORDINAL_WORDS.items() if value < 10]}}
    opt_hyphen = {"ORTH": "-", "OP": "?"}
    count = {"LOWER": {"IN": sorted(_NUMBER_WORDS)}}
    count_digits = {"SHAPE": {"IN": ["d", "dd", "ddd"]}, "IS_ASCII": True}
    unit = {"LOWER": {"IN": ["month", "months", "year", "years", "yr", "yrs"]}}
    ago = {"LOWER": "ago"}
    return {
        "numeric": [[day, num_sep, day, num_sep, year]],
        "numeric_my": [[day, num_sep, digits4]],  # "09/2009"
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
        "anchored_month": [[{"LOWER": {"IN": _MONTH_ANCHORS}}, {"ORTH": "-", "OP": "?"}, month]],
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


_PATTERNS = _build_patterns()
_KIND_ORDER = {kind: index for index, kind in enumerate(_PATTERNS)}
_RELATIVE_KINDS = {"rel_month", "rel_year", "rel_month_word", "rel_term", "term_rel", "ay_rel"}
_TERM_KINDS = {"term_year", "term_ay", "term_half", "term_bare", "term_rel", "rel_term"}
_ENDS_IN_NUMBER = {
    "year", "apos_year", "my", "term_year", "dmy", "mdy", "word_dmy", "numeric", "numeric_my", "iso", "year_pair",
}  # fmt: skip


class _Finder:
    """The spaCy objects, built once: a blank English pipeline with the date infixes, and the Matcher."""

    def __init__(self) -> None:
        self.nlp: Language = spacy.blank("en")
        infixes = list(self.nlp.Defaults.infixes or []) + list(_INFIXES)
        self.nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
        self.matcher = Matcher(self.nlp.vocab)
        for kind, patterns in _PATTERNS.items():
            self.matcher.add(kind, patterns)
        self.kinds = {self.nlp.vocab.strings[kind]: kind for kind in _PATTERNS}

    def doc(self, text: str) -> Doc:
        doc = self.nlp.make_doc(encodable(text))
        for token in doc:
            norm = _norm_of(token.lower_)
            if norm is not None:
                token.norm_ = norm
        return doc

    def candidates(self, doc: Doc) -> Iterable[tuple[str, Span]]:
        for match_id, start, end in self.matcher(doc):
            yield self.kinds[match_id], doc[start:end]


@lru_cache(maxsize=1)
def _finder() -> _Finder:
    """Lazily built singleton: building the pipeline takes about a second, parsing a message well under 1 ms."""
    return _Finder()


# ---------------------------------------------------------------------------------------------------------------
# Resolution
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Reading:
    value: PartialDate | None = None
    error: str | None = None
    assumption: str | None = None


def _reported_end(span: Span) -> int:
    """End offset, leaving a sentence's full stop out of an abbreviation token ("... in Jan.")."""
    end = span.end_char
    last = span[-1]
    if last.text.endswith(".") and len(last.text) > 1 and _month_of(last) is not None:
        after = span.doc.text[end : end + 1]
        if after in ("", " ", "\n"):
            end -= 1
    return end


def _label(span: Span) -> str:
    """The text reported for a span (what assumptions and errors quote)."""
    return span.doc.text[span.start_char : _reported_end(span)]


def _month_name(month: int) -> str:
    return MONTH_NAMES[month - 1]


def _month_of(token: Token) -> int | None:
    return _MONTH_OF_NORM.get(token.norm_)


def _expand_year(digits: str, today: date) -> int:
    """A four-digit year as is; two digits are 20yy unless that is over 5 years after today's year, then 19yy."""
    if len(digits) == 4:
        return int(digits)
    year = 2000 + int(digits)
    return year - 100 if year > today.year + 5 else year


def _tight(tokens: Iterable[Token]) -> bool:
    """True when no token but the last is followed by whitespace ("6/1/25", not "6 / 1 / 25")."""
    items = list(tokens)
    return not any(token.whitespace_ for token in items[:-1])


def _is_count_noun(token: Token) -> bool:
    """A word after a number that makes it a quantity ("2000 pupils", "September 12 teachers")."""
    word = token.lower_
    if word in _COUNT_NOUNS:
        return True
    return (
        token.is_alpha
        and token.is_lower
        and len(word) > 3
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is"))
        and word not in _NOT_PLURALS
    )


class _Context:
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
                    or token.lower_ in _CLAUSE_BREAK_WORDS
                    or (len(token.text) > 1 and token.text.endswith("."))  # "in Jan. I will start..."
                ):
                    break
                words.append(token)
                index += step
        return words

    def future(self, span: Span) -> bool:
        """Whether the clause around `span` speaks of the future, with no past-tense cue."""
        words = self._clause_words(span)
        if any(token.lower_ in _PAST_CUES for token in words):
            return False
        for token in words:
            if token.lower_ not in _FUTURE_CUES:
                continue
            previous = self.doc[token.i - 1].lower_ if token.i > 0 else ""
            if token.lower_ in _NOUN_CUES and previous in {"the", "a", "this", "that", "its"}:
                continue
            return True
        return False

    # --- exact days ----------------------------------------------------------------------------------------------

    def exact_day(self, text: str, year: int, month: int, day: int, day_first: bool) -> _Reading:
        """A date given to the day, checked: never rolled over, never guessed."""
        if not MIN_YEAR <= year <= MAX_YEAR:
            return _Reading(error=f"{text} isn't a date I can use: the year {year} is outside {MIN_YEAR}-{MAX_YEAR}.")
        if not 1 <= month <= 12:
            message = f"{text} isn't a real date: there is no month {month}."
            if day_first and 1 <= day <= 12 and 13 <= month <= 31:
                message += f" I read dates day first (day/month/year): did you mean {month} {_month_name(day)} {year}?"
            return _Reading(error=message)
        name = _month_name(month)
        if day < 1:
            return _Reading(error=f"{text} isn't a real date: there is no day {day}.")
        last = calendar.monthrange(year, month)[1]
        if day > last:
            leap = f" ({year} isn't a leap year)" if month == 2 and day == 29 else ""
            return _Reading(error=f"{day} {name} {year} isn't a real date: {name} {year} has {last} days{leap}.")
        note = None
        if day_first and day <= 12 and month <= 12 and day != month:
            note = f"I've taken '{text}' as {day} {name} {year} (day first)."
        return _Reading(PartialDate(year, month, day), assumption=note)

    def day_without_year(self, span: Span, day: int, month: int) -> _Reading:
        """A day and month without a year: the most recent not in the future, or after a future cue the next."""
        name = _month_name(month)
        longest = 29 if month == 2 else calendar.monthrange(2001, month)[1]
        if not 1 <= day <= longest:
            reason = "February never has more than 29 days" if month == 2 else f"{name} has {longest} days"
            return _Reading(error=f"{day} {name} isn't a real date: {reason}.")
        future = self.future(span)
        step = 1 if future else -1
        year = self.today.year
        for _ in range(9):  # 29 February recurs within 8 years
            if day <= calendar.monthrange(year, month)[1]:
                candidate = date(year, month, day)
                if (candidate >= self.today) if future else (candidate <= self.today):
                    break
            year += step
        return _Reading(
            PartialDate(year, month, day), assumption=f"I've taken '{_label(span)}' as {day} {name} {year}."
        )

    # --- months ------------------------------------------------------------------------------------------------

    def month_without_year(self, span: Span, month: int) -> _Reading:
        """A month without a year: the most recent, this month counting, or after a future cue the first not past."""
        name = _month_name(month)
        today = self.today
        if self.future(span):
            year = today.year if month >= today.month else today.year + 1
            return _Reading(
                PartialDate(year, month), assumption=f"I've taken '{_label(span)}' as {name} {year}, the next {name}."
            )
        year = today.year if month <= today.month else today.year - 1
        note = f"I've taken '{_label(span)}' as {name} {year}, the most recent {name}."
        return _Reading(PartialDate(year, month), assumption=note)

    # --- terms and academic years ---------------------------------------------------------------------------------

    def term_start(self, name: str, year: int) -> date:
        start = self.law.term_starts[name]
        return date(year, start["month"], start["day"])

    def term_starts_around(self) -> list[tuple[date, str]]:
        years = range(self.today.year - 2, self.today.year + 3)
        return sorted((self.term_start(name, year), name) for year in years for name in self.law.term_starts)

    def term_reading(self, text: str, start: date, name: str, explicit: bool) -> _Reading:
        if explicit:
            note = f"I've taken '{text}' as starting {long_date(start)}."
        else:
            note = f"I've taken '{text}' as the {name} term {start.year}, starting {long_date(start)}."
        return _Reading(PartialDate(start.year, start.month), assumption=note)

    def term_year_of(self, name: str, academic_start_year: int) -> int:
        """The calendar year of a term in the academic year starting in `academic_start_year`."""
        months = self.law.academic_year_start
        start = self.law.term_starts[name]
        return (
            academic_start_year
            if (start["month"], start["day"]) >= (months["month"], months["day"])
            else (academic_start_year + 1)
        )

    def academic_year(self, text: str, first_year: int, relative: bool = False) -> _Reading:
        start_of = self.law.academic_year_start
        start = date(first_year, start_of["month"], start_of["day"])
        if relative:
            label = f"{first_year}/{(first_year + 1) % 100:02d}"
            note = f"I've taken '{text}' as the {label} academic year, starting {long_date(start)}."
        else:
            note = f"I've taken '{text}' as starting {long_date(start)}."
        return _Reading(PartialDate(start.year, start.month), assumption=note)

    def current_academic_year(self) -> int:
        start = self.law.academic_year_start
        today = self.today
        return today.year if (today.month, today.day) >= (start["month"], start["day"]) else today.year - 1


def _digits(span: Span) -> list[Token]:
    return [token for token in span if token.is_digit]


def _first_month(span: Span) -> int:
    return next(m for m in (_month_of(token) for token in span) if m is not None)


def _apostrophe_ok(span: Span, year_token: Token) -> bool | None:
    """None when the year has no apostrophe; else whether it is written as one ("'23", not "' 23" or "'2023")."""
    if year_token.i == 0 or year_token.i - 1 < span.start or span.doc[year_token.i - 1].norm_ != "'":
        return None
    return not span.doc[year_token.i - 1].whitespace_ and len(year_token.text) == 2


def _ordinal_ok(span: Span) -> bool:
    """An ordinal suffix must touch its number ("6th", not "6 th")."""
    return all(
        not span.doc[token.i - 1].whitespace_ and span.doc[token.i - 1].is_digit
        for token in span
        if token.lower_ in _ORDINALS and token.i > 0
    )


def _resolve_numeric(ctx: _Context, span: Span) -> _Reading | None:
    day, sep1, month, sep2, year = span
    if not _tight(span) or sep1.text != sep2.text:
        return None
    return ctx.exact_day(_label(span), _expand_year(year.text, ctx.today), int(month.text), int(day.text), True)


def _resolve_iso(ctx: _Context, span: Span) -> _Reading | None:
    year, sep1, month, sep2, day = span
    if not _tight(span) or sep1.text != sep2.text:
        return None
    return ctx.exact_day(_label(span), int(year.text), int(month.text), int(day.text), False)


def _resolve_year_pair(ctx: _Context, span: Span) -> _Reading | None:
    first, sep, second = span
    if not _tight(span):
        return None
    year, number = int(first.text), int(second.text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    if number == (year + 1 if len(second.text) == 4 else (year + 1) % 100):
        return ctx.academic_year(_label(span), year)
    if sep.text == "-" and len(second.text) == 2 and 1 <= number <= 12:
        return _Reading(PartialDate(year, number))  # ISO "2024-09"
    return None


def _day_and_month(span: Span) -> tuple[int, int] | None:
    """The day (in digits, or in words: "twenty-first") and month of a span that names both."""
    if not _ordinal_ok(span):
        return None
    in_words = sum(_ORDINAL_WORDS.get(token.lower_, 0) + _TENS.get(token.lower_, 0) for token in span)
    day = in_words or int(_digits(span)[0].text)  # in digits the day always comes before any year
    return day, _first_month(span)


def _resolve_numeric_my(ctx: _Context, span: Span) -> _Reading | None:
    """Month/year in numbers ("09/2009"); anything but months 1-12 is not taken for a date."""
    month, _, year = span
    number = int(month.text)
    if not _tight(span) or not 1 <= number <= 12 or not MIN_YEAR <= int(year.text) <= MAX_YEAR:
        return None
    return _Reading(PartialDate(int(year.text), number))


def _resolve_dmy(ctx: _Context, span: Span) -> _Reading | None:
    parts = _day_and_month(span)
    year_token = _digits(span)[-1]
    if parts is None or _apostrophe_ok(span, year_token) is False:
        return None
    day, month = parts
    return ctx.exact_day(_label(span), _expand_year(year_token.text, ctx.today), month, day, False)


def _resolve_dm(ctx: _Context, span: Span) -> _Reading | None:
    parts = _day_and_month(span)
    return None if parts is None else ctx.day_without_year(span, *parts)


def _resolve_my(ctx: _Context, span: Span) -> _Reading | None:
    month = _first_month(span)
    year_token = _digits(span)[-1]
    apostrophe = _apostrophe_ok(span, year_token)
    if apostrophe is False:
        return None
    name = _month_name(month)
    if len(year_token.text) == 4:
        year = int(year_token.text)
        if not MIN_YEAR <= year <= MAX_YEAR:
            return _Reading(
                error=f"{_label(span)} isn't a date I can use: the year {year} is outside {MIN_YEAR}-{MAX_YEAR}."
            )
        return _Reading(PartialDate(year, month))
    year = _expand_year(year_token.text, ctx.today)
    if apostrophe:
        return _Reading(PartialDate(year, month))
    number = int(year_token.text)
    if number == 0 or number > 31 or year <= ctx.today.year + 1:
        return _Reading(PartialDate(year, month), assumption=f"I've taken '{_label(span)}' as {name} {year}.")
    return ctx.day_without_year(span, number, month)


def _resolve_month_rel_year(ctx: _Context, span: Span) -> _Reading:
    month = _first_month(span)
    year = ctx.today.year + _RELATIVE[span[-2].lower_]
    return _Reading(PartialDate(year, month), assumption=f"I've taken '{_label(span)}' as {_month_name(month)} {year}.")


def _resolve_rel_month(ctx: _Context, span: Span) -> _Reading:
    month, shift, today = _first_month(span), _RELATIVE[span[0].lower_], ctx.today
    if shift < 0:
        year = today.year if month < today.month else today.year - 1
    elif shift > 0:
        year = today.year if month > today.month else today.year + 1
    else:
        year = today.year
    return _Reading(PartialDate(year, month), assumption=f"I've taken '{_label(span)}' as {_month_name(month)} {year}.")


def _resolve_month(ctx: _Context, span: Span) -> _Reading:
    return ctx.month_without_year(span, _first_month(span))


def _resolve_year(ctx: _Context, span: Span) -> _Reading | None:
    year = int(span[-1].text)
    return _Reading(PartialDate(year)) if MIN_YEAR <= year <= MAX_YEAR else None


def _resolve_apos_year(ctx: _Context, span: Span) -> _Reading | None:
    if not _apostrophe_ok(span, span[-1]):
        return None
    return _Reading(PartialDate(_expand_year(span[-1].text, ctx.today)))


def _resolve_rel_year(ctx: _Context, span: Span) -> _Reading:
    year = ctx.today.year + _RELATIVE[span[0].lower_]
    return _Reading(PartialDate(year), assumption=f"I've taken '{_label(span)}' as {year}.")


def _resolve_year_before_last(ctx: _Context, span: Span) -> _Reading:
    year = ctx.today.year - 2
    return _Reading(PartialDate(year), assumption=f"I've taken '{_label(span)}' as {year}.")


def _resolve_ago(ctx: _Context, span: Span) -> _Reading | None:
    amount_token, unit = span[0], span[1].lower_
    amount = int(amount_token.text) if amount_token.is_digit else _NUMBER_WORDS[amount_token.lower_]
    if amount_token.lower_ in ("a", "an") and unit.endswith("s"):
        return None  # "a years ago" is not English enough to trust
    if unit.startswith("y"):
        year = ctx.today.year - amount
        if year < MIN_YEAR:
            return None
        return _Reading(PartialDate(year), assumption=f"I've taken '{_label(span)}' as {year}.")
    if amount > 12 * 100:
        return None
    then = add_months(ctx.today, -amount)
    note = f"I've taken '{_label(span)}' as {_month_name(then.month)} {then.year}."
    return _Reading(PartialDate(then.year, then.month), assumption=note)


def _resolve_rel_month_word(ctx: _Context, span: Span) -> _Reading:
    then = add_months(ctx.today, _RELATIVE[span[0].lower_])
    note = f"I've taken '{_label(span)}' as {_month_name(then.month)} {then.year}."
    return _Reading(PartialDate(then.year, then.month), assumption=note)


def _resolve_rel_term(ctx: _Context, span: Span) -> _Reading:
    """The term that started most recently ("this term"), or the one before or after it ("last"/"next")."""
    terms = ctx.term_starts_around()
    current = max(index for index, (start, _) in enumerate(terms) if start <= ctx.today)
    start, name = terms[current + _RELATIVE[span[0].lower_]]
    return ctx.term_reading(_label(span), start, name, explicit=False)


def _term_name(span: Span) -> str:
    return next(token.norm_ for token in span if token.norm_ in ("autumn", "spring", "summer"))


def _resolve_term_year(ctx: _Context, span: Span) -> _Reading | None:
    year_token = _digits(span)[-1]
    if _apostrophe_ok(span, year_token) is False:
        return None
    year = _expand_year(year_token.text, ctx.today)
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    return ctx.term_reading(_label(span), ctx.term_start(_term_name(span), year), _term_name(span), explicit=True)


def _resolve_term_ay(ctx: _Context, span: Span) -> _Reading | None:
    first, _, second = span[-3:]
    if not _tight(span[-3:]):
        return None
    year, number = int(first.text), int(second.text)
    if number != (year + 1 if len(second.text) == 4 else (year + 1) % 100) or not MIN_YEAR <= year < MAX_YEAR:
        return None
    name = _term_name(span)
    return ctx.term_reading(_label(span), ctx.term_start(name, ctx.term_year_of(name, year)), name, explicit=True)


def _resolve_term_half(ctx: _Context, span: Span) -> _Reading | None:
    half = next(token for token in span if token.text in ("1", "2"))
    if half.text == "2":
        return _Reading(error=f"I can't tell which month '{_label(span)}' starts in: which month was it?")
    if span[-1].i == half.i:
        return _resolve_term_bare(ctx, span)
    return _resolve_term_year(ctx, span)


def _resolve_term_bare(ctx: _Context, span: Span) -> _Reading:
    name = _term_name(span)
    starts = [start for start, term in ctx.term_starts_around() if term == name]
    future = ctx.future(span)
    start = min(s for s in starts if s >= ctx.today) if future else max(s for s in starts if s <= ctx.today)
    return ctx.term_reading(_label(span), start, name, explicit=False)


def _resolve_term_rel(ctx: _Context, span: Span) -> _Reading:
    name, shift = _term_name(span), _RELATIVE[span[0].lower_]
    terms = ctx.term_starts_around()
    if shift == 0:
        start = ctx.term_start(name, ctx.today.year)
    elif shift > 0:
        start = min(s for s, term in terms if term == name and s > ctx.today)
    else:
        current = max(s for s, _ in terms if s <= ctx.today)
        start = max(s for s, term in terms if term == name and s < current)
    return ctx.term_reading(_label(span), start, name, explicit=False)


def _resolve_ay(ctx: _Context, span: Span) -> _Reading | None:
    numbers = [token for token in span if token.is_digit]
    first, second = numbers[0], numbers[1]
    year, number = int(first.text), int(second.text)
    if number != (year + 1 if len(second.text) == 4 else (year + 1) % 100) or not MIN_YEAR <= year < MAX_YEAR:
        return None
    return ctx.academic_year(_label(span), year)


def _resolve_ay_rel(ctx: _Context, span: Span) -> _Reading:
    return ctx.academic_year(_label(span), ctx.current_academic_year() + _RELATIVE[span[0].lower_], relative=True)


_RESOLVERS: dict[str, Callable[[_Context, Span], _Reading | None]] = {
    "numeric": _resolve_numeric,
    "numeric_my": _resolve_numeric_my,
    "iso": _resolve_iso,
    "year_pair": _resolve_year_pair,
    "dmy": _resolve_dmy,
    "mdy": _resolve_dmy,
    "dm": _resolve_dm,
    "word_dmy": _resolve_dmy,
    "word_dm": _resolve_dm,
    "md": _resolve_dm,
    "my": _resolve_my,
    "month_rel_year": _resolve_month_rel_year,
    "rel_month": _resolve_rel_month,
    "month": _resolve_month,
    "anchored_month": _resolve_month,
    "year": _resolve_year,
    "apos_year": _resolve_apos_year,
    "rel_year": _resolve_rel_year,
    "year_before_last": _resolve_year_before_last,
    "ago": _resolve_ago,
    "rel_month_word": _resolve_rel_month_word,
    "rel_term": _resolve_rel_term,
    "term_year": _resolve_term_year,
    "term_ay": _resolve_term_ay,
    "term_half": _resolve_term_half,
    "term_bare": _resolve_term_bare,
    "term_rel": _resolve_term_rel,
    "ay": _resolve_ay,
    "ay_after": _resolve_ay,
    "ay_rel": _resolve_ay_rel,
}
assert set(_RESOLVERS) == set(_PATTERNS), "every pattern kind needs a resolver"


# ---------------------------------------------------------------------------------------------------------------
# Candidate filters: what makes a pattern match not a date after all.
# ---------------------------------------------------------------------------------------------------------------

_PHONE_CHARS = frozenset("0123456789 +()-")


def _embedded_in_number(text: str, start: int, end: int) -> bool:
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


def _trimmed(kind: str, span: Span) -> Span:
    """The date words of a match: "in Jan" is reported as "Jan" (the cue word stays outside, for date_roles)."""
    if kind == "anchored_month":
        first = next(token.i for token in span if _month_of(token) is not None)
        return span.doc[first : span.end]
    return span


def _plausible(kind: str, span: Span) -> bool:
    doc = span.doc
    previous = doc[span.start - 1] if span.start > 0 else None
    following = doc[span.end] if span.end < len(doc) else None
    before = previous.lower_ if previous is not None else ""
    if kind in _RELATIVE_KINDS and before in _DETERMINERS and _RELATIVE[span[0].lower_] != 0:
        return False
    if kind in ("rel_year", "ay_rel") and following is not None and following.is_digit and len(following) <= 2:
        return False  # "this year 6 class"
    if kind == "ago" and before in _QUALIFIERS:
        return False
    if kind in ("dmy", "dm") and before in _DAY_BLOCKERS:
        return False  # "Year 6 September 2024"
    if kind in _ENDS_IN_NUMBER and following is not None and _is_count_noun(following):
        return False  # "2000 pupils", "September 12 teachers"
    if kind in ("year", "apos_year") and before in _YEAR_BLOCKERS:
        return False
    if kind in _TERM_KINDS and following is not None and following.lower_ in _HOLIDAY_WORDS:
        return False  # "the summer holidays" are not the summer term
    if kind == "month" and span[0].text == "march":
        return False  # "we march on"; "in march", "march 2021" and a bare answer "march" still count
    last = span[-1]
    if last.text in ("may", "march") and following is not None and following.is_alpha:
        return following.lower_ in _AFTER_MONTH_WORDS  # "this may be", "we march on" are not months
    return True


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
    finder = _finder()
    doc = finder.doc(text)
    ctx = _Context(doc, today)
    found: list[tuple[int, int, int, DateMatch]] = []
    seen: set[tuple[int, int, str]] = set()
    for kind, matched in finder.candidates(doc):
        span = _trimmed(kind, matched)
        key = (span.start, span.end, kind)
        if key in seen or not _plausible(kind, span):
            continue
        seen.add(key)
        start, end = span.start_char, _reported_end(span)
        if _embedded_in_number(text, start, span.end_char):
            continue
        reading = _RESOLVERS[kind](ctx, span)
        if reading is None or (reading.value is not None and not MIN_YEAR <= reading.value.year <= MAX_YEAR):
            continue  # not a date after all, or a relative date outside the years the engine accepts
        match = DateMatch(start, end, text[start:end], reading.value, reading.error, reading.assumption)
        found.append((end - start, start, _KIND_ORDER[kind], match))
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
            return match
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
    finder = _finder()
    doc = finder.doc(text)
    words = [token for token in doc if not (token.is_punct or token.is_space) and token.lower_ not in _ANSWER_FILLERS]
    if len(words) != 1 or _month_of(words[0]) is None:
        return None
    span = doc[words[0].i : words[0].i + 1]
    reading = _Context(doc, today).month_without_year(span, _first_month(span))
    end = _reported_end(span)
    return DateMatch(span.start_char, end, text[span.start_char : end], reading.value, None, reading.assumption)
