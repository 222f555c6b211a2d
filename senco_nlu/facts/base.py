"""What a fact reader returns, and how candidates for one fact are ranked (one place for every reader)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ..reading import Reading

__all__ = ["Ambiguity", "Candidate", "FactMatch", "ambiguity", "best", "fact"]


@dataclass(frozen=True)
class FactMatch:
    """One fact found in a message: a contract key and value, and the evidence (character offsets, text)."""

    key: str
    value: str | bool
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Ambiguity:
    """A fact the message speaks of with readings that disagree (`values`): the assistant asks which is right."""

    key: str
    values: tuple[str | bool, ...]
    start: int
    end: int
    text: str


class Candidate(NamedTuple):
    """A possible value for one key and what ranks it (a higher priority wins, then a later start)."""

    priority: int
    value: str | bool
    start: int
    end: int


def fact(r: Reading, key: str, value: str | bool, start: int, end: int) -> FactMatch:
    first, last = r.chars(start, end)
    return FactMatch(key, value, first, last, r.text[first:last])


def best(r: Reading, key: str, candidates: Sequence[Candidate]) -> FactMatch | None:
    if not candidates:
        return None
    best = max(candidates, key=lambda c: (c.priority, c.start))
    return fact(r, key, best.value, best.start, best.end)


def ambiguity(r: Reading, key: str, values: Sequence[str | bool], start: int, end: int) -> Ambiguity:
    first, last = r.chars(start, end)
    return Ambiguity(key, tuple(dict.fromkeys(values)), first, last, r.text[first:last])
