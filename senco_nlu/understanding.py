"""What one message says, as the assistant will act on it: the facts it states, each with the words it came from,
and the facts it touches but leaves open to more than one reading, which the assistant must ask about.

Why one place: the Rasa component, the corpus scoring and the tests must agree exactly on what a message means.
Precision first: a fact is read only when the text allows one reading. When two readers, two dates or two cues
disagree about one fact, the fact is not read at all; it becomes an `Unclear` with the readings on offer, and
the form asks, offering them as buttons.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .dates import DateMatch, find_dates
from .dates.roles import GENERIC, date_role
from .facts import read_facts
from .lexicon import lexicon
from .reading import Reading

__all__ = ["Choice", "Unclear", "Understanding", "Understood", "understand"]


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
    """A fact the message speaks of with more than one reading: the assistant asks which."""

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

    def value(self, key: str) -> str | bool | None:
        return next((fact.value for fact in self.facts if fact.key == key), None)


def understand(text: str, today: date) -> Understanding:
    """Everything the message says, resolved against `today`."""
    if not text or not text.strip():
        return Understanding((), (), (), ())
    reading = Reading(lexicon(), text)
    facts = [Understood(f.key, f.value, f.start, f.end, f.text) for f in read_facts(reading)]
    invalid, generic = [], []
    for match in find_dates(text, today):
        role = date_role(reading, match.start, match.end)
        if match.value is None:
            invalid.append(match)
        elif role == GENERIC:
            generic.append(match)
        elif role is not None:
            facts.append(Understood(role, match.value.iso(), match.start, match.end, match.text, match.assumption))
    by_key: dict[str, Understood] = {}
    for fact in facts:
        by_key[fact.key] = fact  # the last stated, as Rasa's from_entity mapping would take it
    return Understanding(
        tuple(sorted(by_key.values(), key=lambda f: (f.start, f.key))), (), tuple(invalid), tuple(generic)
    )
