"""The setting the person works in (the contract's `setting` values), read from the names of kinds of school."""

from __future__ import annotations

from ..reading import Reading
from .base import Candidate, FactMatch, best

__all__ = ["read_setting"]


def read_setting(r: Reading) -> FactMatch | None:
    candidates = []
    not_after = r.lex.words["outside_england_not_after"]
    for i, term in r.terms.items():
        if term.kind != "setting" or term.value is None:
            continue
        if r.hypothetical(i) or r.negated(i) or r.previous(i):
            continue
        if term.value == "outside_england" and any(r.norms[j] in not_after for j in range(max(0, i - 2), i)):
            continue
        candidates.append(Candidate(0 if term.weak else 1, term.value, i, i + 1))
    return best(r, "setting", candidates)
