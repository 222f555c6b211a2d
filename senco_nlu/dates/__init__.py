"""Dates in what teachers type (`find_dates`, `parse_date_answer`): find every date expression in a message and
resolve it at the precision given.

Why this exists: the dates a teacher types decide legal deadlines (reg 49(4): the qualification is due by the third
anniversary of becoming SENCO), so a silently wrong date is the worst possible bug. This module therefore

* never invents a day or month that was not given: "September 2009" stays month precision (the rules engine then
  asks for the day), "2019" stays year precision;
* never rolls an impossible date over: "31/02/2024" is an error naming what is wrong, never 2 March;
* states, in plain English in `DateMatch.assumption`, every interpretation it had to choose;
* matches only what is clearly a date: "Year 6", "KS2", "2 SENCOs", "£1333", "3.30pm", phone numbers and
  durations such as "18 months" are not dates.

Finding reads the shared text layer (`senco_nlu.text`: one blank English spaCy pipeline, tokens normalised by
`vocabulary.norm_of`, so "septmber" and "Sept" are both September) with `spacy.matcher.Matcher` token patterns
(`patterns.py`). Resolving is plain Python (`resolvers.py`, `relative.py`, over `context.py`), relative to the
`today` passed in (the clock is never read). Rule values come from the rules engine (`term_starts`,
`academic_year_start`), never from here.

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

from ..normalise import MONTH_NAMES
from .finder import DateMatch, find_dates, parse_date_answer

__all__ = ["MONTH_NAMES", "DateMatch", "find_dates", "parse_date_answer"]
