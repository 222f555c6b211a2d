"""What one message says, as the assistant will act on it: the facts it states, each with the words it came from,
and the facts it touches but leaves open to more than one reading, which the assistant must ask about.

Why one place: the Rasa component, the corpus scoring and the tests must agree exactly on what a message means.
Precision first, a fact is read only when the text allows one reading:
- a question in general terms ("do academies need a SENCO?", "if a SENCO was appointed on 29 February...") says
  nothing about the person asking: its sentence gives no fact;
- two readings of one fact that disagree (two dates for the appointment, a setting and another setting) give no
  fact but an `Unclear` listing both, and the form asks, offering them as buttons; readings that agree at
  different precision ("2023" and "September 2023") give the more precise one, and a correction in the message
  ("sept 2024?? no sorry sept 2023") gives the corrected one;
- a date whose words allow two dates ("three years ago this January") is an `Unclear` too.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from rules_engine.dates import PartialDate, parse_partial_date
from rules_engine.facts import DATE_KEYS

from .dates import DateMatch, find_dates
from .dates.roles import GENERIC, date_role
from .dates.tenure import tenure
from .facts import Ambiguity, read_facts
from .lexicon import lexicon
from .reading import Reading

__all__ = ["Choice", "Unclear", "Understanding", "Understood", "understand"]

_CORRECTION = re.compile(r"\b(?:no,? sorry|sorry,? i mean|i mean|actually|correction|no,? wait|or rather|make that)\b")


@dataclass(frozen=True)
class Understood:
    """One fact taken from the message: its contract key and value, the words it came from, and (for a date
    that needed interpreting) how it was read, to be stated back."""

    key: str
    value: str | bool
    start: int
    end: int
    text: str
    note: str | None = None


@dataclass(frozen=True)
class Choice:
    """One reading of an unclear fact: the value it would give, and the words that support it."""

    value: str | bool
    text: str
    note: str | None = None


@dataclass(frozen=True)
class Unclear:
    """A fact the message speaks of with more than one reading (or none it can list): the assistant asks."""

    key: str
    start: int
    end: int
    text: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Understanding:
    facts: tuple[Understood, ...]
    unclear: tuple[Unclear, ...]
    invalid_dates: tuple[DateMatch, ...]
    generic_dates: tuple[DateMatch, ...]
    asked_settings: tuple[str, ...] = ()  # kinds of setting a question names ("do special academies need...?")
    # a question in general terms about SENCOs and their qualification, with no fact about anyone ("do the three
    # years run from the appointment or the first day in the job?"): answered as a question, never a check
    general_question: bool = False

    def value(self, key: str) -> str | bool | None:
        return next((fact.value for fact in self.facts if fact.key == key), None)


def understand(text: str, today: date) -> Understanding:
    """Everything the message says, resolved against `today`."""
    if not text or not text.strip():
        return Understanding((), (), (), ())
    reading = Reading(lexicon(), text)
    facts: list[Understood] = []
    unclear: list[Unclear] = []
    for found in read_facts(reading):
        if isinstance(found, Ambiguity):
            choices = tuple(Choice(value, found.text) for value in found.values)
            unclear.append(Unclear(found.key, found.start, found.end, found.text, choices))
        else:
            facts.append(Understood(found.key, found.value, found.start, found.end, found.text))
    invalid, generic = [], []
    previous: tuple[DateMatch, str] | None = None
    for match in find_dates(text, today):
        role = date_role(reading, match.start, match.end)
        if role == GENERIC and previous is not None and _CORRECTION.search(text[previous[0].end : match.start].lower()):
            role = previous[1]  # "senco since sept 2024?? no sorry sept 2023": the correction is of the same date
        if role not in (None, GENERIC):
            previous = (match, role)
        if match.error is not None:
            invalid.append(match)
        elif role is None:
            continue
        elif role == GENERIC:
            if match.value is not None:
                generic.append(match)
        elif match.unclear:
            choices = tuple(Choice(value.iso(), match.text) for value in match.choices)
            unclear.append(Unclear(role, match.start, match.end, match.text, choices))
        elif match.value is not None:
            facts.append(Understood(role, match.value.iso(), match.start, match.end, match.text, match.assumption))
    for length in tenure(reading, today):  # "been SENCO for 18 months"
        facts.append(
            Understood("appointment_date", length.value.iso(), length.start, length.end, length.text, length.note)
        )
    personal = [f for f in facts if not reading.impersonal(f.start)]
    asked = [u for u in unclear if not reading.impersonal(u.start)]
    if reading.acting_service:  # "acting SENCO for a term, then the permanent job from January": which start?
        for fact in [f for f in personal if f.key == "appointment_date"]:
            personal.remove(fact)
            asked.append(
                Unclear(fact.key, fact.start, fact.end, fact.text, (Choice(fact.value, fact.text, fact.note),))
            )
    kept, more = _settle(text, personal, asked)
    return Understanding(
        tuple(sorted(kept, key=lambda f: (f.start, f.key))),
        tuple(sorted(more, key=lambda u: (u.start, u.key))),
        tuple(invalid),
        tuple(generic),
        _asked_settings(reading),
        not (kept or more or invalid or generic) and _general_question(reading),
    )


@lru_cache(maxsize=64)
def understood(text: str, today: date) -> Understanding:
    """`understand`, remembered for the last messages: the entity reader and the question router read each
    message once between them."""
    return understand(text, today)


def _general_question(reading: Reading) -> bool:
    """Does the message ask, in general terms, about SENCOs or their qualification? One sentence that is a
    question naming nobody ("can an ECT be SENCO?"), in a message that speaks of the subject at all."""
    topic = reading.lex.words["topic_words"]
    if not any(norm in topic for norm in reading.norms):
        return False
    starts = {}
    for k in range(reading.n):
        starts.setdefault(reading.sentence[k], k)
    return any(reading.impersonal(reading.units[k].start) for k in starts.values())


def _asked_settings(reading: Reading) -> tuple[str, ...]:
    """The kinds of setting named in the message, in order, each once: what a question about settings asks about
    ("Do special academies and PRUs need a qualified SENCO?"). Names that fit two settings give both."""
    found: list[str] = []
    for _, term in sorted(reading.terms.items()):
        if term.kind == "setting" and term.value and not term.weak:
            found += [value for value in term.value.split("|") if value not in found]
    return tuple(found)


def _settle(text: str, facts: list[Understood], unclear: list[Unclear]) -> tuple[list[Understood], list[Unclear]]:
    """At most one reading per fact: agreeing readings merge, a correction wins, anything else is asked."""
    kept: list[Understood] = []
    asked = {u.key: u for u in unclear}
    for key in dict.fromkeys(f.key for f in facts):
        readings = sorted((f for f in facts if f.key == key), key=lambda f: f.start)
        if key in asked:
            asked[key] = _with_choices(asked[key], readings)
            continue
        settled = _one_reading(text, key, readings)
        if settled is None:
            first, last = readings[0], readings[-1]
            choices = tuple(Choice(f.value, f.text, f.note) for f in _distinct(readings))
            asked[key] = Unclear(key, first.start, last.end, text[first.start : last.end], choices)
        else:
            kept.append(settled)
    return kept, list(asked.values())


def _one_reading(text: str, key: str, readings: list[Understood]) -> Understood | None:
    if len({str(f.value) for f in readings}) == 1:
        return readings[-1]
    for earlier, later in itertools.pairwise(readings):
        if _CORRECTION.search(text[earlier.end : later.start].lower()):
            return _one_reading(text, key, readings[readings.index(later) :])
    if key in DATE_KEYS:
        return _most_precise(readings)
    return None


def _most_precise(readings: list[Understood]) -> Understood | None:
    """Dates that all contain the most precise one ("2023", "September 2023") are one date, given at its best."""
    dates = [(f, parse_partial_date(str(f.value), f.key)) for f in readings]
    best, value = max(dates, key=lambda pair: _rank(pair[1]))
    if all(other.earliest() <= value.earliest() and value.latest() <= other.latest() for _, other in dates):
        return best
    return None


def _rank(value: PartialDate) -> int:
    return {"year": 0, "month": 1, "day": 2}[value.precision]


def _distinct(readings: Iterable[Understood]) -> list[Understood]:
    seen: dict[str, Understood] = {}
    for f in readings:
        seen.setdefault(str(f.value), f)
    return list(seen.values())


def _with_choices(unclear: Unclear, readings: list[Understood]) -> Unclear:
    """An unclear fact that the message also gives plainly elsewhere: every reading is a choice."""
    known = {str(c.value) for c in unclear.choices}
    extra = tuple(Choice(f.value, f.text, f.note) for f in _distinct(readings) if str(f.value) not in known)
    return Unclear(unclear.key, unclear.start, unclear.end, unclear.text, unclear.choices + extra)
